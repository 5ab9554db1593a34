"""Pages that show several Markdown texts carry each HTML id once, footnotes included."""

from __future__ import annotations

import re

import pytest

from provisions.models import ProvisionText
from tests.conftest import make_category, make_coverage, make_provision
from tests.html_checks import dangling_fragment_links, duplicate_ids
from tests.public_urls import load_small_corpus, real_urls

pytestmark = pytest.mark.django_db

FOOTNOTED = "States shall consult.[^1]\n\n[^1]: CD/1839, para. {n}."


@pytest.fixture
def footnoted(treaty):
    first = make_provision(treaty, "art-1", text=FOOTNOTED.format(n=1))
    second = make_provision(treaty, "art-2", text=FOOTNOTED.format(n=2))
    make_provision(treaty, "art-3", text='<a id="main">An anchor</a> and <a id="art-1">one</a>.')
    return first, second


def test_footnotes_of_two_provisions_on_one_instrument_page_have_distinct_ids(
    client, treaty, footnoted
):
    html = client.get(f"/instruments/{treaty.slug}/").content.decode()
    assert html.count("CD/1839, para.") == 2
    assert duplicate_ids(html) == []
    assert dangling_fragment_links(html) == []


def test_an_id_an_editor_writes_does_not_take_the_skip_link_target(client, treaty, footnoted):
    html = client.get(f"/instruments/{treaty.slug}/").content.decode()
    assert html.count('id="main"') == 1 and '<main id="main"' in html
    assert html.count('id="art-1"') == 1 and '<section id="art-1"' in html


def test_paragraphs_with_footnotes_on_their_article_page_have_distinct_ids(client, treaty):
    article = make_provision(treaty, "art-4", text="")
    for n in (1, 2):
        make_provision(treaty, f"art-4-para-{n}", parent=article, text=FOOTNOTED.format(n=n))
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("CD/1839, para.") == 2
    assert duplicate_ids(html) == []
    assert dangling_fragment_links(html) == []


def test_rationales_with_footnotes_on_a_category_page_have_distinct_ids(client, treaty):
    category = make_category("asat-tests", definition=FOOTNOTED.format(n=0))
    for n in (1, 2):
        provision = make_provision(treaty, f"art-{n}", text=FOOTNOTED.format(n=n))
        make_coverage(provision, category, rationale=FOOTNOTED.format(n=n))
    html = client.get(category.get_absolute_url()).content.decode()
    assert duplicate_ids(html) == []
    assert dangling_fragment_links(html) == []


def test_no_public_page_carries_an_id_twice(client):
    load_small_corpus()
    pages = 0
    for urls in real_urls().values():
        for url in urls:
            response = client.get(url)
            if response["Content-Type"].startswith("text/html"):
                pages += 1
                assert duplicate_ids(response.content.decode()) == [], url
    assert pages >= 5


def footnote_ids(html: str) -> list[str]:
    return re.findall(r' id="([^"]*:fn(?:ref)?:[^"]*)"', html)


def test_footnotes_in_the_parallel_view_keep_distinct_ids_their_links_reach(client, treaty):
    """Every column of every row may have a footnote 1: each keeps its ids, once."""
    for n in (1, 2):
        provision = make_provision(treaty, f"art-{n}", text=FOOTNOTED.format(n=n))
        for lang in ("fr", "ru"):
            ProvisionText.objects.create(
                provision=provision,
                language=lang,
                text=FOOTNOTED.format(n=f"{n} ({lang})"),
                provenance="summary",
            )
    html = client.get(f"/instruments/{treaty.slug}/parallel/?langs=en,fr,ru").content.decode()
    assert html.count("CD/1839, para.") == 6
    ids = footnote_ids(html)
    assert len(ids) == 12  # a marker and a note in each of six cells
    assert duplicate_ids(html) == []
    links = re.findall(r' href="#([^"]*:fn(?:ref)?:[^"]*)"', html)
    assert len(links) == 12 and set(links) == set(ids)
    assert dangling_fragment_links(html) == []
