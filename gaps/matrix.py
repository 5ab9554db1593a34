"""The coverage matrix: threat categories against instruments, and the gaps it leaves.

A cell is the strongest level at which any provision of one instrument covers one threat
category, with the number of those provisions. A row is a gap in a scope when no
provision of a counting instrument in that scope prohibits its category. A draft that a
later instrument in the same set supersedes is shown but does not count: its successor
speaks for it.

Only published instruments ever count or show. Everything is computed from a handful of
queries whatever the size of the corpus (the strongest level per cell is taken with MAX()
in the database); `gaps.matrix_cache` caches the results.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Max, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from instruments.models import Instrument, Status
from lib.slug_urls import SlugUrls
from provisions.models import LEVEL_RANK, Level, ThreatCategory, level_rank

from .evidence import (
    EVIDENCE_FOR_RANK,
    EVIDENCE_LABELS,
    STRENGTH_BASE,
    Evidence,
    cell_qualifier,
    counted_coverages,
    strongest_evidence,
)
from .evidence import strength as cell_strength
from .gap_explanations import Closest, explain_gaps


class Scope:
    """Which instruments a matrix counts. `CUSTOM` is an explicit what-if set."""

    IN_FORCE = "in_force"
    DRAFTS = "drafts"
    ALL = "all"
    CUSTOM = "custom"
    DEFAULT = IN_FORCE


# Each scope widens the one before it.
# A treaty that is signed but not in force, or no longer in force, binds no one today:
# it counts with the drafts (it would bind if it entered into force) and in "all".
WOULD_BIND = (Status.SIGNED_NOT_IN_FORCE, Status.DRAFT, Status.PROPOSAL)
SCOPE_STATUSES: dict[str, tuple[str, ...]] = {
    Scope.IN_FORCE: (Status.IN_FORCE,),
    Scope.DRAFTS: (Status.IN_FORCE, *WOULD_BIND),
    Scope.ALL: (Status.IN_FORCE, *WOULD_BIND, Status.NON_BINDING, Status.EXPIRED),
}
SCOPE_LABELS = {
    Scope.IN_FORCE: "binding instruments in force",
    Scope.DRAFTS: (
        "binding instruments in force, signed treaties not in force, drafts and proposals"
    ),
    Scope.ALL: "all instruments, including non-binding ones and those no longer in force",
    Scope.CUSTOM: "selected instruments",
}
SCOPE_CHOICES = [(scope, SCOPE_LABELS[scope].capitalize()) for scope in SCOPE_STATUSES]

# Column groups, in display order: (key, heading, statuses).
STATUS_GROUPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("in_force", "Binding, in force", (Status.IN_FORCE,)),
    ("drafts", "Signed but not in force, drafts and proposals", WOULD_BIND),
    ("non_binding", "Non-binding", (Status.NON_BINDING,)),
    ("expired", "No longer in force", (Status.EXPIRED,)),
]
GROUP_OF_STATUS = {status: key for key, _, statuses in STATUS_GROUPS for status in statuses}
GROUP_ORDER = {key: index for index, (key, _, _) in enumerate(STATUS_GROUPS)}

LEVELS: list[str] = [level.value for level in Level]  # strongest first


class GapKind:
    """What a gap row still has: voluntary guidance on the threat, or not even that."""

    GUIDANCE = "voluntary_guidance"
    NO_GUIDANCE = "no_guidance"


GAP_KIND_LABELS = {
    GapKind.GUIDANCE: "with voluntary guidance",
    GapKind.NO_GUIDANCE: "no voluntary guidance",
}
LEVEL_FOR_RANK = {rank: level.value for level, rank in LEVEL_RANK.items()}


@dataclass(frozen=True)
class InstrumentInfo:
    pk: int
    slug: str
    short_name: str
    status: str
    status_label: str
    binding: bool
    supersedes_id: int | None
    url: str
    # With defaults: a catalogue cached before these fields existed still unpickles.
    kind: str = ""
    introduced_on: datetime.date | None = None  # tabled, or else adopted

    @property
    def group(self) -> str:
        return GROUP_OF_STATUS[self.status]


@dataclass(frozen=True)
class CategoryInfo:
    pk: int
    slug: str
    name: str
    url: str


@dataclass(frozen=True)
class ProvisionRef:
    slug: str
    label: str
    level: str
    url: str
    evidence: str = ""
    qualifier: str = ""


@dataclass
class Cell:
    """One instrument's coverage of one category; only made where it assessed something."""

    instrument: str
    level: str
    count: int
    url: str
    counts: bool = True
    provisions: list[ProvisionRef] = field(default_factory=list)
    # The best provenance among the provisions that give the cell its level.
    evidence: str = ""
    # What limits the level, when every provision giving it is limited ("on celestial bodies
    # only"); the strongest such provision's qualifier.
    qualifier: str = ""


