"""The matrix rows tag: the same markup the template loop gave, escaped."""

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
