"""The coverage-level badge and legend, the same wherever a level is shown."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from gaps.matrix import LEVELS, Matrix
from gaps.models import Level

register = template.Library()

# The symbols used site-wide (keep them consistent); never colour alone.
SYMBOLS = {
    Level.PROHIBITS.value: "■",
    Level.RESTRICTS.value: "◆",
    Level.GUIDANCE.value: "○",
    Level.INDIRECT.value: "·",
}
NO_COVERAGE_SYMBOL = "—"
LEVEL_LABELS = dict(Level.choices)
LEVEL_MEANINGS = {
    Level.PROHIBITS.value: "Forbids the activity; for a draft, would forbid it once in force.",
    Level.RESTRICTS.value: "Binding, but partial, procedural or conditional.",
    Level.GUIDANCE.value: "A voluntary recommendation, not a legal obligation.",
    Level.INDIRECT.value: "Only through a general principle, a definition or a transparency duty.",
}
NO_COVERAGE_LABEL = "No coverage"


@register.simple_tag
def level_badge(level: str | None, none_label: str = NO_COVERAGE_LABEL) -> SafeString:
    """A level as symbol, text and colour (never colour alone); `None` means not covered."""
    return _badge(level if level in SYMBOLS else None, none_label)


# A matrix shows thousands of badges, all alike: make each one once.
@functools.lru_cache(maxsize=64)
def _badge(level: str | None, none_label: str) -> SafeString:
    if level is None:
        return format_html(
            '<span class="level level-none"><span aria-hidden="true">{}</span> {}</span>',
            NO_COVERAGE_SYMBOL,
            none_label,
        )
    return format_html(
        '<span class="level level-{}"><span aria-hidden="true">{}</span> {}</span>',
        level,
        SYMBOLS[level],
        LEVEL_LABELS[level],
    )


@register.filter
def level_label(level: str | None) -> str:
    return LEVEL_LABELS.get(level or "", NO_COVERAGE_LABEL)


@register.inclusion_tag("gaps/_legend.html")
def level_legend() -> dict:
    levels = [
        {
            "level": level,
            "label": LEVEL_LABELS[level],
            "symbol": SYMBOLS[level],
            "meaning": LEVEL_MEANINGS[level],
        }
        for level in LEVELS
    ]
    return {"levels": levels, "none_symbol": NO_COVERAGE_SYMBOL, "none_label": NO_COVERAGE_LABEL}


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
                level_badge(cell.level),
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
                level_badge(row.strongest),
                gap,
            )
        )
    return format_html_join("\n    ", "{}", ((row,) for row in rows))
