"""Citing in a real browser: the provision's citation gives the access date and the
provenance warning, its downloads arrive as files, and the release pages are axe clean."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from tests.browser.helpers import expect, serious_axe_violations

CHARTER = "/instruments/un-charter/art-2-para-4/"


def test_the_provision_citation_shows_the_access_date_and_its_downloads_arrive(page):
    assert page.goto(CHARTER).status == 200
    citation = page.locator("#citation-text")
    expect(citation).to_contain_text(f"accessed {timezone.localdate().isoformat()}")
    expect(citation).to_contain_text("corpus release 2026.12.0")
    expect(citation.locator(".citation-warning")).to_contain_text("Unverified transcription")
    with page.expect_download() as info:
        page.get_by_role("link", name="BibTeX").click()
    download = info.value
    assert download.suggested_filename == "un-charter-art-2-para-4.bib"
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith("@misc{un-charter-art-2-para-4,")
    assert "note = {Unverified transcription" in text
    with page.expect_download() as info:
        page.get_by_role("link", name="CSL-JSON").click()
    (item,) = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert item["URL"].endswith(CHARTER) and item["accessed"]["date-parts"]


@pytest.mark.parametrize("path", ["/releases/2026.12.0/", "/changes/?to=current", CHARTER])
def test_release_and_citation_pages_have_no_serious_accessibility_violations(page, path):
    assert page.goto(path).status == 200
    assert serious_axe_violations(page) == []
