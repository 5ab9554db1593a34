"""An instrument's table of contents: provisions nested under their parent articles."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Provision


@dataclass
class Entry:
    provision: Provision
    children: list[Entry] = field(default_factory=list)


def table_of_contents(provisions: list[Provision]) -> list[Entry]:
    """Top-level entries in document order, each with its paragraphs (no queries).

    A provision whose parent is missing from `provisions` is listed at the top level.
    """
    entries = {provision.pk: Entry(provision) for provision in provisions}
    top: list[Entry] = []
    for provision in provisions:
        parent = entries.get(provision.parent_id)
        (parent.children if parent is not None else top).append(entries[provision.pk])
    return top
