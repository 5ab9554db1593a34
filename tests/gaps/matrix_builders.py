"""Corpora for the matrix tests: a small one whose answer is known, and large ones.

The known corpus, and the answer the gap rule must give:

| category | ost   | ptbt     | ppwt-old  | ppwt-new  | guidelines |
|----------|-------|----------|-----------|-----------|------------|
| wmd      | P     |          |           |           |            |
| asat     | R (2) | I        |           | P         | G          |
| rpo      |       |          | P         | R         |            |
| jamming  |       |          |           |           | G          |

P prohibits, R restricts, G guidance, I indirect. ost and ptbt are in force, the two
PPWTs drafts (ppwt-new supersedes ppwt-old), guidelines non-binding. An unpublished
in-force treaty `hidden` prohibits jamming and must never count.

- in_force: wmd covered; asat gap (restricts); rpo gap (none); jamming gap (none).
- drafts: wmd and asat covered; rpo gap (restricts: ppwt-old is superseded); jamming gap.
- all: as drafts, jamming's strongest is guidance.
- what-if {ost, ppwt-old}: rpo covered (nothing supersedes ppwt-old in that set).
"""

from __future__ import annotations

from dataclasses import dataclass

from gaps.models import DataVersion
from instruments.models import Instrument
from provisions.models import Coverage, Provision, ThreatCategory
from tests.conftest import make_category, make_coverage, make_instrument, make_provision

DRAFT = {"kind": Instrument.Kind.DRAFT_TREATY, "status": Instrument.Status.DRAFT, "binding": True}
NON_BINDING = {
    "kind": Instrument.Kind.GUIDELINES,
    "status": Instrument.Status.NON_BINDING,
    "binding": False,
}


@dataclass
class Known:
    categories: dict[str, ThreatCategory]
    instruments: dict[str, Instrument]
    provisions: dict[str, Provision]


def known_corpus() -> Known:
    categories = {
        slug: make_category(slug, name=name, position=position)
        for position, (slug, name) in enumerate(
            [
                ("wmd", "Weapons of mass destruction"),
                ("asat", "Destructive ASAT tests"),
                ("rpo", "Proximity operations"),
                ("jamming", "Jamming"),
            ],
            start=1,
        )
    }
    ost = make_instrument("ost", short_name="Outer Space Treaty", position=1)
    ptbt = make_instrument("ptbt", short_name="Test Ban Treaty", position=2)
    old = make_instrument("ppwt-old", short_name="PPWT 2008", position=3, **DRAFT)
    new = make_instrument("ppwt-new", short_name="PPWT 2014", position=4, supersedes=old, **DRAFT)
    guidelines = make_instrument("guidelines", short_name="LTS Guidelines", **NON_BINDING)
    hidden = make_instrument("hidden", short_name="Secret Pact", published=False)
    p = {
        "ost-4": make_provision(ost, "art-4", label="Article IV"),
        "ost-9": make_provision(ost, "art-9", label="Article IX", text="Consult *before*."),
        "ost-3": make_provision(ost, "art-3", label="Article III"),
        "ptbt-1": make_provision(ptbt, "art-1", label="Article I"),
        "old-2": make_provision(old, "art-2", label="Article II (2008)"),
        "new-2": make_provision(new, "art-2", label="Article II (2014)"),
        "new-4": make_provision(new, "art-4", label="Article IV (2014)"),
        "guide-1": make_provision(guidelines, "g-1", label="Guideline 1"),
        "hidden-1": make_provision(hidden, "art-1", label="Secret Article"),
    }
    c = categories
    make_coverage(p["ost-4"], c["wmd"], "prohibits", rationale="Bans WMD in orbit.")
    make_coverage(
        p["ost-9"], c["asat"], "restricts", rationale="Consultation only; **no ban** on tests."
    )
    make_coverage(p["ost-3"], c["asat"], "indirect", rationale="General international law.")
    make_coverage(p["ptbt-1"], c["asat"], "indirect", rationale="Nuclear tests only.")
    make_coverage(p["old-2"], c["rpo"], "prohibits", rationale="Old draft banned it.")
    make_coverage(p["new-2"], c["rpo"], "restricts", rationale="New draft dropped the ban.")
    make_coverage(p["new-4"], c["asat"], "prohibits", rationale="Bans the use of force.")
    make_coverage(p["guide-1"], c["asat"], "guidance", rationale="Should avoid debris.")
    make_coverage(p["guide-1"], c["jamming"], "guidance", rationale="Should not interfere.")
    make_coverage(p["hidden-1"], c["jamming"], "prohibits", rationale="Secretly banned.")
    instruments = {i.slug: i for i in (ost, ptbt, old, new, guidelines, hidden)}
    return Known(categories, instruments, p)


STATUSES = [
    {"kind": Instrument.Kind.TREATY, "status": Instrument.Status.IN_FORCE, "binding": True},
    DRAFT,
    NON_BINDING,
]
LEVELS = ["prohibits", "restricts", "guidance", "indirect"]


def level_for(provision: Provision, category_index: int) -> str:
    """Varied levels; nothing prohibits category 0, so every scope has a gap to explain."""
    if not provision.instrument.binding:
        return "guidance"
    if category_index == 0:
        return LEVELS[1 + provision.position % 3]
    return LEVELS[(category_index + provision.position) % 4]


def bulk_corpus(instruments: int, categories: int, provisions: int) -> None:
    """A corpus of the given size, every provision assessed against every category.

    Built with bulk_create for speed, so it bumps the data version itself as any code
    writing without signals must.
    """
    made = Instrument.objects.bulk_create(
        Instrument(
            slug=f"inst-{n}",
            short_name=f"Instrument {n}",
            title=f"Instrument {n}",
            published=True,
            position=n,
            **STATUSES[n % len(STATUSES)],
        )
        for n in range(instruments)
    )
    # Each draft supersedes the draft before it, so the superseded rule has work to do.
    drafts = [item for item in made if item.status == Instrument.Status.DRAFT]
    for older, newer in zip(drafts, drafts[1:], strict=False):
        newer.supersedes = older
    Instrument.objects.bulk_update(drafts, ["supersedes"])
    cats = ThreatCategory.objects.bulk_create(
        ThreatCategory(slug=f"cat-{n}", name=f"Category {n}", definition="D.", position=n)
        for n in range(categories)
    )
    provs = Provision.objects.bulk_create(
        Provision(
            instrument=item,
            slug=f"art-{n}",
            label=f"Article {n}",
            text="Text.",
            provenance="official",
            position=n,
        )
        for item in made
        for n in range(provisions)
    )
    Coverage.objects.bulk_create(
        Coverage(
            provision=provision,
            category=category,
            level=level_for(provision, index),
            rationale="Because.",
        )
        for provision in provs
        for index, category in enumerate(cats)
    )
    DataVersion.bump()
