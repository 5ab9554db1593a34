"""Whether the coverage matrix bears out what position papers claim, computed, never typed in.

Each assertion of a claim ("these instruments do not cover non-WMD weapons") is checked twice:
against the instruments the claim names, and against the law of the scope the claim speaks
about as a whole: binding instruments in force, or, for a claim that something is "only
voluntary", every instrument including the non-binding ones. The worse of the two answers is
the verdict, with the sources on each side: when the named instruments leave a gap but
another instrument in force prohibits the conduct (the UN Charter's Article 2(4) on the
threat or use of force), that is the substance of the debate, and the verdict says so.

Verdicts are cached under the data version, so a changed assessment changes them on the next
request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import TextChoices

from instruments.models import Status
from positions.models import Asserted, Assertion, Claim
from provisions import levels
from provisions.models import LEVEL_RANK, Coverage, Level, level_rank

from .matrix import SCOPE_LABELS, SCOPE_STATUSES, Scope, cell_url

CACHE_SECONDS = 24 * 60 * 60


class Outcome(TextChoices):
    AGREES = "agrees", "Agrees"
    PARTLY = "partly", "Agrees in part"
    DISAGREES = "disagrees", "Disagrees"


OUTCOME_SYMBOLS = {Outcome.AGREES: "✓", Outcome.PARTLY: "◐", Outcome.DISAGREES: "✗"}
_WORST = [Outcome.DISAGREES, Outcome.PARTLY, Outcome.AGREES]


def _worst(*outcomes: str | None) -> str:
    return min((o for o in outcomes if o is not None), key=_WORST.index)


def _rank(level: str | None) -> int:
    return LEVEL_RANK[Level(level)] if level else 0


def fits(asserted: str, level: str | None) -> str:
    """Whether a strongest level bears out what is asserted about it."""
    if asserted == Asserted.COVERED:
        return {Level.PROHIBITS: Outcome.AGREES, Level.RESTRICTS: Outcome.PARTLY}.get(
            level, Outcome.DISAGREES
        )
    if asserted == Asserted.NOT_COVERED:
        # No prohibition is what "not covered" means in the matrix: a gap.
        return Outcome.DISAGREES if level == Level.PROHIBITS else Outcome.AGREES
    if asserted == Asserted.PARTLY_COVERED:
        if level == Level.PROHIBITS:
            return Outcome.DISAGREES
        return Outcome.PARTLY if level is None else Outcome.AGREES
    # Only voluntary: voluntary guidance and nothing binding.
    return {
        Level.PROHIBITS: Outcome.DISAGREES,
        Level.RESTRICTS: Outcome.PARTLY,
        Level.GUIDANCE: Outcome.AGREES,
    }.get(level, Outcome.PARTLY)


@dataclass(frozen=True)
class SourceProvision:
    label: str
    level: str
    rationale: str


@dataclass
class Source:
    """One instrument's coverage of the category: its strongest level and provisions."""

    instrument: str
    name: str
    status: str
    level: str | None
    url: str
    provisions: list[SourceProvision] = field(default_factory=list)
    fits: str = Outcome.AGREES

    @property
    def level_label(self) -> str:
        return levels.level_label(self.level) if self.level else levels.NO_COVERAGE_LABEL


@dataclass
class AssertionVerdict:
    category: str
    category_name: str
    category_url: str
    asserted: str
    asserted_label: str
    note: str
    scope: str
    outcome: str
    reason: str
    named: list[Source]
    general_level: str | None
    general: list[Source]  # what gives the scope its strongest level, beyond the named

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def instruments(self) -> list[str]:
        """The instruments the claim names and those the scope's strongest level rests on."""
        return [s.instrument for s in [*self.named, *self.general]]

    @property
    def scope_label(self) -> str:
        return SCOPE_LABELS[self.scope]

    @property
    def contested_cells(self) -> list[str]:
        """Assessed cells that answer the claim otherwise (none when the matrix agrees)."""
        if self.outcome == Outcome.AGREES:
            return []
        sources = [*self.named, *self.general]
        return [s.instrument for s in sources if s.level and s.fits != Outcome.AGREES]


@dataclass
class ClaimVerdict:
    key: str
    outcome: str
    assertions: list[AssertionVerdict]
    # Enough of the claim to list it without another query.
    position: str = ""
    position_label: str = ""
    paragraph: str = ""
    quote: str = ""
    url: str = ""

    def about(self, category: str, instrument: str | None = None) -> AssertionVerdict | None:
        """The verdict on what the claim asserts about a category (and instrument)."""
        for judged in self.assertions:
            if judged.category != category:
                continue
            if instrument is None or instrument in judged.instruments:
                return judged
        return None

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label


@dataclass
class Contested:
    """Matrix rows and cells that claims dispute: category (and instrument) -> claim keys."""

    rows: dict[str, list[str]] = field(default_factory=dict)
    cells: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def row(self, category: str) -> list[str]:
        return self.rows.get(category, [])

    def cell(self, category: str, instrument: str) -> list[str]:
        return self.cells.get((category, instrument), [])


# Computing -------------------------------------------------------------------------


def _coverage_by_cell(category_ids: set[int]) -> dict[int, dict[str, Source]]:
    """category id -> instrument slug -> Source, strongest provisions first (one query)."""
    rows = (
        Coverage.objects.published()
        .filter(category_id__in=category_ids)
        .annotate(strength=level_rank())
        .order_by(
            "category_id",
            "provision__instrument__position",
            "provision__instrument__slug",
            "-strength",
            "provision__position",
            "pk",
        )
        .values_list(
            "category_id",
            "category__slug",
            "provision__instrument__slug",
            "provision__instrument__short_name",
            "provision__instrument__status",
            "provision__label",
            "level",
            "rationale",
        )
    )
    cells: dict[int, dict[str, Source]] = defaultdict(dict)
    for category_id, category, slug, name, status, label, level, rationale in rows:
        source = cells[category_id].get(slug)
        if source is None:
            url = cell_url(category, slug)
            source = cells[category_id][slug] = Source(slug, name, status, level, url)
        source.provisions.append(SourceProvision(label, level, rationale))
    return cells


