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
