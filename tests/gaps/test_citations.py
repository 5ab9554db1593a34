"""A citation names the data it shows (the release, and its edits since), the access date and
the provenance of the text, on the page and in the BibTeX, RIS and CSL-JSON downloads."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone

from gaps.corpus import load_corpus
from provisions.models import Coverage, Provision
from tests.gaps.corpus_builders import small_corpus

pytestmark = pytest.mark.django_db

PARAGRAPH = "/instruments/treaty-a/art-2-para-1/"
DOWNLOAD = "/cite/treaty-a/art-2-para-1/"


@pytest.fixture
def released():
    corpus = small_corpus()
    corpus.version = "2026.11.0"
    # A draft to compare the matrix with.
    corpus.instruments[1].update(status="draft", binding=True, kind="treaty")
    load_corpus(corpus)


def today() -> str:
    return timezone.localdate().isoformat()


def citation_of(page: str) -> str:
    return re.search(r'<p class="citation"[^>]*>(.*?)</p>', page, re.DOTALL).group(1)


def test_a_citation_names_the_release_while_the_data_is_unchanged(client, released):
    assert "corpus release 2026.11.0 (22 November 2026)," in citation_of(
        client.get(PARAGRAPH).content.decode()
    )
    assert "with edits" not in client.get("/").content.decode()


def test_after_an_edit_every_citation_says_with_edits_to_its_date(client, released):
    coverage = Coverage.objects.get(category__slug="wmd")
    coverage.rationale = "Reworded."
    coverage.save()
    label = f"corpus release 2026.11.0 (22 November 2026) with edits to {today()}"
    assert label in citation_of(client.get(PARAGRAPH).content.decode())
    assert label in citation_of(client.get("/").content.decode())
    assert label in client.get("/?compare=guidelines-b").content.decode()
    bibtex = client.get(DOWNLOAD, {"cite": "bibtex"}).content.decode()
    assert f"version = {{{label}}}" in bibtex


def test_provision_citation_shows_the_access_date_and_links_the_downloads(client, released):
    page = client.get(PARAGRAPH).content.decode()
    assert f'accessed <span class="accessed">{today()}</span>.' in citation_of(page)
    for fmt in ("bibtex", "ris", "csl"):
        assert f'href="{DOWNLOAD}?cite={fmt}" download' in page
    assert 'href="/releases/2026.11.0/"' in page


def test_unverified_text_is_cited_with_the_provenance_warning(client, released):
    Provision.objects.filter(slug="art-2-para-1").update(provenance="unverified")
    page = citation_of(client.get(PARAGRAPH).content.decode())
    assert '<strong class="citation-warning">Unverified transcription' in page
    bibtex = client.get(DOWNLOAD, {"cite": "bibtex"}).content.decode()
    assert re.search(r"note = \{Unverified transcription, not checked against the official", bibtex)
    ris = client.get(DOWNLOAD, {"cite": "ris"}).content.decode()
    assert "\r\nN1  - Unverified transcription" in ris
    (item,) = json.loads(client.get(DOWNLOAD, {"cite": "csl"}).content)
    assert item["note"].startswith("Unverified transcription")


def test_official_text_is_cited_without_a_warning(client, released):
    assert "citation-warning" not in client.get(PARAGRAPH).content.decode()
    (item,) = json.loads(client.get(DOWNLOAD, {"cite": "csl"}).content)
    assert "note" not in item


def test_provision_downloads_are_files_in_each_format(client, released):
    bibtex = client.get(DOWNLOAD, {"cite": "bibtex"})
    assert bibtex["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert bibtex["Content-Disposition"] == 'attachment; filename="treaty-a-art-2-para-1.bib"'
    text = bibtex.content.decode()
    assert text.startswith("@misc{treaty-a-art-2-para-1,")
    assert f"urldate = {{{today()}}}" in text
    assert f"url = {{http://testserver{PARAGRAPH}}}" in text
    ris = client.get(DOWNLOAD, {"cite": "ris"})
    assert ris["Content-Disposition"] == 'attachment; filename="treaty-a-art-2-para-1.ris"'
    lines = ris.content.decode().split("\r\n")
    assert lines[0] == "TY  - ELEC" and lines[-2] == "ER  - "
    assert f"Y2  - {today().replace('-', '/')}" in lines
    csl = client.get(DOWNLOAD, {"cite": "csl"})
    assert csl["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    (item,) = json.loads(csl.content)
    assert item["type"] == "webpage"
    assert item["title"].startswith("Treaty A (Treaty A on outer space), Article II, paragraph 1")
    assert item["URL"] == f"http://testserver{PARAGRAPH}"


@pytest.mark.parametrize("query", ["", "?cite=pdf", "?cite=bibtex&lang=xx"])
def test_an_unknown_citation_format_or_language_is_a_400(client, released, query):
    response = client.get(f"{DOWNLOAD}{query}")
    assert response.status_code == 400


def test_an_unknown_provision_has_no_citation(client, released):
    assert client.get("/cite/treaty-a/art-99/?cite=ris").status_code == 404


def test_matrix_citation_has_the_access_date_and_the_evidence_warning(client, released):
    page = client.get("/").content.decode()
    assert f"http://testserver/, accessed {today()}" in citation_of(page)
    assert "Some levels shown rest on unverified" not in citation_of(page)
    Provision.objects.filter(slug="art-2-para-1").update(provenance="summary")
    page = client.get("/?scope=all").content.decode()
    assert "Some levels shown rest on unverified transcriptions or summaries" in citation_of(page)


def test_matrix_view_downloads_name_the_view_and_link_from_the_page(client, released):
    page = client.get("/?scope=all&compare=guidelines-b").content.decode()
    assert 'href="/?scope=all&amp;compare=guidelines-b&amp;cite=ris" download' in page
    response = client.get("/?scope=all&compare=guidelines-b&cite=csl")
    assert response["Content-Disposition"] == (
        'attachment; filename="space-security-matrix-2026.11.0.json"'
    )
    (item,) = json.loads(response.content)
    assert "scope: all instruments" in item["title"], item
    assert "compared with Guidelines B" in item["title"]
    assert item["URL"] == "http://testserver/?scope=all&compare=guidelines-b"
    assert item["version"] == "corpus release 2026.11.0 (22 November 2026)"
    assert client.get("/?cite=doc").status_code == 400
