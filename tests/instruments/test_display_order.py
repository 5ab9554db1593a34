"""Instruments are shown in one order everywhere: by status group, then by date adopted."""

from __future__ import annotations

import datetime
import re

import pytest

from instruments.models import Instrument
from provisions.models import DefinedTerm
from tests.conftest import make_instrument, make_provision

pytestmark = pytest.mark.django_db

Status = Instrument.Status


@pytest.fixture
def instruments() -> list[Instrument]:
    """Created out of order, with positions that contradict the expected order."""
    made = [
        make_instrument("guide", status=Status.NON_BINDING, binding=False, position=1,
                        adopted_on=datetime.date(1990, 1, 1)),
        make_instrument("late-treaty", adopted_on=datetime.date(1979, 1, 1), position=2),
        make_instrument("old-treaty", adopted_on=datetime.date(1967, 1, 1), position=9),
        make_instrument("undated-treaty", position=0),
        make_instrument("ended", status=Status.EXPIRED, position=0,
                        adopted_on=datetime.date(1950, 1, 1)),
        make_instrument("draft", status=Status.DRAFT, position=5,
                        adopted_on=datetime.date(2008, 1, 1)),
    ]  # fmt: skip
    for instrument in made:
        provision = make_provision(instrument, "art-1", text="The space object is defined.")
        DefinedTerm.objects.create(
            provision=provision, slug="space-object", term="space object", position=1
        )
    return made


EXPECTED = ["old-treaty", "late-treaty", "undated-treaty", "draft", "guide", "ended"]


def test_instruments_are_ordered_by_status_group_then_date_with_undated_ones_last(instruments):
    assert list(Instrument.objects.in_display_order().values_list("slug", flat=True)) == EXPECTED


def test_the_facet_the_default_result_order_and_the_definitions_follow_the_same_order(
    client, instruments
):
    content = client.get("/provisions/").content.decode()
    facet = content[content.index('id="facet-instrument"') :]
    facet = facet[: facet.index("</fieldset>")]
    assert re.findall(r'name="instrument" value="([^"]+)"', facet) == EXPECTED
    results = content[content.index('class="results"') :]
    assert re.findall(r'href="/instruments/([^/"]+)/art-1/"', results) == EXPECTED
    definitions = client.get("/definitions/").content.decode()
    shown = [definitions.index(f'href="/instruments/{slug}/') for slug in EXPECTED]
    assert shown == sorted(shown)


def test_the_matrix_columns_follow_the_same_order(client, instruments):
    content = client.get("/?scope=all").content.decode()
    columns = re.findall(r'<th[^>]*scope="col"[^>]*>\s*<a href="/instruments/([^/"]+)/"', content)
    assert columns == EXPECTED