@dataclass
class Column:
    instrument: InstrumentInfo
    superseded_by: InstrumentInfo | None = None  # its successor in the same set

    @property
    def counts(self) -> bool:
        return self.superseded_by is None


@dataclass
class ColumnGroup:
    key: str
    label: str
    columns: list[Column]


@dataclass
class Row:
    category: CategoryInfo
    cells: dict[str, Cell]
    line: list[Cell | None]  # one entry per column, in column order, for templates
    strongest: str | None
    gap: bool
    closest: list[Closest] = field(default_factory=list)
    closest_total: int = 0  # all assessments that come closest; `closest` shows the first few
    strongest_evidence: str | None = None  # the best evidence behind `strongest`
    strongest_qualifier: str = ""  # set when every cell giving `strongest` is qualified

    @property
    def closest_more(self) -> int:
        return self.closest_total - len(self.closest)

    @property
    def gap_kind(self) -> str | None:
        """For a gap: whether a counting instrument gives voluntary guidance on it (None when
        the row is not a gap). Guidance never closes a gap; it says the threat is not bare."""
        if not self.gap:
            return None
        guided = any(cell.counts and cell.level == Level.GUIDANCE for cell in self.cells.values())
        return GapKind.GUIDANCE if guided else GapKind.NO_GUIDANCE


@dataclass
class Matrix:
    scope: str
    selection: tuple[str, ...] | None
    groups: list[ColumnGroup]
    rows: list[Row]
    evidence: str = Evidence.DEFAULT

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_LABELS[self.evidence]

    @property
    def columns(self) -> list[Column]:
        return [column for group in self.groups for column in group.columns]

    @property
    def gaps(self) -> list[Row]:
        return [row for row in self.rows if row.gap]

    @property
    def scope_label(self) -> str:
        return SCOPE_LABELS[self.scope]

    @property
    def tells_guidance_apart(self) -> bool:
        """Whether the page marks each gap as with or without voluntary guidance: when a
        non-binding instrument counts, or some gap has guidance. In the binding scopes
        "no voluntary guidance" on every gap would only repeat what the scope excludes."""
        return any(
            column.counts and not column.instrument.binding for column in self.columns
        ) or any(row.gap_kind == GapKind.GUIDANCE for row in self.rows)

    def row(self, category_slug: str) -> Row | None:
        return next((row for row in self.rows if row.category.slug == category_slug), None)


# Reading ---------------------------------------------------------------------------


def cell_url(category_slug: str, instrument_slug: str) -> str:
    return reverse("gaps:cell", args=[category_slug, instrument_slug])


def fetch_catalogue() -> list[InstrumentInfo]:
    """Every published instrument in column order (one query)."""
    rows = (
        Instrument.objects.published()
        .in_display_order()
        .values_list(
            "pk",
            "slug",
            "short_name",
            "status",
            "binding",
            "supersedes_id",
            "kind",
            "tabled_on",
            "adopted_on",
        )
    )
    labels = dict(Status.choices)
    catalogue = [
        InstrumentInfo(
            pk=pk,
            slug=slug,
            short_name=name,
            status=status,
            status_label=labels.get(status, status),
            binding=binding,
            supersedes_id=supersedes_id,
            url=reverse("provisions:instrument", args=[slug]),
            kind=kind,
            introduced_on=tabled_on or adopted_on,
        )
        for pk, slug, name, status, binding, supersedes_id, kind, tabled_on, adopted_on in rows
    ]
    # Stable: within a group the display order (date adopted, position, slug) stays.
    return sorted(catalogue, key=lambda item: GROUP_ORDER[item.group])


def scope_instruments(
    catalogue: list[InstrumentInfo], scope: str, selection: tuple[str, ...] | None = None
) -> list[InstrumentInfo]:
    """The instruments a scope, or an explicit selection of slugs, puts in the matrix."""
    if selection is not None:
        chosen = set(selection)
        return [item for item in catalogue if item.slug in chosen]
    statuses = SCOPE_STATUSES[scope]
    return [item for item in catalogue if item.status in statuses]


def superseded_in(instruments: list[InstrumentInfo]) -> dict[int, InstrumentInfo]:
    """Instruments replaced by another in the same set: pk -> the successor."""
    present = {item.pk for item in instruments}
    return {
        item.supersedes_id: item
        for item in instruments
        if item.supersedes_id is not None and item.supersedes_id in present
    }


