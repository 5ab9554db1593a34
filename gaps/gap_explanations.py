"""Under each gap: the strongest assessments that still fall short of a prohibition."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from lib.slug_urls import SlugUrls

from .evidence import Evidence, counted_coverages

if TYPE_CHECKING:
    from .matrix import Row

# Under each gap, how many of the provisions that come closest are shown.
CLOSEST_SHOWN = 5


@dataclass(frozen=True)
class Closest:
    """A strongest assessment within the scope of a gap row: what comes closest, and why not."""

    instrument: str
    instrument_name: str
    provision_label: str
    provision_url: str
    cell_url: str
    level: str
    rationale: str
    evidence: str = ""
    qualifier: str = ""


def explain_gaps(rows: list[Row], counting: list[int], evidence: str = Evidence.DEFAULT) -> None:
    """Attach to each gap row the strongest assessments that still fall short (one query).

    At most CLOSEST_SHOWN of them per row, in document order, and how many there are in all:
    with hundreds of instruments a gap can have hundreds, and the page must stay the size of
    the matrix (the category page lists every one).
    """
    short = {row.category.pk: row for row in rows if row.gap and row.strongest is not None}
    if not short or not counting:
        return
    strongest = reduce(or_, (Q(category_id=pk, level=row.strongest) for pk, row in short.items()))
    order = [
        F("provision__instrument__position"),
        F("provision__instrument__slug"),
        F("provision__position"),
        F("pk"),
    ]
    closest = (
        counted_coverages(evidence)
        .filter(strongest, provision__instrument_id__in=counting)
        .annotate(
            place=Window(RowNumber(), partition_by=[F("category_id")], order_by=order),
            total=Window(Count("pk"), partition_by=[F("category_id")]),
        )
        .filter(place__lte=CLOSEST_SHOWN)
        .order_by("category_id", "place")
        .values_list(
            "category_id",
            "category__slug",
            "provision__instrument__slug",
            "provision__instrument__short_name",
            "provision__slug",
            "provision__label",
            "level",
            "rationale",
            "total",
            "provision__provenance",
            "qualifier",
        )
    )
    provision_urls, cell_urls = SlugUrls("provisions:detail"), SlugUrls("gaps:cell")
    for item in closest:
        (category_id, category_slug, slug, name, provision, label, level, rationale, total) = item[
            :9
        ]
        provenance, qualifier = item[9:]
        row = short[category_id]
        row.closest_total = total
        row.closest.append(
            Closest(
                instrument=slug,
                instrument_name=name,
                provision_label=label,
                provision_url=provision_urls(slug, provision),
                cell_url=cell_urls(category_slug, slug),
                level=level,
                rationale=rationale,
                evidence=provenance,
                qualifier=qualifier,
            )
        )
