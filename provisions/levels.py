"""How coverage levels are shown site-wide: a symbol, a word and a colour, never colour alone."""

from __future__ import annotations

from .models import Level

# Strongest first. Keep them consistent everywhere: pages, CSV, the docs.
LEVEL_SYMBOLS = {
    Level.PROHIBITS: "■",
    Level.RESTRICTS: "◆",
    Level.GUIDANCE: "○",
    Level.INDIRECT: "·",
}
LEVEL_MEANINGS = {
    Level.PROHIBITS: "Forbids the activity; for a draft, would forbid it once in force.",
    Level.RESTRICTS: "Binding, but partial, procedural or conditional.",
    Level.GUIDANCE: "A voluntary recommendation, not a legal obligation.",
    Level.INDIRECT: "Only through a general principle, a definition or a transparency duty.",
}
NO_COVERAGE_SYMBOL = "—"
NO_COVERAGE_LABEL = "No coverage"
NO_COVERAGE_MEANING = "No provision of the instrument was assessed against the threat."


def level_label(level: str | None) -> str:
    """The level's word ("Voluntary guidance"), or "No coverage" for none or an unknown one."""
    return dict(Level.choices).get(level or "", NO_COVERAGE_LABEL)
