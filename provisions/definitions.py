"""The definitions page: each defined term against every instrument that defines terms."""

from __future__ import annotations

from dataclasses import dataclass, field

from instruments.models import Instrument

from .models import DefinedTerm
from .text import excerpt_around

EXCERPT_WORDS = 30


@dataclass
class Definition:
    term: DefinedTerm
    excerpt: str


@dataclass
class TermRow:
    slug: str
    term: str  # as the first instrument words it
    cells: list[list[Definition]] = field(default_factory=list)  # one per column


@dataclass
class DefinitionsTable:
    instruments: list[Instrument]
    rows: list[TermRow]


def definitions_table() -> DefinitionsTable:
    """Rows: terms, by slug; columns: published instruments defining at least one (1 query)."""
    terms = list(
        DefinedTerm.objects.filter(provision__instrument__published=True)
        .select_related("provision__instrument")
        .order_by(
            "slug",
            "provision__instrument__position",
            "provision__instrument__slug",
            "provision__position",
            "position",
        )
    )
    instruments = sorted(
        {term.provision.instrument.pk: term.provision.instrument for term in terms}.values(),
        key=lambda instrument: (instrument.position, instrument.slug),
    )
    column = {instrument.pk: index for index, instrument in enumerate(instruments)}
    rows: dict[str, TermRow] = {}
    for term in terms:
        row = rows.get(term.slug)
        if row is None:
            row = rows[term.slug] = TermRow(term.slug, term.term, [[] for _ in instruments])
        definition = Definition(term, excerpt_around(term.provision.text, term.term, EXCERPT_WORDS))
        row.cells[column[term.provision.instrument.pk]].append(definition)
    return DefinitionsTable(instruments, sorted(rows.values(), key=lambda r: r.term.lower()))
