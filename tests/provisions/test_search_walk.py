"""A search common enough is read page by page in document order (`WALK_FROM`): the same
rows, the same count, in the same order as when every match is collected first."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provisions import listing
from provisions.models import Provision, ProvisionText
from tests.provisions.builders import bulk_corpus

pytestmark = pytest.mark.django_db

URLS = [
    "/api/provisions.json?q=weapons&sort=instrument&page_size=20",
    "/api/provisions.json?q=weapons&sort=instrument&page_size=20&page=3",
    "/api/provisions.json?q=weapons+OR+orbite&sort=instrument&page_size=20&topic=topic-1",
]


@pytest.fixture
def corpus():
    bulk_corpus(instruments=3, provisions_each=40)
    # A text in French that matches where the English does not: the walk must keep it.
    provision = Provision.objects.get(instrument__slug="instrument-2", slug="art-2")
    ProvisionText.objects.create(
        provision=provision, language="fr", text="Aucune arme en orbite.", provenance="official"
    )


def _answer(client, url: str) -> tuple[int, list[str]]:
    data = client.get(url).json()
    return data["count"], [f"{r['instrument']}/{r['slug']}" for r in data["results"]]


@pytest.mark.parametrize("url", URLS)
def test_walking_gives_the_rows_collecting_gives(client, corpus, monkeypatch, url):
    monkeypatch.setattr(listing, "WALK_FROM", 10**9)
    collected = _answer(client, url)
    monkeypatch.setattr(listing, "WALK_FROM", 1)
    walked = _answer(client, url)
    assert walked == collected
    assert collected[0] > 0 and len(collected[1]) > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_on_postgresql_the_page_of_a_common_word_is_not_a_union(client, corpus, monkeypatch):
    monkeypatch.setattr(listing, "WALK_FROM", 1)
    with CaptureQueriesContext(connection) as queries:
        client.get(URLS[0])
    pages = [q["sql"] for q in queries if "LIMIT" in q["sql"] and "ORDER BY" in q["sql"]]
    assert pages and all("UNION" not in sql for sql in pages)
    counts = [q["sql"] for q in queries if "COUNT(*)" in q["sql"]]
    assert counts and all("UNION" in sql for sql in counts)  # the count reads the index
