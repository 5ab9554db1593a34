"""A researcher narrows the provisions by threat category and topic, pages through them,
searches a phrase within them and downloads exactly what she found as CSV."""

from __future__ import annotations

import csv
import re

from tests.browser.helpers import expect, screenshot, uses_site_stylesheet

PAGE_SIZE = 25
CATEGORIES = [
    "Debris-generating activities",
    "Jamming, dazzling and other harmful interference",
    "Threat or use of force against outer space objects",
]
TOPICS = [
    "Environment and debris",
    "Safety of space operations",
    "Threat or use of force",
    "Radio spectrum and orbits",
]
PHRASE = '"outer space"'


def result_count(page) -> int:
    heading = page.locator("#results-heading")
    expect(heading).to_have_text(re.compile(r"^\d+ provisions?"))
    return int(heading.inner_text().split()[0])


def result_links(page) -> list[str]:
    links = page.locator("ol.results-list > li h3 a")
    return [
        page.url.split("/provisions/")[0] + href
        for href in links.evaluate_all("(links) => links.map((link) => link.getAttribute('href'))")
    ]


def download_csv(page, tmp_path, name: str) -> list[dict[str, str]]:
    with page.expect_download() as download:
        page.locator(".exports").get_by_role("link", name="CSV").click()
    path = tmp_path / name
    download.value.save_as(path)
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def researcher_journey(page, screenshots, tmp_path, *, javascript: bool) -> None:
    suffix = "" if javascript else "-no-js"
    page.goto("/provisions/")
    assert uses_site_stylesheet(page)
    everything = result_count(page)
    for name in CATEGORIES:
        page.locator("#facet-category").get_by_label(name).check()
    for name in TOPICS:
        page.locator("#facet-topic").get_by_label(name, exact=False).first.check()
    page.get_by_role("button", name="Apply").first.click()
    expect(page).to_have_url(re.compile(r"category=debris.*topic=environment-debris"))
    filtered = result_count(page)
    assert PAGE_SIZE < filtered < everything, "the journey needs more than one page of results"
    expect(page.locator(".active-filters li")).to_have_count(len(CATEGORIES) + len(TOPICS))
    first_page = result_links(page)
    assert len(first_page) == PAGE_SIZE

    # Page through: the second page continues the numbering and repeats nothing.
    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="Next").click()
    expect(page.locator("#results-heading")).to_contain_text("page 2 of")
    expect(page.locator("ol.results-list")).to_have_attribute("start", str(PAGE_SIZE + 1))
    second_page = result_links(page)
    assert second_page and not set(second_page) & set(first_page)

    # The CSV holds the whole filtered set, not the page on screen.
    rows = download_csv(page, tmp_path, "filtered.csv")
    assert len(rows) == filtered
    assert set(first_page + second_page) <= {row["url"] for row in rows}
    page.get_by_role("navigation", name="Pages of results").get_by_role(
        "link", name="Previous"
    ).click()
    expect(page.locator("#results-heading")).to_contain_text("page 1 of")

    # Search a phrase within the filtered set: fewer results, the matches highlighted.
    page.get_by_label("Search the texts").fill(PHRASE)
    page.get_by_role("button", name="Apply").first.click()
    expect(page).to_have_url(re.compile(r"q=%22outer(\+|%20)space%22"))
    found = result_count(page)
    assert 0 < found < filtered
    marks = page.locator("ol.results-list mark")
    expect(marks.first).to_be_visible()
    assert {text.lower() for text in marks.all_inner_texts()} <= {"outer", "space", "outer space"}
    expect(page.locator(".active-filters")).to_contain_text("outer space")
    screenshot(page, screenshots, f"researcher-search{suffix}")

    rows = download_csv(page, tmp_path, "searched.csv")
    assert len(rows) == found
    if found <= PAGE_SIZE:
        assert {row["url"] for row in rows} == set(result_links(page))


def test_a_researcher_filters_searches_pages_and_downloads_the_whole_set(
    page, browser_errors, screenshots, tmp_path
):
    researcher_journey(page, screenshots, tmp_path, javascript=True)
    assert browser_errors == []
