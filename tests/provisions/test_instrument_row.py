"""One instrument's row of the matrix: its strongest level in each category."""

from __future__ import annotations

import pytest

from provisions.instrument_row import instrument_row
from provisions.models import Level
from tests.conftest import make_category, make_coverage, make_instrument, make_provision

pytestmark = pytest.mark.django_db


def test_row_takes_the_strongest_level_of_the_instruments_provisions_per_category(
    django_assert_max_num_queries,
):
    first = make_category("first", position=1)
    second = make_category("second", position=2)
    gap = make_category("gap", position=3)
    treaty = make_instrument("treaty")
    other = make_instrument("other")
    make_coverage(make_provision(treaty, "art-1"), first, "indirect")
    make_coverage(make_provision(treaty, "art-2"), first, "restricts")
    make_coverage(make_provision(treaty, "art-3"), second, "indirect")
    make_coverage(make_provision(other, "art-1"), gap, "prohibits")  # not this instrument's
    with django_assert_max_num_queries(2):
        row = instrument_row(treaty)
    assert [(cell.category.slug, cell.level) for cell in row] == [
        ("first", Level.RESTRICTS),
        ("second", Level.INDIRECT),
        ("gap", None),
    ]
