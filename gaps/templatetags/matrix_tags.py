"""The coverage-level badge and legend, the same wherever a level is shown."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from gaps.matrix import LEVELS
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