def _strongest(sources: list[Source]) -> str | None:
    best = max(sources, key=lambda s: _rank(s.level), default=None)
    return best.level if best is not None and best.level else None


def _judge(assertion: Assertion, cells: dict[str, Source]) -> AssertionVerdict:
    asserted = assertion.asserted
    voluntary = asserted == Asserted.ONLY_VOLUNTARY
    scope = Scope.ALL if voluntary else Scope.IN_FORCE
    named_slugs = [i.slug for i in assertion.instruments.all() if i.published]
    named = []
    for instrument in assertion.instruments.all():
        if not instrument.published:
            continue
        source = cells.get(instrument.slug) or Source(
            instrument.slug,
            instrument.short_name,
            instrument.status,
            None,
            cell_url(assertion.category.slug, instrument.slug),
        )
        # A copy: the same cell's source serves every assertion about the category.
        named.append(replace(source, fits=fits(asserted, source.level)))

    in_force = [s for s in cells.values() if s.status == Status.IN_FORCE]
    in_force_level = _strongest(in_force)
    outcome_named = fits(asserted, _strongest(named)) if named else None
    if voluntary and in_force_level not in (Level.PROHIBITS, Level.RESTRICTS):
        in_scope = [s for s in cells.values() if s.status in SCOPE_STATUSES[scope]]
        guidance = [s for s in in_scope if s.level == Level.GUIDANCE]
        general_level = Level.GUIDANCE if guidance else _strongest(in_scope)
    else:
        # Binding law in force answers first, also to a claim that only voluntary measures
        # address the threat.
        scope, in_scope, general_level = Scope.IN_FORCE, in_force, in_force_level
    outcome_general = fits(asserted, general_level)
    strongest_sources = [s for s in in_scope if general_level and s.level == general_level]
    general = []
    for source in strongest_sources:
        if source.instrument in named_slugs:
            continue
        general.append(replace(source, fits=fits(asserted, source.level)))
    outcome = _worst(outcome_named, outcome_general)
    return AssertionVerdict(
        category=assertion.category.slug,
        category_name=assertion.category.name,
        category_url=assertion.category.get_absolute_url(),
        asserted=asserted,
        asserted_label=assertion.get_asserted_display(),
        note=assertion.note,
        scope=scope,
        outcome=outcome,
        reason=_reason(outcome, outcome_named, named, general_level, scope),
        named=named,
        general_level=general_level,
        general=general,
    )


def _reason(
    outcome: str, named_outcome: str | None, named: list[Source], level: str | None, scope: str
) -> str:
    strongest = levels.level_label(level).lower() if level else "no coverage at all"
    rule = f"In {SCOPE_LABELS[scope]} the strongest coverage is: {strongest}."
    if named_outcome is None:
        lead = "The claim names no instrument, so it is checked against the law as a whole."
    elif named_outcome == outcome:
        lead = {
            Outcome.AGREES: "The instruments it names bear it out.",
            Outcome.PARTLY: "The instruments it names bear it out only in part.",
            Outcome.DISAGREES: "The instruments it names do not bear it out.",
        }[outcome]
    else:
        lead = (
            "The instruments it names bear it out"
            + (" in part" if named_outcome == Outcome.PARTLY else "")
            + ", but the law as a whole answers otherwise: this is where the debate lies."
        )
    return f"{lead} {rule}"


def compute_verdicts() -> dict[int, ClaimVerdict]:
    """Claim pk -> its verdict, for every published claim (four queries)."""
    claims = list(Claim.objects.published().with_assertions())
    category_ids = {a.category_id for claim in claims for a in claim.assertions.all()}
    cells = _coverage_by_cell(category_ids) if category_ids else {}
    verdicts = {}
    for claim in claims:
        judged = [_judge(a, cells.get(a.category_id, {})) for a in claim.assertions.all()]
        outcome = _worst(*(j.outcome for j in judged)) if judged else Outcome.AGREES
        if outcome != Outcome.AGREES and any(j.outcome == Outcome.AGREES for j in judged):
            outcome = Outcome.PARTLY
        verdicts[claim.pk] = ClaimVerdict(
            claim.key,
            outcome,
            judged,
            position=claim.position.slug,
            position_label=str(claim.position),
            paragraph=claim.paragraph,
            quote=claim.quote,
            url=claim.get_absolute_url(),
        )
    return verdicts


def contested(verdicts: dict[int, ClaimVerdict]) -> Contested:
    """The matrix rows and cells each claim disputes, from the verdicts."""
    marks = Contested()
    for verdict in verdicts.values():
        for judged in verdict.assertions:
            if judged.outcome == Outcome.AGREES:
                continue
            keys = marks.rows.setdefault(judged.category, [])
            if verdict.key not in keys:
                keys.append(verdict.key)
            for instrument in judged.contested_cells:
                keys = marks.cells.setdefault((judged.category, instrument), [])
                if verdict.key not in keys:
                    keys.append(verdict.key)
    return marks


def get_verdicts(token: str) -> dict[int, ClaimVerdict]:
    """The verdicts, cached under the data version `token`."""
    if not settings.MATRIX_CACHE:
        return compute_verdicts()
    return cache.get_or_set(f"gaps:verdicts:{token}", compute_verdicts, CACHE_SECONDS)


def get_contested(token: str) -> Contested:
    return contested(get_verdicts(token))
