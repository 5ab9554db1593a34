"""Positions and claims for tests, on top of the known matrix corpus (tests/gaps)."""

from __future__ import annotations

import datetime

from instruments.models import Instrument
from positions.models import Assertion, Claim, Position
from provisions.models import ThreatCategory


def make_position(slug: str = "paper", text: str = "", **fields) -> Position:
    values = {
        "title": f"The {slug} paper",
        "author": "A State",
        "date": datetime.date(2022, 5, 1),
        "date_precision": Position.DatePrecision.MONTH,
        "kind": Position.Kind.POSITION_PAPER,
        "provenance": "unverified",
        "source_url": "https://example.org/paper",
        "published": True,
        "text": text,
    }
    values.update(fields)
    return Position.objects.create(slug=slug, **values)


def make_claim(
    position: Position,
    slug: str,
    quote: str,
    asserts: list[tuple[ThreatCategory, str, list[Instrument]]],
    **fields,
) -> Claim:
    claim = Claim.objects.create(position=position, slug=slug, quote=quote, **fields)
    for category, asserted, instruments in asserts:
        assertion = Assertion.objects.create(claim=claim, category=category, asserted=asserted)
        assertion.instruments.set(instruments)
    return claim


def bulk_positions(positions: int, claims_each: int) -> None:
    """`positions` positions of `claims_each` claims, each asserting about two categories and
    naming three instruments; on top of tests.gaps.matrix_builders.bulk_corpus."""
    from gaps.models import DataVersion

    categories = list(ThreatCategory.objects.all()[:2])
    instruments = list(Instrument.objects.published()[:3])
    made = Position.objects.bulk_create(
        make_position_values(f"bulk-{n}", n) for n in range(positions)
    )
    claims = Claim.objects.bulk_create(
        Claim(position=position, slug=f"c-{n}", quote=f"Claim {n}.", order=n)
        for position in made
        for n in range(claims_each)
    )
    assertions = Assertion.objects.bulk_create(
        Assertion(claim=claim, category=category, asserted=asserted)
        for claim in claims
        for category, asserted in zip(categories, ["covered", "not_covered"], strict=False)
    )
    Assertion.instruments.through.objects.bulk_create(
        Assertion.instruments.through(assertion=assertion, instrument=instrument)
        for assertion in assertions
        for instrument in instruments
    )
    DataVersion.bump()


def make_position_values(slug: str, n: int) -> Position:
    text = " ".join(f"Claim {m}." for m in range(50))
    return Position(
        slug=slug,
        title=f"Paper {n}",
        author=f"State {n}",
        date=datetime.date(2020, 1, 1),
        kind=Position.Kind.STATEMENT,
        provenance="unverified",
        source_url="https://example.org",
        published=True,
        text=text,
        position=n,
    )
