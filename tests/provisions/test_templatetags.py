"""The one coverage-level badge and legend (`{% load coverage_levels %}`): symbol, word and
colour class together, the same on every page."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from provisions.levels import LEVEL_MEANINGS, LEVEL_SYMBOLS
from provisions.models import Level
from provisions.templatetags.coverage_levels import level_badge, level_label


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


def test_a_missing_level_is_shown_as_no_coverage_with_the_dash():
    assert level_badge(None) == (
        '<span class="level level-none"><span aria-hidden="true">—</span> No coverage</span>'
    )


def test_an_unknown_level_is_treated_as_no_coverage():
    assert 'class="level level-none"' in level_badge("bans")


def test_a_label_replaces_the_word_but_keeps_the_symbol():
    assert level_badge(None, "does not address it") == (
        '<span class="level level-none"><span aria-hidden="true">—</span> does not address it'
        "</span>"
    )
    assert level_badge("restricts", "Restricts (2)").endswith("◆</span> Restricts (2)</span>")


def test_every_level_of_the_gaps_app_has_a_symbol_and_meaning_of_its_own():
    assert list(LEVEL_SYMBOLS) == [level.value for level in Level]
    assert set(LEVEL_MEANINGS) == set(LEVEL_SYMBOLS)
    assert len(set(LEVEL_SYMBOLS.values())) == len(LEVEL_SYMBOLS)


def test_level_label_filter_names_levels_and_absence():
    assert (level_label("guidance"), level_label(None)) == ("Voluntary guidance", "No coverage")


def test_level_badge_escapes_what_it_is_given():
    rendered = Template("{% load coverage_levels %}{% level_badge level label %}").render(
        Context({"level": '"><script>', "label": "<b>x</b>"})
    )
    assert "<script>" not in rendered and "<b>" not in rendered
    assert "&lt;b&gt;x&lt;/b&gt;" in rendered


def test_legend_lists_every_level_in_order_of_strength_with_its_symbol():
    html = Template("{% load coverage_levels %}{% level_legend %}").render(Context())
    positions = [
        html.index(f'<span aria-hidden="true">{symbol}</span> {word}')
        for symbol, word in (
            ("■", "Prohibits"),
            ("◆", "Restricts"),
            ("○", "Voluntary guidance"),
            ("·", "Indirect"),
            ("—", "No coverage"),
        )
    ]
    assert positions == sorted(positions)
