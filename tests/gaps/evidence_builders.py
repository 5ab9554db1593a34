"""A corpus whose evidence answer is known, for the evidence tests.

| category | ost (in force)                  | ppwt (draft)                                  |
|----------|---------------------------------|-----------------------------------------------|
| wmd      | P official (Art. IV)            |                                               |
| asat     | R official (IX), R summary (III)| P unverified (Art. II)                        |
| rpo      | P summary (preamble)            | P summary (Art. V)                            |
| jamming  |                                 | R official (Art. VI), P summary (Art. VII)    |
| nonwmd   | R official, "on celestial bodies only" (IV(2)) |                                |

The answers:
- all evidence, in force: gaps asat, jamming, nonwmd; rpo is covered by a summary.
  PPWT would close asat (unverified) and jamming (a summary).
- verbatim, in force: gaps asat, rpo, jamming, nonwmd. PPWT would close asat only.
- official, in force: the same gaps; PPWT would close none (its jamming cell: restricts).
"""

from __future__ import annotations

from dataclasses import dataclass

from instruments.models import Instrument
from provisions.models import ThreatCategory
from tests.conftest import make_category, make_coverage, make_instrument, make_provision

OFFICIAL, UNVERIFIED, SUMMARY = "official", "unverified", "summary"


@dataclass
class EvidenceCorpus:
    categories: dict[str, ThreatCategory]
    ost: Instrument
    ppwt: Instrument


def evidence_corpus() -> EvidenceCorpus:
    categories = {
        slug: make_category(slug, name=name, position=position)
        for position, (slug, name) in enumerate(
            [
                ("wmd", "Weapons of mass destruction"),
                ("asat", "Destructive ASAT tests"),
                ("rpo", "Proximity operations"),
                ("jamming", "Jamming"),
                ("nonwmd", "Other weapons in space"),
            ],
            start=1,
        )
    }
    c = categories
    ost = make_instrument("ost", short_name="Outer Space Treaty", position=1)
    ppwt = make_instrument(
        "ppwt",
        short_name="PPWT 2014",
        position=2,
        kind=Instrument.Kind.DRAFT_TREATY,
        status=Instrument.Status.DRAFT,
    )

    def assess(instrument, slug, provenance, category, level, **fields):
        provision = make_provision(instrument, slug, label=slug.title(), provenance=provenance)
        return make_coverage(provision, c[category], level, **fields)

    assess(ost, "art-4", OFFICIAL, "wmd", "prohibits")
    assess(ost, "art-9", OFFICIAL, "asat", "restricts")
    assess(ost, "art-3", SUMMARY, "asat", "restricts")
    assess(ost, "preamble", SUMMARY, "rpo", "prohibits")
    assess(
        ost, "art-4-para-2", OFFICIAL, "nonwmd", "restricts", qualifier="on celestial bodies only"
    )
    assess(ppwt, "art-2", UNVERIFIED, "asat", "prohibits")
    assess(ppwt, "art-5", SUMMARY, "rpo", "prohibits")
    assess(ppwt, "art-6", OFFICIAL, "jamming", "restricts")
    assess(ppwt, "art-7", SUMMARY, "jamming", "prohibits")
    return EvidenceCorpus(categories, ost, ppwt)
