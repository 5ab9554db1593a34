"""The provision list's filters, their facet counts, and the errors for invalid values."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict

from provisions.facets import Options, active_filters, facet_counts
from provisions.filters import ProvisionFilter
from tests.provisions.builders import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return cast()


def listed(client, query: str) -> list[str]:
    """'instrument/slug' of every provision the API lists for this query string."""
    response = client.get(f"/api/provisions.json?page_size=100&{query}")
    assert response.status_code == 200, response.content
    return [f"{row['instrument']}/{row['slug']}" for row in response.json()["results"]]


def counts(query: str) -> dict[str, dict[str, int]]:
    filterset = ProvisionFilter(QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    return facet_counts(filterset)


def test_without_filters_every_published_provision_is_listed_in_document_order(client, corpus):
    assert listed(client, "") == [
        "ost/preamble", "ost/art-4", "ost/art-4-para-1", "ost/art-4-para-2", "ost/art-9",
        "liability/art-1", "liability/art-12", "ppwt/art-1", "ppwt/art-2",
        "lts/guideline-a-1", "lts/guideline-b-8",
    ]  # fmt: skip


def test_instrument_filter_takes_several_instruments(client, corpus):
    assert set(listed(client, "instrument=liability&instrument=lts")) == {
        "liability/art-1", "liability/art-12", "lts/guideline-a-1", "lts/guideline-b-8",
    }  # fmt: skip


def test_status_filter_uses_the_status_of_the_instrument(client, corpus):
    assert listed(client, "status=draft") == ["ppwt/art-1", "ppwt/art-2"]
    assert set(listed(client, "status=draft&status=non_binding")) == {
        "ppwt/art-1", "ppwt/art-2", "lts/guideline-a-1", "lts/guideline-b-8",
    }  # fmt: skip


def test_category_filter_lists_assessed_provisions_and_none_lists_unassessed_ones(client, corpus):
    assert listed(client, "category=debris") == ["ost/art-9", "lts/guideline-b-8"]
    assert listed(client, "category=none") == [
        "ost/preamble", "ost/art-4", "liability/art-1", "liability/art-12", "lts/guideline-a-1",
    ]  # fmt: skip
    assert listed(client, "category=force&category=none&instrument=ppwt") == ["ppwt/art-2"]


def test_category_and_level_must_hold_for_the_same_assessment(client, corpus):
    # art-4-para-1 prohibits WMD and is only indirect on other weapons.
    assert listed(client, "category=weapons&level=prohibits") == ["ppwt/art-2"]
    assert listed(client, "category=wmd&level=prohibits") == ["ost/art-4-para-1"]
    assert set(listed(client, "level=prohibits")) == {"ost/art-4-para-1", "ppwt/art-2"}


def test_no_assessment_cannot_have_a_level(client, corpus):
    assert listed(client, "category=none&level=guidance") == []
    assert listed(client, "category=none&category=debris&level=guidance") == ["lts/guideline-b-8"]


def test_topic_filter_takes_any_of_several_topics(client, corpus):
    assert listed(client, "topic=consultations") == ["ost/art-9"]
    assert set(listed(client, "topic=consultations&topic=peaceful-purposes")) == {
        "ost/preamble", "ost/art-4-para-2", "ost/art-9",
    }  # fmt: skip


def test_year_range_filters_on_the_year_the_instrument_was_adopted(client, corpus):
    assert {row.split("/")[0] for row in listed(client, "year_min=1970&year_max=2010")} == {
        "liability", "ppwt",
    }  # fmt: skip
    assert {row.split("/")[0] for row in listed(client, "year_min=2019")} == {"lts"}
    assert {row.split("/")[0] for row in listed(client, "year_max=1967")} == {"ost"}


def test_provenance_filter(client, corpus):
    assert listed(client, "provenance=unverified") == ["ost/art-9"]
    assert listed(client, "provenance=summary&provenance=unverified") == [
        "ost/art-9", "ppwt/art-1",
    ]  # fmt: skip


def test_filters_combine(client, corpus):
    query = "q=weapons&status=in_force&topic=weapons&level=prohibits&level=restricts"
    assert listed(client, query) == ["ost/art-4-para-1", "ost/art-4-para-2"]


def test_relevance_sort_needs_a_search_and_otherwise_keeps_document_order(client, corpus):
    assert listed(client, "sort=relevance") == listed(client, "")
    assert sorted(listed(client, "q=weapons&sort=relevance")) == sorted(listed(client, "q=weapons"))


def test_unpublished_instruments_cannot_be_chosen(client, corpus):
    response = client.get("/api/provisions.json?instrument=hidden")
    assert response.status_code == 400
    assert "instrument" in response.json()["errors"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("instrument=no-such-treaty", "instrument"),
        ("instrument=ost&instrument=%27%3B--", "instrument"),
        ("status=abolished", "status"),
        ("category=no-such-threat", "category"),
        ("level=forbids", "level"),
        ("topic=astrology", "topic"),
        ("provenance=hearsay", "provenance"),
        ("year_min=nineteen", "year_min"),
        ("year_min=1967.5", "year_min"),
        ("year_min=0", "year_min"),
        ("year_max=99999999999999999999", "year_max"),
        ("year_min=2000&year_max=1990", "year_max"),
        ("sort=random", "sort"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-3", "page"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=lots", "page_size"),
        ("instrument=ost%00", "instrument"),
    ],
)
def test_invalid_values_get_a_400_naming_the_parameter(client, corpus, query, parameter):
    response = client.get(f"/api/provisions.json?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]
    page = client.get(f"/provisions/?{query}")
    assert page.status_code == (200 if parameter == "page_size" else 400)
    if page.status_code == 400:
        assert b"Some filters could not be applied" in page.content
        assert f"<code>{parameter}</code>".encode() in page.content


def test_several_invalid_parameters_are_all_named(client, corpus):
    response = client.get("/api/provisions.json?status=x&level=y&year_min=z&topic=astrology")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "level", "year_min", "topic"}


# Facet counts --------------------------------------------------------------------------


def test_facet_counts_without_filters_count_every_published_provision(corpus):
    facets = counts("")
    assert facets["instrument"] == {"ost": 5, "liability": 2, "ppwt": 2, "lts": 2}
    assert facets["status"] == {"in_force": 7, "draft": 2, "non_binding": 2}
    assert facets["provenance"] == {"official": 9, "unverified": 1, "summary": 1}
    assert facets["topic"] == {"weapons": 3, "peaceful-purposes": 2, "consultations": 1}
    assert facets["category"] == {"wmd": 1, "weapons": 4, "force": 1, "debris": 2, "none": 5}
    assert facets["level"] == {"prohibits": 2, "restricts": 1, "indirect": 3, "guidance": 1}


def test_a_facet_counts_its_choices_under_the_other_filters_only(corpus):
    facets = counts("instrument=ost&q=weapons")
    # The instrument facet ignores the instrument filter: what choosing PPWT would add.
    assert facets["instrument"] == {"ost": 2, "ppwt": 2}
    # The others count within the OST and the search.
    assert facets["status"] == {"in_force": 2}
    assert facets["topic"] == {"weapons": 2, "peaceful-purposes": 1}
    assert facets["category"] == {"wmd": 1, "weapons": 2, "none": 0}


def test_category_and_level_facets_count_under_each_other(corpus):
    facets = counts("level=prohibits")
    assert facets["category"] == {"wmd": 1, "weapons": 1, "force": 1, "none": 0}
    assert facets["level"]["indirect"] == 3  # the level facet ignores the level filter
    facets = counts("category=weapons")
    assert facets["level"] == {"prohibits": 1, "restricts": 1, "indirect": 2}
    assert facets["category"]["none"] == 5


def test_facet_counts_agree_with_the_list_they_predict(client, corpus):
    facets = counts("status=in_force")
    for slug, count in facets["topic"].items():
        assert len(listed(client, f"status=in_force&topic={slug}")) == count
    for slug, count in facets["category"].items():
        assert len(listed(client, f"status=in_force&category={slug}")) == count


def test_the_list_page_shows_counts_beside_each_choice(client, corpus):
    response = client.get("/provisions/?status=draft")
    assert response.status_code == 200
    content = response.content.decode()
    assert re.search(r'value="draft" id="f-status-\d+" checked>', content)
    assert 'PPWT <span class="facet-count">(2<span' in content
    # A choice with no results is no box to tick: it is listed apart, collapsed.
    assert 'value="none"' not in content
    facet = content[content.index('id="facet-category"') :]
    facet = facet[: facet.index("</fieldset>")]
    assert '<details class="facet-empty">' in facet
    assert "<li>No assessment</li>" in facet[facet.index("<details") :]


def test_active_filters_are_listed_each_with_a_link_that_removes_only_it(corpus):
    query = QueryDict("q=weapons&instrument=ost&instrument=ppwt&level=prohibits&page=2")
    active = {f.label: f.remove_query for f in active_filters(query, Options.load())}
    assert active == {
        "Search: “weapons”": "instrument=ost&instrument=ppwt&level=prohibits",
        "Instrument: Outer Space Treaty": "q=weapons&instrument=ppwt&level=prohibits",
        "Instrument: PPWT": "q=weapons&instrument=ost&level=prohibits",
        "Coverage level: Prohibits": "q=weapons&instrument=ost&instrument=ppwt",
    }


def test_every_filter_state_is_a_shareable_url(client, corpus):
    response = client.get("/provisions/?topic=weapons&level=prohibits")
    content = response.content.decode()
    assert 'href="?level=prohibits">Topic: Weapons' in content
    assert 'href="/api/provisions.json?topic=weapons&amp;level=prohibits&amp;_all=1"' in content
    assert 'href="/provisions/?topic=weapons&amp;level=prohibits&amp;format=csv"' in content


def test_a_wrong_slug_is_answered_with_the_closest_valid_choices(client, corpus):
    response = client.get("/api/provisions.json?topic=wepons&instrument=ost-196")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any("did you mean weapons" in message for message in errors["topic"])
    assert any("did you mean ost" in message for message in errors["instrument"])
    page = client.get("/provisions/?topic=wepons")
    assert page.status_code == 400
    assert "did you mean weapons" in page.content.decode()