def build_matrix(
    catalogue: list[InstrumentInfo],
    scope: str,
    selection: tuple[str, ...] | None = None,
    *,
    with_provisions: bool = True,
    evidence: str = Evidence.DEFAULT,
) -> Matrix:
    """Compute the matrix for a scope or a what-if selection (three queries at most).

    With `with_provisions` each cell lists its assessed provisions (one query more, and work
    that grows with the number of assessments rather than with the number of cells). With
    `evidence` only the assessments of provisions of that provenance count (`Evidence`).
    """
    instruments = scope_instruments(catalogue, scope, selection)
    superseded = superseded_in(instruments)
    groups = [
        ColumnGroup(
            key,
            label,
            [Column(item, superseded.get(item.pk)) for item in instruments if item.group == key],
        )
        for key, label, _ in STATUS_GROUPS
    ]
    groups = [group for group in groups if group.columns]
    columns = [column for group in groups for column in group.columns]
    by_pk = {column.instrument.pk: column for column in columns}
    categories = [
        CategoryInfo(pk, slug, name, reverse("gaps:category", args=[slug]))
        for pk, slug, name in ThreatCategory.objects.values_list("pk", "slug", "name")
    ]
    slugs = {category.pk: category.slug for category in categories}
    cells = _cells(by_pk, slugs, with_provisions, evidence) if by_pk else {}

    rows = []
    for category in categories:
        row_cells = {
            column.instrument.slug: cells[(category.pk, pk)]
            for pk, column in by_pk.items()
            if (category.pk, pk) in cells
        }
        ranks = [LEVEL_RANK[Level(cell.level)] for cell in row_cells.values() if cell.counts]
        strongest = LEVEL_FOR_RANK[max(ranks)] if ranks else None
        rows.append(
            Row(
                category=category,
                cells=row_cells,
                line=[row_cells.get(column.instrument.slug) for column in columns],
                strongest=strongest,
                gap=strongest != Level.PROHIBITS,
                **strongest_evidence(row_cells.values(), strongest),
            )
        )
    explain_gaps(rows, [pk for pk, column in by_pk.items() if column.counts], evidence)
    return Matrix(
        scope=Scope.CUSTOM if selection is not None else scope,
        selection=selection,
        groups=groups,
        rows=rows,
        evidence=evidence,
    )


def _cells(
    columns: dict[int, Column],
    category_slugs: dict[int, str],
    with_provisions: bool,
    evidence: str = Evidence.DEFAULT,
) -> dict[tuple[int, int], Cell]:
    """(category pk, instrument pk) -> Cell, for the given columns (one or two queries).

    The level, the evidence behind it and its qualifier come from the same grouped query:
    MAX() of the strength (level and evidence in one number), the strongest unqualified
    level, and MAX() of the qualified assessments' strength joined to their qualifier.
    """
    coverages = counted_coverages(evidence).filter(provision__instrument_id__in=list(columns))
    qualified = Q(qualifier="")
    aggregated = (
        coverages.values_list("category_id", "provision__instrument_id")
        .annotate(
            strength=Max(cell_strength()),
            provisions=Count("pk"),
            unqualified=Max(Case(When(qualified, then=level_rank()), default=Value(0))),
            qualified=Max(
                Case(
                    When(
                        ~qualified,
                        then=Concat(Cast(cell_strength(), CharField()), Value("|"), F("qualifier")),
                    ),
                    default=Value(""),
                    output_field=CharField(),
                )
            ),
        )
        .order_by()
    )
    urls = SlugUrls("gaps:cell")
    cells: dict[tuple[int, int], Cell] = {}
    for category_id, instrument_id, top, count, unqualified, qualified_top in aggregated:
        column = columns[instrument_id]
        rank, evidence_of_cell = divmod(top, STRENGTH_BASE)
        cells[(category_id, instrument_id)] = Cell(
            instrument=column.instrument.slug,
            level=LEVEL_FOR_RANK[rank],
            count=count,
            url=urls(category_slugs[category_id], column.instrument.slug),
            counts=column.counts,
            evidence=EVIDENCE_FOR_RANK.get(evidence_of_cell, ""),
            qualifier=cell_qualifier(rank, unqualified, qualified_top),
        )
    if with_provisions:
        _cell_provisions(coverages, cells)
    return cells


def _cell_provisions(coverages, cells: dict[tuple[int, int], Cell]) -> None:
    """Fill in each cell's provisions, strongest first (one query)."""
    urls = SlugUrls("provisions:detail")
    labels = coverages.annotate(strength=level_rank()).order_by(
        "category_id",
        "provision__instrument_id",
        "-strength",
        "provision__position",
        "provision__pk",
    )
    rows = labels.values_list(
        "category_id",
        "provision__instrument_id",
        "provision__slug",
        "provision__label",
        "level",
        "provision__provenance",
        "qualifier",
    )
    for category_id, instrument_id, slug, label, level, provenance, qualifier in rows:
        cell = cells[(category_id, instrument_id)]
        cell.provisions.append(
            ProvisionRef(
                slug=slug,
                label=label,
                level=level,
                url=urls(cell.instrument, slug),
                evidence=provenance,
                qualifier=qualifier,
            )
        )
