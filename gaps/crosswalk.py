"""The capability crosswalk: which threat categories each type of counterspace capability
falls under, and which instruments touch each category, at their strongest level."""

from __future__ import annotations

from dataclasses import dataclass

from provisions.models import LEVEL_RANK, Capability, Coverage, ThreatCategory

from .matrix import InstrumentInfo, cell_url

LEVEL_OF_RANK = {rank: level.value for level, rank in LEVEL_RANK.items()}


@dataclass(frozen=True)
class Touch:
    """An instrument's strongest coverage of one category."""

    instrument: InstrumentInfo
    level: str
    url: str  # the cell page: the provisions behind the level


@dataclass
class CrosswalkRow:
    category: ThreatCategory
    capabilities: list[bool]  # one per crosswalk column: does the category involve it?
    capability_slugs: list[str]
    touches: list[Touch]


@dataclass
class Crosswalk:
    capabilities: list[Capability]
    chosen: list[str]
    rows: list[CrosswalkRow]


def build_crosswalk(catalogue: list[InstrumentInfo], chosen: list[str]) -> Crosswalk:
    """Every category (only those involving one of the `chosen` capability slugs, when any are
    given) against every capability type, with the instruments of `catalogue` that touch it,
    strongest first (four queries)."""
    capabilities = list(Capability.objects.order_by("position", "name"))
    categories = ThreatCategory.objects.order_by("position", "name").prefetch_related(
        "capabilities"
    )
    by_pk = {item.pk: item for item in catalogue}
    strongest = Coverage.objects.strongest_ranks(list(by_pk))
    order = {item.pk: index for index, item in enumerate(catalogue)}
    rows = []
    for category in categories:
        involved = {capability.slug for capability in category.capabilities.all()}
        if chosen and not involved & set(chosen):
            continue
        ranked = sorted(
            (
                (rank, instrument_pk)
                for (category_pk, instrument_pk), rank in strongest.items()
                if category_pk == category.pk
            ),
            key=lambda pair: (-pair[0], order[pair[1]]),
        )
        touches = [
            Touch(by_pk[pk], LEVEL_OF_RANK[rank], cell_url(category.slug, by_pk[pk].slug))
            for rank, pk in ranked
        ]
        rows.append(
            CrosswalkRow(
                category,
                [capability.slug in involved for capability in capabilities],
                [capability.slug for capability in capabilities if capability.slug in involved],
                touches,
            )
        )
    return Crosswalk(capabilities, chosen, rows)
