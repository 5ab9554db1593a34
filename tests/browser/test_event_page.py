"""A delegate opens the page of the 2021 Russian ASAT test and reads the law of that day:
the treaties in force then, their strongest coverage, the gap, and what came later."""

from __future__ import annotations

from tests.browser.helpers import expect


def test_the_event_page_shows_the_row_of_its_category_as_of_the_event_date(page):
    page.goto("/events/")
    page.get_by_label("Year").fill("2021")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Russia destroys its Kosmos 1408 satellite").click()

    expect(page.get_by_role("heading", name="The law on 15 November 2021")).to_be_visible()
    row = page.get_by_role("table", name="Destructive anti-satellite tests: binding instruments")
    expect(row.get_by_role("rowheader", name="Outer Space Treaty")).to_be_visible()
    # The resolution of December 2022 did not exist yet, so it is not among the law of the day.
    expect(row).not_to_contain_text("77/41")
    expect(row.locator("tfoot")).to_contain_text("Gap")
    # It is listed as coming later, with its date, and the sources' own account of responses.
    article = page.locator("#law-asat-tests")
    expect(article).to_contain_text("UNGA resolution 77/41")
    expect(article).to_contain_text("7 December 2022")
    expect(page.locator("section", has_text="Responses the sources link")).to_contain_text(
        "resolution 77/41"
    )

    # The matrix on that date, one click away, says which date it shows.
    page.get_by_role("link", name="The whole matrix on that date").click()
    expect(page.get_by_role("heading", name="The law as of 15 November 2021")).to_be_visible()
    expect(page.locator(".dated-excluded")).to_contain_text("UNGA resolution 77/41")
