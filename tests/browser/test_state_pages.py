"""State pages in a real browser: accessible, and the State picker works without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.helpers import overflowing_elements, serious_axe_violations, uses_site_stylesheet

STATE_PAGES = {
    "matrix for one State": ("/?state=CN", 200),
    "matrix for one State, all scopes": ("/?state=FR&scope=all", 200),
    "matrix, unknown State": ("/?state=ZZ", 400),
    "States": ("/states/", 200),
    "a State": ("/states/US/", 200),
    "two States compared": ("/states/compare/?states=US,CN,RU", 200),
    "compare, refused": ("/states/compare/?states=US", 400),
    "an instrument's parties": ("/instruments/moon-1979/", 200),
}


@pytest.mark.parametrize(("path", "status"), STATE_PAGES.values(), ids=STATE_PAGES.keys())
def test_state_page_has_no_serious_accessibility_violations(page, browser_errors, path, status):
    response = page.goto(path)
    assert response.status == status
    assert uses_site_stylesheet(page)
    assert serious_axe_violations(page) == []
    assert browser_errors == []


def test_choosing_a_state_without_javascript_shows_what_binds_it(no_js_page):
    no_js_page.goto("/")
    no_js_page.get_by_label("For one State").select_option("JP")
    no_js_page.get_by_role("button", name="Show what binds it").click()
    assert "state=JP" in no_js_page.url
    heading = no_js_page.get_by_role(
        "heading", name="For Japan: the treaties in force that bind it"
    )
    assert heading.is_visible()
    assert no_js_page.get_by_text("Treaty obligations only.").count() == 1


def test_the_moon_agreement_page_counts_seventeen_parties(page):
    page.goto("/instruments/moon-1979/")
    assert page.get_by_role("heading", name="Parties (17)").is_visible()
    powers = page.get_by_role("table", name="The space powers the sources discuss")
    assert powers.get_by_role("row").count() == 8  # a header and seven States


@pytest.fixture
def phone_page(browser, site):
    context = browser.new_context(
        base_url=site.url, locale="en-GB", viewport={"width": 320, "height": 640}
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/?state=CN",
        "/states/",
        "/states/US/",
        "/states/compare/?states=US,CN,RU",
        "/instruments/moon-1979/",
    ],
)
def test_state_pages_reflow_on_a_phone_without_sideways_scrolling(phone_page, path):
    phone_page.goto(path)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320
    assert overflowing_elements(phone_page) == []
