"""A named cast of instruments and provisions for the clause browser, and bulk corpora.

The cast (all published except `hidden`):

- ost, Outer Space Treaty, in force, adopted 1967: preamble; Article IV (text in its two
  paragraphs: art-4-para-1 prohibits WMD in orbit, art-4-para-2 restricts weapons on
  celestial bodies); Article IX (unverified transcription, indirect on debris).
- liability, Liability Convention, in force, 1972: Article I defines "space object" and
  "launching State"; Article XII registration heading (no assessment).
- ppwt, draft treaty, 2008, summary text: Article I defines "outer space object" and
  "weapon in outer space"; Article II prohibits weapons and the use of force.
- lts, guidelines, non-binding, 2019: Guideline A.1 (no assessment), Guideline B.8
  (guidance on debris).
- hidden, unpublished: its provision mentions nuclear weapons and must never show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from instruments.models import Instrument
from provisions.models import Coverage, DefinedTerm, Provision, ThreatCategory, Topic
from tests.conftest import make_category, make_coverage, make_instrument, make_provision


@dataclass
class Cast:
    ost: Instrument
    liability: Instrument
    ppwt: Instrument
    lts: Instrument
    hidden: Instrument
    wmd: ThreatCategory
    weapons: ThreatCategory
    force: ThreatCategory
    debris: ThreatCategory
    topic_weapons: Topic
    topic_peace: Topic
    topic_consultations: Topic
    p: dict[str, Provision]  # "instrument/slug" -> provision


def cast() -> Cast:
    wmd = make_category("wmd", name="Weapons of mass destruction in orbit", position=1)
    weapons = make_category("weapons", name="Other weapons in orbit", position=2)
    force = make_category("force", name="Use of force against space objects", position=3)
    debris = make_category("debris", name="Debris-generating activities", position=4)
    topic_weapons = Topic.objects.create(slug="weapons", name="Weapons", position=1)
    topic_peace = Topic.objects.create(
        slug="peaceful-purposes", name="Peaceful purposes", position=2
    )
    topic_consultations = Topic.objects.create(
        slug="consultations", name="Consultations", position=3
    )

    ost = make_instrument(
        "ost",
        short_name="Outer Space Treaty",
        title="Treaty on Principles Governing the Activities of States in Outer Space",
        symbols="A/RES/2222 (XXI)",
        adopted_on=datetime.date(1967, 1, 27),
        in_force_on=datetime.date(1967, 10, 10),
        parties=115,
        parties_as_of=datetime.date(2024, 1, 1),
        depositary="Russian Federation, United Kingdom, United States",
        summary="The *basic* treaty of space law.",
        position=1,
    )
    liability = make_instrument(
        "liability",
        short_name="Liability Convention",
        adopted_on=datetime.date(1972, 3, 29),
        position=2,
    )
    ppwt = make_instrument(
        "ppwt",
        short_name="PPWT",
        kind=Instrument.Kind.DRAFT_TREATY,
        status=Instrument.Status.DRAFT,
        adopted_on=datetime.date(2008, 2, 12),
        selection_note="Only Articles I and II are held.",
        position=3,
    )
    lts = make_instrument(
        "lts",
        short_name="LTS Guidelines",
        kind=Instrument.Kind.GUIDELINES,
        status=Instrument.Status.NON_BINDING,
        binding=False,
        adopted_on=datetime.date(2019, 6, 21),
        position=4,
    )
    hidden = make_instrument("hidden", short_name="Hidden draft", published=False, position=5)

    p: dict[str, Provision] = {}

    def add(instrument: Instrument, slug: str, **fields) -> Provision:
        provision = make_provision(instrument, slug, **fields)
        p[f"{instrument.slug}/{slug}"] = provision
        return provision

    add(
        ost,
        "preamble",
        label="Preamble",
        text="The States Parties, recognizing the common interest of all mankind in the use "
        "of outer space for peaceful purposes,",
    ).topics.add(topic_peace)
    art4 = add(ost, "art-4", label="Article IV", text="")
    para1 = add(
        ost,
        "art-4-para-1",
        label="Article IV, paragraph 1",
        parent=art4,
        text="States Parties undertake not to place in orbit around the earth any objects "
        "carrying nuclear weapons or any other kinds of weapons of mass destruction.",
    )
    para1.topics.add(topic_weapons)
    make_coverage(para1, wmd, "prohibits", rationale='"not to place in orbit": **WMD** only.')
    make_coverage(para1, weapons, "indirect", rationale="Silent on other weapons.")
    para2 = add(
        ost,
        "art-4-para-2",
        label="Article IV, paragraph 2",
        parent=art4,
        text="The moon and other celestial bodies shall be used exclusively for peaceful "
        "purposes. The establishment of military bases and the testing of any type of "
        "weapons on celestial bodies shall be forbidden.",
    )
    para2.topics.add(topic_weapons, topic_peace)
    make_coverage(para2, weapons, "restricts", rationale="Only on celestial bodies.")
    art9 = add(
        ost,
        "art-9",
        label="Article IX",
        provenance=Provision.Provenance.UNVERIFIED,
        text="States Parties shall avoid harmful contamination of outer space and shall "
        "undertake appropriate international consultations.",
    )
    art9.topics.add(topic_consultations)
    make_coverage(art9, debris, "indirect", rationale="Contamination, not debris as such.")

    liability1 = add(
        liability,
        "art-1",
        label="Article I",
        heading="Definitions",
        text='For the purposes of this Convention the term "space object" includes component '
        'parts of a space object, and the term "launching State" means a State which '
        "launches a space object.",
    )
    DefinedTerm.objects.create(provision=liability1, term="space object", position=1)
    DefinedTerm.objects.create(provision=liability1, term="launching State", position=2)
    add(
        liability,
        "art-12",
        label="Article XII",
        heading="Registration of claims",
        text="The compensation shall be determined in accordance with international law.",
    )

    ppwt1 = add(
        ppwt,
        "art-1",
        label="Article I",
        provenance=Provision.Provenance.SUMMARY,
        text='Defines "outer space object" as any device placed in outer space and "weapon in '
        'outer space" as any device based on any physical principle.',
    )
    DefinedTerm.objects.create(provision=ppwt1, term="outer space object", position=1)
    DefinedTerm.objects.create(provision=ppwt1, term="weapon in outer space", position=2)
    make_coverage(ppwt1, weapons, "indirect", rationale="A definition only.")
    ppwt2 = add(
        ppwt,
        "art-2",
        label="Article II",
        text="States Parties undertake not to place in orbit any objects carrying any kinds of "
        "weapons, and not to resort to the threat or use of force against outer space objects.",
    )
    ppwt2.topics.add(topic_weapons)
    make_coverage(ppwt2, weapons, "prohibits", rationale="Would ban placement.")
    make_coverage(ppwt2, force, "prohibits", rationale="Would ban the use of force.")

    add(
        lts,
        "guideline-a-1",
        label="Guideline A.1",
        text="States should adopt, revise and amend national regulatory frameworks.",
    )
    b8 = add(
        lts,
        "guideline-b-8",
        label="Guideline B.8",
        heading="Design for safety",
        text="States should design space objects to limit debris and the risk of collisions.",
    )
    make_coverage(b8, debris, "guidance", rationale="Voluntary.")

    secret = add(hidden, "art-1", label="Article 1", text="Nuclear weapons everywhere, secretly.")
    make_coverage(secret, wmd, "prohibits", rationale="Hidden.")

    return Cast(
        ost, liability, ppwt, lts, hidden, wmd, weapons, force, debris,
        topic_weapons, topic_peace, topic_consultations, p,
    )  # fmt: skip


def keys(provisions) -> list[str]:
    """'instrument/slug' for each provision, in the order given."""
    return [f"{p.instrument.slug}/{p.slug}" for p in provisions]


def bulk_corpus(instruments: int, provisions_each: int) -> None:
    """Many published instruments with assessed, tagged provisions, for query-count tests."""
    categories = [make_category(f"category-{n}", position=n) for n in range(3)]
    topics = [Topic.objects.create(slug=f"topic-{n}", name=f"Topic {n}") for n in range(3)]
    for i in range(instruments):
        instrument = make_instrument(
            f"instrument-{i}", position=i, adopted_on=datetime.date(1960 + i, 1, 1)
        )
        provisions = Provision.objects.bulk_create(
            Provision(
                instrument=instrument,
                slug=f"art-{n}",
                label=f"Article {n}",
                heading="Weapons" if n % 2 else "",
                text=f"States shall not place weapons number {n} in orbit.",
                position=n,
                provenance=Provision.Provenance.OFFICIAL,
            )
            for n in range(provisions_each)
        )
        Coverage.objects.bulk_create(
            Coverage(
                provision=provision,
                category=categories[n % 3],
                level=["prohibits", "restricts", "indirect"][n % 3],
                rationale="Because.",
            )
            for n, provision in enumerate(provisions)
        )
        Provision.topics.through.objects.bulk_create(
            Provision.topics.through(provision=provision, topic=topics[n % 3])
            for n, provision in enumerate(provisions)
        )
        DefinedTerm.objects.bulk_create(
            DefinedTerm(provision=provisions[0], term=f"term {n}", slug=f"term-{n}", position=n)
            for n in range(2)
        )


def clear_bulk() -> None:
    """Remove what bulk_corpus() made, to build it again at another size in the same test."""
    Instrument.objects.all().delete()
    ThreatCategory.objects.all().delete()
    Topic.objects.all().delete()
