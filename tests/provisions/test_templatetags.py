"""The coverage-level badge: symbol, word and colour class together, everywhere."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from provisions.templatetags.coverage_badges import LEVEL_SYMBOLS, level_badge


@pytest.mark.parametrize(
    ("level", "symbol", "word"),
    [
        ("prohibits", "■", "Prohibits"),
        ("restricts", "◆", "Restricts"),
        ("guidance", "○", "Voluntary guidance"),
        ("indirect", "·", "Indirect"),
    ],
)
def test_level_badge_shows_symbol_word_and_class(level, symbol, word):
    assert level_badge(level) == (
        f'<span class="level level-{level}"><span aria-hidden="true">{symbol}</span> {word}</span>'
    )


def test_a_missing_level_is_shown_as_a_gap():
    assert level_badge(None) == (
        '<span class="level level-none"><span aria-hidden="true">—</span> No coverage</span>'
    )


def test_every_level_has_a_symbol_of_its_own():
    from provisions.models import level_choices

    assert set(LEVEL_SYMBOLS) == {value for value, _label in level_choices()}
    assert len(set(LEVEL_SYMBOLS.values())) == len(LEVEL_SYMBOLS)


def test_level_badge_escapes_what_it_is_given():
    rendered = Template("{% load coverage_badges %}{% level_badge level label %}").render(
        Context({"level": '"><script>', "label": "<b>x</b>"})
    )
    assert "<script>" not in rendered and "<b>" not in rendered
    assert "&lt;b&gt;x&lt;/b&gt;" in rendered
