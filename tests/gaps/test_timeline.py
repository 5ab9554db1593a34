"""The timeline: each instrument's milestones, and the gaps left after each change."""

from __future__ import annotations

import pytest

from instruments.models import Instrument
from tests.gaps.dated_builders import dated_corpus, day
from tests.gaps.matrix_builders import bulk_corpus

pytestmark = pytest.mark.django_db


def rows(page: str) -> dict[str, str]:
    """Date -> the rest of its table row."""
    body = page.split('<table class="timeline-changes">')[1]
    found = {}
    for row in body.split("<tr>")[2:]:
        found[row.split('datetime="')[1][:10]] = row
    return found


def counts(row: str) -> tuple[int, int]:
    cells = row.split("<td>")[-2:]
    return int(cells[0].split("<")[0]), int(cells[1].split("<")[0])


def test_each_change_lists_what_happened_and_the_gaps_after_it(client):
    dated_corpus()
    page = client.get("/timeline/").content.decode()
    found = rows(page)
    # Four categories: the PTBT prohibits none of them, the OST then prohibits WMD.
    assert "PTBT</a> entered into force" in found["1963-10-10"]
    assert counts(found["1963-10-10"]) == (4, 4)
    assert "Outer Space Treaty</a> adopted" in found["1966-12-19"]
    assert counts(found["1966-12-19"]) == (4, 4)
    assert counts(found["1967-10-10"]) == (3, 3)
    # The 2008 draft prohibits proximity operations; the 2014 one replaces it, banning
    # ASAT tests but only restricting proximity operations.
    assert counts(found["2008-02-12"]) == (3, 2)
    assert "PPWT 2008</a> superseded or ended" in found["2014-06-10"]
    assert "PPWT 2014</a> tabled" in found["2014-06-10"]
    assert counts(found["2014-06-10"]) == (3, 2)


def test_the_figure_is_an_image_with_a_text_alternative_and_names_what_it_cannot_draw(client):
    dated_corpus()
    page = client.get("/timeline/").content.decode()
    assert '<svg role="img" aria-labelledby="timeline-title timeline-desc"' in page
    assert page.count("<rect ") == 6  # every dated instrument, not the undated draft
    assert "Not drawn, for want of a recorded date:\n    Undated draft." in page


@pytest.mark.parametrize("size", [1, 10])
def test_the_timeline_issues_a_constant_number_of_queries(
    client, django_assert_max_num_queries, size
):
    bulk_corpus(instruments=3 * size, categories=2 * size, provisions=2 * size)
    for number, instrument in enumerate(Instrument.objects.all()):
        instrument.adopted_on = instrument.in_force_on = day(f"{1960 + number}-01-01")
        instrument.tabled_on = day(f"{1960 + number}-01-01")
        if instrument.status != Instrument.Status.IN_FORCE:
            instrument.in_force_on = None
        instrument.save()
    # The data version, the catalogue, the dates, and one matrix of three queries.
    with django_assert_max_num_queries(6):
        response = client.get("/timeline/")
    assert response.status_code == 200
    assert response.content.decode().count("<rect ") == 3 * size
