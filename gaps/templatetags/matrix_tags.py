"""The matrix's table rows, built in Python for speed (badges come from coverage_levels)."""

from __future__ import annotations

import functools
from html import escape

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from gaps.matrix import GAP_KIND_LABELS, GapKind, Matrix
from gaps.verdicts import Contested
from lib.markdown import render_markdown_excerpt
from provisions.templatetags.coverage_levels import coverage_badge as _coverage_badge
from provisions.templatetags.coverage_levels import level_badge as _level_badge

register = template.Library()


# A matrix shows thousands of badges, all alike: make each one once.
@functools.lru_cache(maxsize=64)
def level_badge(level: str | None, label: str = "") -> SafeString:
    return _level_badge(level, label)


def contested_mark(claims: list[str], query: str) -> SafeString:
    """A "contested" link to the claims that dispute a row or cell; empty when none does."""
    if not claims:
        return SafeString("")
    return format_html(
        '<a class="contested" href="{}?{}"><span aria-hidden="true">⚑</span> Contested'
        '<span class="visually-hidden"> by {} claim{}</span></a>',
        reverse("gaps:claim_list"),
        query,
        len(claims),
        "" if len(claims) == 1 else "s",
    )


@functools.lru_cache(maxsize=256)
def coverage_badge(level: str | None, evidence: str = "", qualifier: str = "") -> SafeString:
    return _coverage_badge(level, evidence, qualifier)


# What format_html would give for a cell, built with str.format: a matrix has thousands of
# cells, and format_html's escaping of every argument was a tenth of the page's time. Every
# argument is escaped here or already safe (badges, the contested mark).
_CELL = (
    '<td class="cell{}"><a href="{}">{}\n'
    '        <span class="count">{} provision{}</span></a>{}</td>'
)


def _cell(cell, contested: SafeString) -> str:
    return _CELL.format(
        "" if cell.counts else " superseded",
        escape(cell.url),
        coverage_badge(cell.level, cell.evidence, cell.qualifier),
        int(cell.count),
        "" if cell.count == 1 else "s",
        contested,
    )


@register.simple_tag
def matrix_rows(
    matrix: Matrix,
    contested: Contested | None = None,
    event_counts: dict[str, int] | None = None,
) -> SafeString:
    """The matrix's table rows: a category's name, the strongest level (the answer, kept next
    to the name so that it stays in view however many columns follow), a cell per column.

    With `event_counts` (category slug -> published events) a row links to its events.

    The same markup a template loop would give, built in Python: a matrix of hundreds of
    instruments has thousands of cells, and the template engine spends tens of milliseconds
    on them where this spends one or two.
    """
    none_cell = format_html('<td class="cell empty">{}</td>', level_badge(None, "None"))
    contested = contested or Contested()
    kinds = matrix.tells_guidance_apart
    rows = []
    for row in matrix.rows:
        slug = row.category.slug
        cells = [
            _cell(
                cell,
                contested_mark(
                    contested.cell(slug, cell.instrument),
                    f"category={slug}&instrument={cell.instrument}",
                ),
            )
            if cell is not None
            else none_cell
            for cell in row.line
        ]
        gap = (
            format_html(
                '<a class="gap{}" href="#why-{}"><strong>Gap</strong>{}'
                '<span class="visually-hidden">: why</span></a>',
                f" gap-{row.gap_kind}" if kinds else "",
                row.category.slug,
                format_html('<span class="gap-kind">, {}</span>', GAP_KIND_LABELS[row.gap_kind])
                if kinds
                else "",
            )
            if row.gap
            else ""
        )
        events = (event_counts or {}).get(row.category.slug, 0)
        events_link = (
            format_html(
                '<a class="row-events" href="{}#events">{} event{}</a>',
                row.category.url,
                events,
                "" if events == 1 else "s",
            )
            if events
            else ""
        )
        rows.append(
            format_html(
                '<tr id="row-{}"{}>\n      <th scope="row"><a href="{}">{}</a></th>\n'
                '      <td class="summary">{}\n        {}{}{}</td>\n      {}\n    </tr>',
                slug,
                format_html(' class="{}"', "gap-row") if row.gap else "",
                row.category.url,
                row.category.name,
                coverage_badge(
                    row.strongest, row.strongest_evidence or "", row.strongest_qualifier
                ),
                gap,
                contested_mark(contested.row(slug), f"category={slug}"),
                events_link,
                SafeString("\n      ".join(cells)),
            )
        )
    return SafeString("\n    ".join(rows))


GAP_KIND_MEANINGS = {
    GapKind.GUIDANCE: "No instrument in scope prohibits the threat, but voluntary guidance in "
    "scope addresses it (a resolution or guidelines; binding provisions may also restrict it "
    "in part).",
    GapKind.NO_GUIDANCE: "No instrument in scope prohibits the threat, and none gives even "
    "voluntary guidance on it; binding provisions may still restrict it in part.",
}


@register.inclusion_tag("gaps/_gap_legend.html")
def gap_legend(matrix: Matrix) -> dict:
    """`{% gap_legend matrix %}`: what "Gap" means and, where the matrix tells them apart,
    a gap with voluntary guidance from one without."""
    kinds = [
        {"kind": kind, "label": GAP_KIND_LABELS[kind], "meaning": GAP_KIND_MEANINGS[kind]}
        for kind in (GapKind.GUIDANCE, GapKind.NO_GUIDANCE)
    ]
    return {"kinds": kinds if matrix.tells_guidance_apart else []}


# The what-if form's checkboxes and the gaps' closest provisions, as their template loops
# wrote them, byte for byte: 200 instruments' boxes and 27 gaps' five provisions each cost
# the matrix page 5 ms apiece in the template engine at 100,000 provisions.
_WHAT_IF_ITEM = (
    '\n        <div><input type="checkbox" name="instruments" value="{slug}" '
    'id="what-if-{slug}"{checked}>\n'
    '          <label for="what-if-{slug}">{name}</label>\n'
    '          <a class="only-this" href="{path}">only this'
    '<span class="visually-hidden">: {name}</span></a></div>\n        '
)
_CLOSEST_ITEM = (
    '\n  <li><a href="{url}">{name}, {label}</a>\n'
    "    {badge}\n"
    '    <div class="rationale">{rationale}</div>\n'
    '    <a class="more" href="{cell_url}">All of {name} on this threat</a></li>\n  '
)


@register.simple_tag
def what_if_items(items) -> SafeString:
    """`{% what_if_items items %}`: a checkbox and an "only this" link per instrument, from
    (instrument, checked, only-this path) triples."""
    return SafeString(
        "".join(
            _WHAT_IF_ITEM.format(
                slug=conditional_escape(item.slug),
                checked=" checked" if checked else "",
                name=conditional_escape(item.short_name),
                path=conditional_escape(only_path),
            )
            for item, checked, only_path in items
        )
    )


@register.simple_tag
def closest_items(row) -> SafeString:
    """`{% closest_items row %}`: a gap's strongest provisions, each with its level, the
    start of its rationale and a link to its instrument's cell."""
    return SafeString(
        "".join(
            _CLOSEST_ITEM.format(
                url=conditional_escape(item.provision_url),
                name=conditional_escape(item.instrument_name),
                label=conditional_escape(item.provision_label),
                badge=coverage_badge(item.level, item.evidence, item.qualifier),
                rationale=render_markdown_excerpt(item.rationale, 60),
                cell_url=conditional_escape(item.cell_url),
            )
            for item in row.closest
        )
    )
