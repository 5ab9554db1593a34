"""A delegate asks which gaps the 2014 PPWT would close on the strength of text actually read,
with and without JavaScript."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import expect, screenshot

MATRIX = "table.matrix"


def evidence_journey(page, screenshots, suffix: str) -> None:
    page.goto("/?compare=ppwt-2014")
    comparison = page.locator("section.comparison")
    expect(comparison).to_contain_text(re.compile(r"it would close [1-9]"))
    # Every cell says the evidence behind its level in words, not only in colour.
    cell = page.locator(f'{MATRIX} a[href="/gaps/wmd-stationing/ost-1967/"]')
    expect(cell).to_contain_text("official")
    expect(page.locator(".evidence-legend")).to_contain_text("from a summary")

    page.get_by_label("Evidence that counts").select_option("official")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"evidence=official"))
    expect(page.locator(f"{MATRIX} caption")).to_contain_text("counting only verbatim text")

    page.get_by_label("If this draft entered into force").select_option("ppwt-2014")
    page.get_by_role("button", name="Compare with the law in force").click()
    expect(page).to_have_url(
        re.compile(r"compare=ppwt-2014.*evidence=official|evidence=official.*compare=ppwt-2014")
    )
    # The 2014 draft's obligations are known only from summaries: read text closes nothing.
    expect(page.locator("section.comparison")).to_contain_text("it would close 0")
    screenshot(page, screenshots, f"evidence-official-comparison{suffix}")


def test_the_evidence_filter_answers_what_read_text_would_close(page, screenshots):
    evidence_journey(page, screenshots, "")


@pytest.mark.parametrize("suffix", ["-no-js"])
def test_the_evidence_filter_works_without_javascript(no_js_page, screenshots, suffix):
    evidence_journey(no_js_page, screenshots, suffix)
