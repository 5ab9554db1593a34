"""The provision list and provision pages: content, pagination, and constant query counts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gaps.models import Release
from provisions.models import Provision
from tests.conftest import make_instrument, make_provision
from tests.provisions.builders import bulk_corpus, cast, clear_bulk

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return cast()


# The list ------------------------------------------------------------------------------


def test_list_shows_plain_text_excerpts_badges_topics_and_provenance(client, corpus):
    response = client.get("/provisions/?instrument=ost")
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        '<a href="/instruments/ost/art-4-para-1/">Outer Space Treaty, Article IV, paragraph 1</a>'
        in content
    )
    assert "States Parties undertake not to place in orbit" in content
    assert (
        'Weapons of mass destruction in orbit: <span class="level level-prohibits">'
        '<span aria-hidden="true">■</span> Prohibits</span>'
    ) in content
    assert (
        'Topics: <a class="topic" href="/provisions/?topic=weapons">Weapons</a>, '
        '<a class="topic" href="/provisions/?topic=peaceful-purposes">Peaceful purposes</a>'
    ) in content
    assert "Unverified transcription" in content  # Article IX
    assert "5 provisions" in content


def test_list_excerpts_are_plain_text_not_rendered_markdown(client, corpus):
    provision = corpus.p["ost/preamble"]
    provision.text = "The **States** [Parties](https://example.org) <em>recognise</em>"
    provision.save()
    content = client.get("/provisions/?instrument=ost").content.decode()
    assert "The States Parties recognise" in content
    assert "<strong>States</strong>" not in content


def test_search_results_highlight_the_matches(client, corpus):
    content = client.get("/provisions/?q=celestial+bodies").content.decode()
    assert "<mark>celestial</mark> <mark>bodies</mark>" in content
    assert "1 provision" in content


def test_list_says_so_when_nothing_matches(client, corpus):
    response = client.get("/provisions/?q=teleportation")
    assert response.status_code == 200
    assert b"No provision matches these filters and this search" in response.content


def test_list_is_paginated_with_links_that_keep_the_filters(client, db):
    bulk_corpus(instruments=3, provisions_each=20)
    first = client.get("/provisions/?status=in_force").content.decode()
    assert "60 provisions, page 1 of 3" in first
    assert 'href="?status=in_force&amp;page=2" rel="next"' in first
    second = client.get("/provisions/?status=in_force&page=2").content.decode()
    assert '<ol class="results-list" start="26">' in second
    assert 'href="?status=in_force&amp;page=1" rel="prev"' in second


def test_a_page_past_the_end_shows_the_last_page(client, db):
    bulk_corpus(instruments=1, provisions_each=30)
    response = client.get("/provisions/?page=999999")
    assert response.status_code == 200
    assert "page 2 of 2" in response.content.decode()


def test_a_page_that_is_not_a_number_is_a_400_with_the_form(client, corpus):
    response = client.get("/provisions/?page=two")
    assert response.status_code == 400
    assert b"Enter a whole number." in response.content
    assert b'<form method="get"' in response.content


def test_invalid_filters_keep_the_users_input_in_the_form(client, corpus):
    response = client.get("/provisions/?q=debris&year_min=soon&instrument=ost")
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="debris"' in content
    assert 'value="soon"' in content
    assert 'value="ost" id="f-instrument-1" checked' in content
    assert "Enter a whole number." in content


def test_format_csv_on_the_list_streams_the_filtered_set(client, corpus):
    response = client.get("/provisions/?format=csv&instrument=ppwt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("instrument,label,slug,url")
    assert len(lines) == 3


def test_an_unknown_format_is_a_400(client, corpus):
    response = client.get("/provisions/?format=xml")
    assert response.status_code == 400
    assert b"format=csv" in response.content


def test_list_page_has_a_label_for_every_control(client, corpus):
    content = client.get("/provisions/").content.decode()
    import re

    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', content)
    assert ids
    for control in ids:
        assert f'for="{control}"' in content, control


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=weapons&sort=relevance",
        "q=weapons&instrument=instrument-0&instrument=instrument-1&status=in_force"
        "&category=category-0&category=none&level=prohibits&topic=topic-1&year_min=1900"
        "&year_max=2100&provenance=official&page=2",
    ],
)
def test_list_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, query):
    # 3 validation lookups (instrument, category, topic slugs) + 3 choice lists + 7 facet
    # counts + count + page + topics + assessments + excerpts of the search = 18.
    for instruments in (2, 20):
        bulk_corpus(instruments=instruments, provisions_each=6)
        with django_assert_max_num_queries(18):
            response = client.get(f"/provisions/?{query}")
        assert response.status_code == 200
        clear_bulk()


# One provision -------------------------------------------------------------------------


def test_provision_page_renders_sanitised_markdown(client, corpus):
    provision = corpus.p["ost/art-9"]
    provision.text = "Shall *avoid* <script>alert(1)</script> [x](javascript:alert(1))"
    provision.save()
    content = client.get(provision.get_absolute_url()).content.decode()
    assert "<em>avoid</em>" in content
    assert "<script>alert" not in content
    assert "javascript:" not in content


def test_provision_page_shows_provenance_assessments_rationale_and_compare_links(client, corpus):
    content = client.get("/instruments/ost/art-4-para-1/").content.decode()
    assert "Verbatim text, checked against an official source." in content
    assert (
        '<h3>Weapons of mass destruction in orbit: <span class="level level-prohibits">' in content
    )
    assert "<strong>WMD</strong> only." in content  # the rationale, as Markdown
    assert 'href="/gaps/wmd/">Compare with other instruments’ provisions on' in content
    assert '<a href="/provisions/?topic=weapons">Weapons</a>' in content


def test_provision_page_warns_about_unverified_and_summary_text(client, corpus):
    assert b"Unverified transcription" in client.get("/instruments/ost/art-9/").content
    assert (
        b"Summary, not the text of the instrument."
        in client.get("/instruments/ppwt/art-1/").content
    )


def test_provision_page_links_previous_next_parent_and_children(client, corpus):
    article = client.get("/instruments/ost/art-4/").content.decode()
    assert 'href="/instruments/ost/art-4-para-1/">Article IV, paragraph 1</a>' in article
    assert 'href="/instruments/ost/art-4-para-2/">Article IV, paragraph 2</a>' in article
    assert 'href="/instruments/ost/preamble/" rel="prev"' in article
    assert 'href="/instruments/ost/art-4-para-1/" rel="next"' in article
    paragraph = client.get("/instruments/ost/art-4-para-2/").content.decode()
    assert 'Part of <a href="/instruments/ost/art-4/">Article IV</a>' in paragraph
    assert 'href="/instruments/ost/art-9/" rel="next"' in paragraph
    last = client.get("/instruments/ost/art-9/").content.decode()
    assert 'rel="next"' not in last


def test_provision_page_gives_a_citation_with_the_corpus_version_and_a_copy_button(client, corpus):
    Release.objects.create(version="2026.11.0", date=datetime.date(2026, 11, 22), digest="x")
    content = client.get("/instruments/ost/art-4-para-1/").content.decode()
    assert (
        '<p class="citation" id="citation-text">Outer Space Treaty (Treaty on Principles '
        "Governing the Activities of States in Outer Space), Article IV, paragraph 1, "
        "A/RES/2222 (XXI), English text. Space Security Treaty Gaps, corpus release 2026.11.0 "
        "(22 November 2026), http://testserver/instruments/ost/art-4-para-1/, accessed "
        f'<span class="accessed">{timezone.localdate().isoformat()}</span>.</p>'
    ) in content
    # Without JavaScript the button stays hidden and the citation is plain, selectable text.
    assert 'data-copy-target="citation-text" hidden>Copy citation</button>' in content
    assert 'src="/static/js/copy-citation.js" defer></script>' in content
    assert "<script>" not in content  # no inline script


def test_provision_page_lists_the_terms_it_defines(client, corpus):
    content = client.get("/instruments/liability/art-1/").content.decode()
    assert '<a href="/definitions/#term-space-object">“space object”</a>' in content


def test_provisions_of_unpublished_or_unknown_instruments_are_404(client, corpus):
    assert client.get("/instruments/hidden/art-1/").status_code == 404
    assert client.get("/instruments/ost/art-99/").status_code == 404
    assert client.get("/instruments/nowhere/art-1/").status_code == 404


def test_provision_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    # provision + previous + next + children + held languages + assessments + topics + terms
    # + release = 9 (the English text needs no query of its own)
    for provisions_each in (5, 50):
        bulk_corpus(instruments=1, provisions_each=provisions_each)
        middle = Provision.objects.get(slug="art-3")
        Provision.objects.filter(slug__in=["art-1", "art-2"]).update(parent=middle)
        url = middle.get_absolute_url()
        with django_assert_max_num_queries(9):
            response = client.get(url)
        assert response.status_code == 200
        clear_bulk()


@pytest.mark.parametrize(
    "path",
    [
        "/instruments/%FF/",
        "/instruments/ost/%00/",
        "/instruments/ost/art-1%27%20OR%201=1/",
        "/instruments/%E2%80%AE/art-1/",
        "/api/instruments/%00.json",
        "/api/instruments/ost%FF.json",
    ],
)
def test_hostile_paths_are_404_not_errors(client, corpus, path):
    assert client.get(path).status_code == 404


def test_an_article_split_into_paragraphs_shows_the_text_of_each_paragraph(client):
    treaty = make_instrument("ost")
    article = make_provision(treaty, "art-4", label="Article IV", text="")
    make_provision(treaty, "art-4-para-1", label="Article IV, paragraph 1", parent=article,
                   text="States undertake not to place *nuclear* weapons.")  # fmt: skip
    make_provision(treaty, "art-4-para-2", label="Article IV, paragraph 2", parent=article,
                   text="The moon shall be used for peaceful purposes.")  # fmt: skip
    content = client.get(article.get_absolute_url()).content.decode()
    assert "States undertake not to place <em>nuclear</em> weapons." in content
    assert "The moon shall be used for peaceful purposes." in content
    assert content.index("paragraph 1</a>") < content.index("paragraph 2</a>")


def test_empty_fields_of_the_filter_form_are_dropped_from_the_address(client, db):
    response = client.get("/provisions/?q=&year_min=&year_max=&topic=weapons&sort=relevance")
    assert response.status_code == 302
    assert response["Location"] == "/provisions/?topic=weapons&sort=relevance"
    assert client.get("/provisions/?q=&year_min=")["Location"] == "/provisions/"
