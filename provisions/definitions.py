"""The definitions page: each defined term with the instruments that define it."""

from __future__ import annotations

from dataclasses import dataclass, field

from instruments.models import Instrument, display_order

from .models import DefinedTerm
from .text import excerpt_around

EXCERPT_WORDS = 30


@dataclass
class Definition:
    term: DefinedTerm
    excerpt: str


@dataclass
class InstrumentDefinitions:
    instrument: Instrument
    definitions: list[Definition] = field(default_factory=list)


@dataclass
class TermEntry:
    slug: str
    term: str  # as the first instrument words it
    by_instrument: list[InstrumentDefinitions] = field(default_factory=list)

    @property
    def compared(self) -> bool:
        """Set side by side only where two or more instruments define the term."""
        return len(self.by_instrument) > 1


def defined_terms() -> list[TermEntry]:
    """Every term of a published instrument, alphabetically, with the instruments that define
    it in instrument order (one query)."""
    terms = (
        DefinedTerm.objects.filter(provision__instrument__published=True)
        .select_related("provision__instrument")
        .order_by(
            "slug",
            *display_order("provision__instrument__"),
            "provision__position",
            "position",
        )
    )
    entries: dict[str, TermEntry] = {}
    for term in terms:
        entry = entries.setdefault(term.slug, TermEntry(term.slug, term.term))
        instrument = term.provision.instrument
        if not entry.by_instrument or entry.by_instrument[-1].instrument.pk != instrument.pk:
            entry.by_instrument.append(InstrumentDefinitions(instrument))
        excerpt = excerpt_around(term.provision.text, term.term, EXCERPT_WORDS)
        entry.by_instrument[-1].definitions.append(Definition(term, excerpt))
    return sorted(entries.values(), key=lambda entry: entry.term.lower())
