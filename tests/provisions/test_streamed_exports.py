"""The list's download links give the whole filtered set, streamed in constant memory."""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import tracemalloc

import pytest
from django.http import StreamingHttpResponse

from provisions.listing import CSV_CHUNK
from tests.provisions.builders import bulk_corpus, cast, clear_bulk

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _download_links(client, query: str) -> tuple[int, str, str]:
    """The count the list page announces, and its CSV and JSON links."""
    content = client.get(f"/provisions/?{query}").content.decode()
    found = re.search(
        r'Download these (\d+) provisions:\s*<a href="([^"]+)">CSV</a> ·\s*'
        r'<a href="([^"]+)">JSON</a>',
        content,
    )
    assert found, "the list page has no download links"
    return int(found[1]), found[2].replace("&amp;", "&"), found[3].replace("&amp;", "&")


@pytest.mark.parametrize("provisions_each", [90, 240])
def test_the_downloads_deliver_as_many_provisions_as_the_page_announces(client, provisions_each):
    bulk_corpus(instruments=2, provisions_each=provisions_each)
    for query in ("category=category-1", "q=weapons&level=prohibits", "instrument=instrument-1"):
        count, csv_url, json_url = _download_links(client, query)
        assert count > 50  # more than one page of the paginated API
        document = json.loads(_body(client.get(json_url)))
        assert document["count"] == count
        assert len(document["results"]) == count
        assert len({(row["instrument"], row["slug"]) for row in document["results"]}) == count
        rows = list(csv.DictReader(io.StringIO(_body(client.get(csv_url)).decode())))
        assert len(rows) == count


def test_the_streamed_json_has_the_paginated_shape_without_next_links(client):
    cast()
    paged = client.get("/api/provisions.json?instrument=ppwt").json()
    streamed = json.loads(_body(client.get("/api/provisions.json?instrument=ppwt&_all=1")))
    assert streamed == paged  # two rows: one page, the same rows, texts and null links


def test_the_paginated_api_keeps_its_next_links(client):
    bulk_corpus(instruments=1, provisions_each=60)
    page = client.get("/api/provisions.json").json()
    assert len(page["results"]) == 50
    assert page["next"] == "http://testserver/api/provisions.json?page=2"


def test_the_streamed_json_is_a_generator_read_in_chunks(client, django_assert_max_num_queries):
    # The page cache's data version and the count, then four per 500-row chunk (rows, topics,
    # assessments and texts): the queries follow the number of chunks, never of rows.
    for provisions_each, chunks in ((100, 1), (300, 2), (600, 3)):
        bulk_corpus(instruments=2, provisions_each=provisions_each)
        with django_assert_max_num_queries(2 + 4 * chunks):
            response = client.get("/api/provisions.json?_all=1")
            assert isinstance(response, StreamingHttpResponse)
            assert not isinstance(response.streaming_content, list | tuple)
            body = _body(response)
        assert len(json.loads(body)["results"]) == 2 * provisions_each
        clear_bulk()


def test_invalid_filters_of_the_streamed_json_are_a_json_400(client):
    cast()
    response = client.get("/api/provisions.json?_all=1&topic=astrology")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["topic"]
    assert client.get("/api/provisions.json?_all=yes").status_code == 400


def _peak_while_streaming(client, url: str) -> int:
    """The most memory allocated at once while the response is made, read and thrown away
    (the CSV views read their first rows before they answer)."""
    gc.collect()
    tracemalloc.start()
    try:
        for _chunk in client.get(url).streaming_content:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "url",
    ["/api/provisions.json?_all=1", "/api/provisions.csv", "/provisions/?format=csv&lang=fr"],
)
def test_the_downloads_take_the_same_memory_for_four_times_the_rows(client, settings, url):
    settings.DEBUG = False  # with DEBUG, Django keeps every query it ran
    peaks = []
    # Two and eight full chunks of rows, after a first download that pays what is done only
    # once (imports, caches), which would otherwise inflate the smaller figure.
    for provisions_each in (10, CSV_CHUNK, 4 * CSV_CHUNK):
        bulk_corpus(instruments=2, provisions_each=provisions_each)
        peaks.append(_peak_while_streaming(client, url))
        clear_bulk()
    _, small, large = peaks
    # Two chunks' rows at most: about 2-3.5 MB for either size here, where keeping the rows
    # would take about 4 KB more per row (12 MB for the larger set).
    assert large < small * 1.25 + 256 * 1024, f"{small} bytes for 1,000 rows, {large} for 4,000"
