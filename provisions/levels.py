"""How coverage levels are shown site-wide: a symbol, a word and a colour, never colour alone.

The levels themselves belong to gaps (`gaps.models.Level`); this app only reaches them through
`level_choices()`, so the symbols are keyed by the level's value. gaps imports them from here
(dependencies run gaps -> provisions -> instruments).
"""

from __future__ import annotations

from .models import level_choices

# Strongest first. Keep them consistent everywhere: pages, CSV, the README.
LEVEL_SYMBOLS = {"prohibits": "■", "restricts": "◆", "guidance": "○", "indirect": "·"}
LEVEL_MEANINGS = {
    "prohibits": "Forbids the activity; for a draft, would forbid it once in force.",
    "restricts": "Binding, but partial, procedural or conditional.",
    "guidance": "A voluntary recommendation, not a legal obligation.",
    "indirect": "Only through a general principle, a definition or a transparency duty.",
}
NO_COVERAGE_SYMBOL = "—"
NO_COVERAGE_LABEL = "No coverage"
NO_COVERAGE_MEANING = "No provision of the instrument was assessed against the threat."


def level_label(level: str | None) -> str:
    """The level's word ("Voluntary guidance"), or "No coverage" for none or an unknown one."""
    return dict(level_choices()).get(level or "", NO_COVERAGE_LABEL)
