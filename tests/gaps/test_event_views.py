"""Event pages: the list with its filters, JSON and CSV, and the law on an event's date."""

from __future__ import annotations

import csv
import io

import pytest

from events.models import Event
from provisions.models import ThreatCategory
from tests.events.builders import make_event
from tests.gaps.dated_builders import dated_corpus, day

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    instruments = dated_corpus()
    cats = {c.slug: c for c in ThreatCategory.objects.all()}
    make_event("test-2007", day("2007-01-11"), [cats["asat"]], actors=("State A",))
    make_event("before-ost", day("1967-10-09"), [cats["wmd"]], actors=("State B",))
    make_event("on-ost", day("1967-10-10"), [cats["wmd"]], actors=("State A", "State B"))
    make_event("in-june", day("2019-06-01"), [cats["debris"]], date_precision="month")
    make_event("hidden", day("2000-01-01"), [cats["asat"]], published=False)
    return instruments


def test_the_event_page_shows_the_row_in_force_on_its_date_and_that_it_was_a_gap(client, corpus):
    page = client.get("/events/test-2007/").content.decode()
    assert "The law on 11 January 2007" in page
    law = page.split('id="law-asat"')[1].split("</article>")[0]
    assert "Outer Space Treaty" in law and "PTBT" in law
    assert '<strong class="gap">Gap</strong>: no binding instrument in force prohibited it.' in law
    # Came later, with the day each came to count.
    later = law.split("Instruments that came later")[1]
    assert 'PPWT 2014</a> (from <time datetime="2014-06-10">' in later
    assert 'Resolution 77/41</a> (from <time datetime="2022-12-07">' in later
    assert "LTS Guidelines" not in later  # it does not address ASAT tests
    assert "Undated draft" in page  # left out for want of a date, and said so


def test_the_day_before_entry_into_force_is_a_gap_and_the_day_itself_is_not(client, corpus):
    before = client.get("/events/before-ost/").content.decode()
    on = client.get("/events/on-ost/").content.decode()
    assert "no binding instrument in force prohibited it" in before.split('id="law-wmd"')[1]
    assert "Prohibited by an instrument in force." in on.split('id="law-wmd"')[1]
    assert "Outer Space Treaty" not in before.split('id="law-wmd"')[1].split("<tfoot>")[0]


def test_an_event_known_to_the_month_is_shown_with_the_law_at_the_end_of_that_month(client, corpus):
    page = client.get("/events/in-june/").content.decode()
    assert "The law on 30 June 2019" in page
    assert "June 2019" in page and "the sources give only the month" in page


def test_an_unpublished_event_is_not_found(client, corpus):
    assert client.get("/events/hidden/").status_code == 404


def test_the_list_filters_by_category_year_and_actor(client, corpus):
    def slugs(query: str) -> list[str]:
        return [e["slug"] for e in client.get(f"/events.json?{query}").json()["events"]]

    assert slugs("") == ["before-ost", "on-ost", "test-2007", "in-june"]
    assert slugs("category=wmd") == ["before-ost", "on-ost"]
    assert slugs("year=2007") == ["test-2007"]
    assert slugs("actor=state-b") == ["before-ost", "on-ost"]
    assert slugs("actor=state-a&year=1967") == ["on-ost"]
    page = client.get("/events/?category=wmd").content.decode()
    assert "Made-up test event on-ost" in page and "Made-up test event test-2007" not in page


@pytest.mark.parametrize("query", ["year=abc", "year=20070", "category=nowhere", "actor=nobody"])
def test_a_bad_filter_gets_a_400_naming_the_parameter(client, corpus, query):
    name = query.split("=")[0]
    for url in ("/events.json", "/events.csv"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [name]
    page = client.get(f"/events/?{query}")
    assert page.status_code == 400
    assert f"<code>{name}</code>" in page.content.decode()


def test_the_csv_has_one_row_per_event(client, corpus):
    response = client.get("/events.csv?category=wmd")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == ["before-ost", "on-ost"]
    assert rows[1]["actors"] == "State A; State B"


def test_the_category_page_lists_its_events_and_the_matrix_row_links_to_them(client, corpus):
    page = client.get("/gaps/wmd/").content.decode()
    assert "Made-up test event before-ost" in page and "Made-up test event test-2007" not in page
    home = client.get("/").content.decode()
    assert '<a class="row-events" href="/gaps/wmd/#events">2 events</a>' in home


def more_events(count: int) -> None:
    cats = list(ThreatCategory.objects.all())
    for n in range(count):
        make_event(f"more-{n}", day("2010-01-01"), cats[: 1 + n % 3], actors=(f"State {n}",))


@pytest.mark.parametrize("size", [1, 20])
@pytest.mark.parametrize(
    ("url", "bound"),
    [
        # Count, page, actors, categories, and the choices of the two filters.
        ("/events/", 6),
        ("/events.json", 3),
        ("/events.csv", 3),
        # Event, actors, categories, sources; data version, catalogue, dates, three matrices
        # of three queries each.
        ("/events/test-2007/", 4 + 3 + 3 * 3),
    ],
)
def test_event_pages_issue_a_constant_number_of_queries(
    client, corpus, django_assert_max_num_queries, size, url, bound
):
    more_events(size)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    assert Event.objects.published().count() == 4 + size
