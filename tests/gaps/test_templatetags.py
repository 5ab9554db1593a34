"""The coverage-level badge (symbol, text and colour class, never colour alone) and the
matrix rows."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from gaps.matrix import CategoryInfo, Cell, Matrix, Row
from gaps.templatetags.matrix_tags import level_badge, level_label, matrix_rows


@pytest.mark.parametrize(
    ("level", "symbol", "text"),
    [
        ("prohibits", "■", "Prohibits"),
        ("restricts", "◆", "Restricts"),
        ("guidance", "○", "Voluntary guidance"),
        ("indirect", "·", "Indirect"),
    ],
)
def test_badge_shows_symbol_and_text_with_the_level_class(level, symbol, text):
    assert level_badge(level) == (
        f'<span class="level level-{level}"><span aria-hidden="true">{symbol}</span> {text}</span>'
    )


def test_badge_for_no_coverage_shows_the_dash_and_says_so():
    assert level_badge(None) == (
        '<span class="level level-none"><span aria-hidden="true">—</span> No coverage</span>'
    )


def test_badge_escapes_a_custom_label():
    assert "&lt;b&gt;" in level_badge(None, "<b>")


def test_badge_treats_an_unknown_level_as_no_coverage():
    assert "level-none" in level_badge("bans")


def test_level_label_filter_names_levels_and_absence():
    assert (level_label("guidance"), level_label(None)) == ("Voluntary guidance", "No coverage")


def test_legend_lists_every_level_in_order_of_strength():
    html = Template("{% load matrix_tags %}{% level_legend %}").render(Context())
    positions = [
        html.index(text)
        for text in ("Prohibits", "Restricts", "Voluntary guidance", "Indirect", "No coverage")
    ]
    assert positions == sorted(positions)


def _matrix_with_one_row(name: str, cells: list) -> Matrix:
    category = CategoryInfo(1, "evil", name, "/gaps/evil/")
    row = Row(category, cells={}, line=cells, strongest="restricts", gap=True)
    return Matrix(scope="in_force", selection=None, groups=[], rows=[row])


def test_matrix_rows_escape_names_and_mark_cells_superseded_or_empty():
    cells = [
        Cell("a", "restricts", 2, "/gaps/evil/a/"),
        Cell("b", "prohibits", 1, "/gaps/evil/b/", counts=False),
        None,
    ]
    html = str(matrix_rows(_matrix_with_one_row("<script>x</script>", cells)))
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert html.startswith('<tr class="gap-row">')
    assert '<td class="cell"><a href="/gaps/evil/a/">' in html
    assert "2 provisions</span>" in html and "1 provision</span>" in html
    assert '<td class="cell superseded"><a href="/gaps/evil/b/">' in html
    assert '<td class="cell empty"><span class="level level-none">' in html
    assert '<a class="gap" href="#why-evil"><strong>Gap</strong>' in html
    assert html.count("<td") == 4  # three cells and the summary
