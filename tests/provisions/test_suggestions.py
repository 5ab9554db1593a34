"""'Did you mean': a search that finds little offers the corpus's own words, on both databases.

The module runs on PostgreSQL (pg_trgm over the stored vectors' words) and on SQLite (the
fts5vocab table over the FTS5 index) alike; the tests of one database's machinery say so.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from provisions import suggestions
from tests.conftest import make_provision
from tests.provisions.builders import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return cast()


def test_distance_counts_insertions_deletions_and_substitutions():
    assert suggestions.distance("wepon", "weapon") == 1
    assert suggestions.distance("weapon", "weapon") == 0
    assert suggestions.distance("orbit", "orbti") == 2
    assert suggestions.distance("", "moon") == 4


def test_a_misspelt_word_is_respelt_from_the_corpus(corpus):
    assert suggestions.suggest("wepon") == ["weapon"]


def test_only_the_unknown_words_change_and_the_syntax_stays(corpus):
    assert suggestions.suggest('wepon -debris "outer space"') == ['weapon -debris "outer space"']
    assert suggestions.suggest("Celestial WEPON") == ["Celestial weapon"]


def test_known_words_and_their_inflections_get_no_suggestion(corpus):
    assert suggestions.suggest("weapons") == []
    assert suggestions.suggest("celestial bodies") == []


def test_words_of_unpublished_instruments_are_never_suggested(corpus):
    # "secretly" is only in the hidden draft.
    assert suggestions.suggest("secretely") == []


def test_a_query_of_stop_words_or_numbers_asks_the_database_nothing(corpus):
    with CaptureQueriesContext(connection) as queries:
        assert suggestions.suggest("the of 1967") == []
    assert len(queries) == 0


@pytest.mark.parametrize("q", ['wepon"; DROP TABLE x; --', "%wepon%", "wepon\\", "wepon' OR 1=1"])
def test_hostile_queries_are_only_data(corpus, q):
    assert suggestions.suggest(q) in ([], [q.replace("wepon", "weapon")])


def test_the_list_offers_a_link_to_the_same_filters_with_the_respelt_search(client, corpus):
    response = client.get("/provisions/?q=wepon&instrument=ost&page=1")
    content = response.content.decode()
    assert response.status_code == 200
    assert "0 provisions" in content
    assert 'Did you mean <a href="?q=weapon&amp;instrument=ost">weapon</a>?' in content
    followed = client.get("/provisions/?instrument=ost&q=weapon").content.decode()
    assert "Did you mean" not in followed
    assert "Article IV, paragraph 1" in followed


def test_the_list_offers_nothing_when_the_search_finds_enough(client, corpus):
    assert "Did you mean" not in client.get("/provisions/?q=weapons").content.decode()


def test_the_api_gives_the_suggestions_with_their_urls(client, corpus):
    data = client.get("/api/provisions.json?q=wepon&status=in_force").json()
    assert data["count"] == 0
    assert data["suggestions"] == [
        {
            "q": "weapon",
            "url": "http://testserver/api/provisions.json?q=weapon&status=in_force",
        }
    ]
    assert client.get("/api/provisions.json?q=weapons").json()["suggestions"] == []


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@override_settings(FACET_CACHE=False)  # facets and their choices counted at every request
def test_a_suggestion_costs_one_query_whatever_the_corpus_size(client, corpus):
    # Both searches find nothing; only the misspelt one looks for suggestions (numbers are
    # never re-spelt).
    without = queries_for(client, "/provisions/?q=1234567")
    with_suggestion = queries_for(client, "/provisions/?q=wepon")
    for n in range(30):
        make_provision(corpus.ost, f"extra-{n}", text=f"word{n} orbits")
    assert queries_for(client, "/provisions/?q=wepon") == with_suggestion == without + 1
    assert queries_for(client, "/api/provisions.json?q=wepon") == (
        queries_for(client, "/api/provisions.json?q=1234567") + 1
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pg_trgm")
def test_postgresql_has_the_trigram_extension(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity('wepon', 'weapon') > 0.3")
        assert cursor.fetchone() == (True,)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's fts5vocab table")
def test_sqlite_vocabulary_follows_the_index(corpus):
    make_provision(corpus.lts, "new", text="Zeppelins overhead.")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {suggestions.VOCABULARY_TABLE} WHERE term = 'zeppelin'"
        )
        assert cursor.fetchone() == (1,)
