"""Facet counts computed together or taken from the cache equal the counts computed alone."""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext, override_settings

from provisions.facets import COUNTERS, ONE_PER_PROVISION, Options, _shared_counts, facet_counts
from provisions.filters import ProvisionFilter
from tests.provisions.builders import cast

pytestmark = pytest.mark.django_db

QUERIES = ["", "q=weapons", "topic=weapons&level=prohibits", "category=none&year_min=1970"]


@pytest.fixture
def corpus():
    return cast()


def valid(query: str) -> ProvisionFilter:
    filterset = ProvisionFilter(QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    return filterset


@pytest.mark.parametrize("query", QUERIES)
def test_the_shared_query_counts_as_each_facet_alone_would(corpus, query):
    filterset = valid(query)
    shared = _shared_counts(filterset)
    assert shared == {name: COUNTERS[name](filterset) for name in ONE_PER_PROVISION}
    assert sum(shared["instrument"].values()) == filterset.qs.count()


@pytest.mark.parametrize("query", QUERIES)
def test_cached_facets_equal_computed_ones(corpus, query):
    computed = facet_counts(valid(query))
    assert facet_counts(valid(query), "token-1") == computed  # a miss, stored
    assert facet_counts(valid(query), "token-1") == computed  # a hit


def test_the_choices_are_loaded_once_per_data_version(corpus, django_assert_num_queries):
    token = uuid.uuid4().hex
    with django_assert_num_queries(3):
        loaded = Options.load()
    with django_assert_num_queries(3):
        assert Options.load(token) == loaded  # a miss, stored
    with django_assert_num_queries(0):
        assert Options.load(token) == loaded  # a hit
    assert "ost" in loaded.instruments and loaded.labels()["instrument"] == loaded.instruments
    with django_assert_num_queries(3):
        Options.load(token + "-next")  # the data changed: loaded again


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def heading(client, url: str) -> str:
    return re.search(r'<h2 id="results-heading">([^<]*)</h2>', client.get(url).content.decode())[1]


@override_settings(PAGE_CACHE=False)
def test_another_topic_reuses_the_facets_a_topic_does_not_change(client, corpus):
    cold = queries(client, "/provisions/?topic=weapons")
    # Only the six facets under the topic filter are counted again, and the total is theirs.
    assert queries(client, "/provisions/?topic=consultations") < cold
    assert queries(client, "/provisions/?topic=consultations") < cold - 4


@override_settings(PAGE_CACHE=False)
def test_a_change_of_the_data_is_counted_at_once(client, corpus):
    assert heading(client, "/provisions/?q=celestial") == "1 provision"
    provision = corpus.p["ost/art-9"]
    provision.text = "On celestial bodies, too."
    provision.save()
    assert heading(client, "/provisions/?q=celestial") == "2 provisions"


@override_settings(PAGE_CACHE=False)
@pytest.mark.parametrize("query", QUERIES + ["instrument=ost&status=in_force&provenance=official"])
def test_the_total_shown_is_the_number_of_results(client, corpus, query):
    expected = client.get(f"/api/provisions.json?{query}").json()["count"]
    assert heading(client, f"/provisions/?{query}").startswith(f"{expected} provision")


@override_settings(PAGE_CACHE=False, FACET_CACHE=False)
def test_with_the_facet_cache_off_every_facet_is_counted(client, corpus):
    assert queries(client, "/provisions/?topic=weapons") == queries(
        client, "/provisions/?topic=weapons"
    )
