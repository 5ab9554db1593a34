"""How coverage levels are shown site-wide: a symbol, a word and a colour, never colour alone."""

from __future__ import annotations

from .models import Level, Provenance

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


# The evidence behind a level: the provenance of the provisions that earn it, strongest first.
EVIDENCE_SYMBOLS = {
    Provenance.OFFICIAL: "✓",
    Provenance.UNVERIFIED: "≈",
    Provenance.SUMMARY: "⚠",
}
# Short words for the matrix's cells; the phrase completes a level: "Prohibits, from a summary".
EVIDENCE_WORDS = {
    Provenance.OFFICIAL: "official",
    Provenance.UNVERIFIED: "unverified",
    Provenance.SUMMARY: "summary",
}
EVIDENCE_PHRASES = {
    Provenance.OFFICIAL: "from official text",
    Provenance.UNVERIFIED: "from an unverified transcription",
    Provenance.SUMMARY: "from a summary",
}
EVIDENCE_MEANINGS = {
    Provenance.OFFICIAL: "Verbatim text, checked against an official publication.",
    Provenance.UNVERIFIED: "Verbatim text from a transcription not yet checked against the "
    "official text.",
    Provenance.SUMMARY: "A report of what the document says; its text was not read.",
}


def evidence_phrase(evidence: str | None) -> str:
    """ "from a summary", or "" when the evidence is unknown."""
    return EVIDENCE_PHRASES.get(evidence or "", "")


def coverage_text(level: str | None, evidence: str = "", qualifier: str = "") -> str:
    """A level in words with its qualifier and evidence: "Restricts — on celestial bodies only,
    from official text"."""
    text = level_label(level)
    if level and qualifier:
        text += f" — {qualifier}"
    if level and evidence_phrase(evidence):
        text += f", {evidence_phrase(evidence)}"
    return text
