"""The provision list on a phone and from the keyboard: the results come before the filters,
which wait in a disclosure, and a skip link leads straight to them; on a wide screen the
filters are an open column beside the results. No JavaScript is needed for either."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import expect, serious_axe_violations

PHONE = {"width": 390, "height": 844}
SEARCHED = "/provisions/?q=space"
# Tab stops from the results section to its first result: at most the active filters, the
# CSV and JSON links, then the result.
TABS_TO_FIRST_RESULT = 5


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def phone(request, browser, site):
    context = browser.new_context(
        base_url=site.url,
        locale="en-GB",
        viewport=PHONE,
        device_scale_factor=2,
        java_script_enabled=request.param,
    )
    yield context.new_page()
    context.close()


def first_result(page):
    return page.locator(".results-list .result h3 a").first


@pytest.mark.parametrize("path", ["/provisions/", SEARCHED])
def test_on_a_phone_the_first_result_is_on_the_first_screen(phone, path):
    phone.goto(path)
    top = first_result(phone).bounding_box()["y"]
    assert top < PHONE["height"], f"the first result starts {top:.0f} px down"
    # The facets wait, folded, below the search field.
    expect(phone.locator("#facet-instrument")).to_be_hidden()


def test_on_a_phone_the_list_passes_axe(browser, site):
    context = browser.new_context(base_url=site.url, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    page.goto(SEARCHED)
    assert serious_axe_violations(page) == []
    context.close()


def test_on_a_phone_the_filters_open_and_apply(phone):
    phone.goto("/provisions/")
    phone.locator(".more-filters > summary").click()
    checkbox = phone.locator("#facet-status input").first
    expect(checkbox).to_be_visible()
    checkbox.check()
    phone.locator(".more-filters button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"status="))
    expect(phone.locator(".active-filters a")).to_have_count(1)
    # The chosen filter is listed with the results, the folded disclosure says how many.
    expect(phone.locator(".more-filters > summary")).to_have_text("Filters and order (1 active)")
    assert first_result(phone).bounding_box()["y"] < PHONE["height"]


def test_on_a_wide_screen_the_filters_are_shown_beside_the_results(page):
    page.goto("/provisions/")
    facet = page.locator("#facet-instrument")
    expect(facet).to_be_visible()
    expect(page.locator(".more-filters > summary")).to_be_hidden()
    assert facet.bounding_box()["x"] < first_result(page).bounding_box()["x"]


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "wide"])
def test_the_skip_link_leads_to_the_results_in_a_few_tabs(browser, site, viewport):
    context = browser.new_context(base_url=site.url, locale="en-GB", viewport=viewport)
    page = context.new_page()
    page.goto(SEARCHED)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to results")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("results")
    target = first_result(page)
    for _ in range(TABS_TO_FIRST_RESULT):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail(f"the first result is not reached in {TABS_TO_FIRST_RESULT} tabs")
    expect(target).to_be_in_viewport()
    context.close()
