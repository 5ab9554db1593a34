"""The coverage-level badge used wherever a level is shown: symbol, text and colour together.

Colour is never the only signal: the symbol and the word say the same thing, and the symbol
is hidden from screen readers, which read the word.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from provisions.models import level_choices

register = template.Library()

LEVEL_SYMBOLS = {"prohibits": "■", "restricts": "◆", "guidance": "○", "indirect": "·"}
GAP_SYMBOL = "—"
GAP_LABEL = "No coverage"


@register.simple_tag
def level_badge(level: str | None, label: str = "") -> SafeString:
    """`{% level_badge coverage.level %}`; an empty level is a gap."""
    if not level:
        return format_html(
            '<span class="level level-none"><span aria-hidden="true">{}</span> {}</span>',
            GAP_SYMBOL,
            label or GAP_LABEL,
        )
    return format_html(
        '<span class="level level-{}"><span aria-hidden="true">{}</span> {}</span>',
        level,
        LEVEL_SYMBOLS.get(level, "?"),
        label or dict(level_choices()).get(level, level),
    )
