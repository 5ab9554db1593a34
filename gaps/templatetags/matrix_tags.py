"""The matrix's table rows, built in Python for speed (badges come from coverage_levels)."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from gaps.matrix import Matrix
from provisions.templatetags.coverage_levels import coverage_badge as _coverage_badge
from provisions.templatetags.coverage_levels import level_badge as _level_badge

register = template.Library()


# A matrix shows thousands of badges, all alike: make each one once.
@functools.lru_cache(maxsize=64)
def level_badge(level: str | None, label: str = "") -> SafeString:
    return _level_badge(level, label)


@functools.lru_cache(maxsize=256)
def coverage_badge(level: str | None, evidence: str = "", qualifier: str = "") -> SafeString:
    return _coverage_badge(level, evidence, qualifier)


@register.simple_tag
def matrix_rows(matrix: Matrix) -> SafeString:
    """The matrix's table rows: a category's name, a cell per column, the strongest level.

    The same markup a template loop would give, built in Python: a matrix of hundreds of
    instruments has thousands of cells, and the template engine spends tens of milliseconds
    on them where this spends one or two.
    """
    none_cell = format_html('<td class="cell empty">{}</td>', level_badge(None, "None"))
    rows = []
    for row in matrix.rows:
        cells = [
            format_html(
                '<td class="cell{}"><a href="{}">{}\n'
                '        <span class="count">{} provision{}</span></a></td>',
                "" if cell.counts else " superseded",
                cell.url,
                coverage_badge(cell.level, cell.evidence, cell.qualifier),
                cell.count,
                "" if cell.count == 1 else "s",
            )
            if cell is not None
            else none_cell
            for cell in row.line
        ]
        gap = (
            format_html(
                '<a class="gap" href="#why-{}"><strong>Gap</strong>'
                '<span class="visually-hidden">: why</span></a>',
                row.category.slug,
            )
            if row.gap
            else ""
        )
        rows.append(
            format_html(
                '<tr{}>\n      <th scope="row"><a href="{}">{}</a></th>\n      {}\n'
                '      <td class="summary">{}\n        {}</td>\n    </tr>',
                format_html(' class="{}"', "gap-row") if row.gap else "",
                row.category.url,
                row.category.name,
                format_html_join("\n      ", "{}", ((cell,) for cell in cells)),
                coverage_badge(
                    row.strongest, row.strongest_evidence or "", row.strongest_qualifier
                ),
                gap,
            )
        )
    return format_html_join("\n    ", "{}", ((row,) for row in rows))
