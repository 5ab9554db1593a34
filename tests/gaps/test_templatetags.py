"""The matrix's tags: rows, what-if boxes, closest provisions, as the loops gave, escaped."""

from __future__ import annotations

from gaps.matrix import CategoryInfo, Cell, Matrix, Row
from gaps.templatetags.matrix_tags import matrix_rows


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
    assert html.startswith('<tr id="row-evil" class="gap-row">')
    # The answer comes right after the category's name, before the cells.
    assert html.index('<td class="summary">') < html.index('<td class="cell')
    assert '<td class="cell"><a href="/gaps/evil/a/">' in html
    assert "2 provisions</span>" in html and "1 provision</span>" in html
    assert '<td class="cell superseded"><a href="/gaps/evil/b/">' in html
    assert '<td class="cell empty"><span class="level level-none">' in html
    assert '<a class="gap" href="#why-evil"><strong>Gap</strong>' in html
    assert html.count("<td") == 4  # three cells and the summary


def test_what_if_boxes_escape_names_and_links_and_tick_the_chosen():
    from types import SimpleNamespace

    from gaps.templatetags.matrix_tags import what_if_items

    evil = SimpleNamespace(slug="evil", short_name="<b>Evil</b>")
    plain = SimpleNamespace(slug="ost", short_name="OST")
    html = str(what_if_items([(evil, True, "/?a=1&b=2"), (plain, False, "/?instruments=ost")]))
    assert "<b>" not in html and "&lt;b&gt;Evil&lt;/b&gt;" in html
    assert 'href="/?a=1&amp;b=2"' in html
    assert 'value="evil" id="what-if-evil" checked>' in html
    assert 'value="ost" id="what-if-ost">' in html
    assert html.count("<div>") == 2


def test_closest_provisions_escape_names_and_sanitise_the_rationale():
    from types import SimpleNamespace

    from gaps.gap_explanations import Closest
    from gaps.templatetags.matrix_tags import closest_items

    item = Closest(
        instrument="evil",
        instrument_name="<i>Evil</i>",
        provision_label="Art. 1",
        provision_url="/instruments/evil/art-1/",
        cell_url="/gaps/wmd/evil/",
        level="restricts",
        rationale="Only *partly*. <script>alert(1)</script>",
    )
    html = str(closest_items(SimpleNamespace(closest=[item, item])))
    assert "<i>" not in html and "&lt;i&gt;Evil&lt;/i&gt;, Art. 1</a>" in html
    assert "<script" not in html and "<em>partly</em>" in html
    assert 'class="level level-restricts"' in html and html.count("<li>") == 2
