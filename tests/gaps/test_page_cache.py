"""Whole pages cached under the data version: served again for one query, never stale."""

from __future__ import annotations

import datetime
import gzip

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gaps.models import DataVersion
from gaps.roles import EDITORS
from lib.slug_urls import SlugUrls
from provisions.models import Provision
from tests.provisions.builders import bulk_corpus, cast, clear_bulk
from tests.roles import role_client

pytestmark = pytest.mark.django_db

CACHED_PAGES = [
    "/",
    "/api/matrix.json?scope=all",
    "/provisions/?q=weapons",
    "/api/provisions.json?category=category-1&level=restricts&page_size=50",
]


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_a_repeated_request_is_answered_from_the_cache_with_one_query(
    client, django_assert_max_num_queries, url
):
    for provisions_each in (5, 50):
        bulk_corpus(instruments=3, provisions_each=provisions_each)
        first = client.get(url)
        assert first.status_code == 200
        with django_assert_max_num_queries(1):  # the data version
            again = client.get(url)
        assert again.status_code == 200
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]
        clear_bulk()


def test_cached_answers_go_compressed_to_clients_that_accept_gzip(client):
    cast()
    first = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in first
    assert "Accept-Encoding" in first["Vary"]
    again = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again["Vary"]
    assert gzip.decompress(again.content) == first.content
    assert len(again.content) < len(first.content) / 3
    plain = client.get("/")
    assert "Content-Encoding" not in plain
    assert plain.content == first.content


def test_a_cached_answer_keeps_the_security_headers_and_its_length(client):
    cast()
    first = client.get("/api/provisions.json?q=weapons")
    again = client.get("/api/provisions.json?q=weapons", HTTP_ACCEPT_ENCODING="gzip")
    for response in (first, again):
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
    assert again["Content-Length"] == str(len(again.content))
    assert "Cookie" not in again.get("Vary", "")


def test_a_change_to_the_data_is_shown_on_the_next_request(client):
    cast()
    before = client.get("/provisions/?q=weapons").content.decode()
    provision = Provision.objects.get(instrument__slug="ost", slug="art-4-para-2")
    provision.heading = "Freshly renamed"
    provision.save()
    after = client.get("/provisions/?q=weapons").content.decode()
    assert "Freshly renamed" not in before
    assert "Freshly renamed" in after


def test_writes_that_send_no_signal_are_shown_once_the_data_version_is_bumped(client):
    cast()
    client.get("/api/provisions.json?q=weapons")
    Provision.objects.filter(slug="art-4-para-2").update(heading="Quietly renamed")
    DataVersion.bump()
    assert "Quietly renamed" in client.get("/api/provisions.json?q=weapons").content.decode()


def test_each_host_gets_its_own_entry_since_pages_show_absolute_addresses(client, settings):
    cast()
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    first = client.get("/api/provisions.json?q=weapons", HTTP_HOST="one.example").json()
    second = client.get("/api/provisions.json?q=weapons", HTTP_HOST="two.example").json()
    assert first["results"][0]["url"].startswith("http://one.example/")
    assert second["results"][0]["url"].startswith("http://two.example/")


def test_error_answers_and_streamed_csv_are_never_cached(client, django_assert_num_queries):
    cast()
    assert client.get("/provisions/?category=nothing-like-this").status_code == 400
    assert client.get("/provisions/?category=nothing-like-this").status_code == 400
    client.get("/provisions/?format=csv")
    # The data version, the categories (the CSV's columns), then the rows with their topics
    # and assessments (one chunk).
    with django_assert_num_queries(5):
        response = client.get("/provisions/?format=csv")
        body = b"".join(response.streaming_content)
    assert b"art-4-para-2" in body


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_outside_the_list_are_not_cached(client):
    cast()
    client.get("/instruments/ost/")
    assert queries(client, "/instruments/ost/") > 1


@override_settings(PAGE_CACHE=False, MATRIX_CACHE=False, FACET_CACHE=False)
def test_with_the_caches_off_every_request_is_computed(client):
    cast()
    for url in ("/", "/provisions/?q=weapons"):
        first = queries(client, url)
        assert first > 2
        assert queries(client, url) == first


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        ("gaps:cell", "asat-tests", "ost-1967"),
        ("provisions:detail", "ppwt-2014", "art-4-para-1"),
        ("gaps:cell", "a", "b"),
    ],
)
def test_slug_urls_are_the_addresses_reverse_gives(name, first, second):
    assert SlugUrls(name)(first, second) == reverse(name, args=[first, second])


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_a_signed_in_editor_and_an_anonymous_reader_share_one_cached_page(client, url):
    bulk_corpus(instruments=3, provisions_each=5)
    editor = role_client("editor-of-the-day", EDITORS)
    for first, second in ((editor, client), (client, editor)):
        DataVersion.bump()  # a fresh cache entry, computed for `first`
        computed = first.get(url)
        cached = second.get(url)
        assert computed.status_code == cached.status_code == 200
        assert cached.content == computed.content
        page = computed.content.decode()
        assert "editor-of-the-day" not in page
        assert "csrfmiddlewaretoken" not in page
        assert "Log out" not in page
        assert "Set-Cookie" not in cached and "Set-Cookie" not in computed


def test_a_page_cached_yesterday_is_made_again_today_for_its_access_date(client, monkeypatch):
    cast()
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 2))
    assert "accessed 2026-12-02" in client.get("/").content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 3))
    assert "accessed 2026-12-03" in client.get("/").content.decode()
