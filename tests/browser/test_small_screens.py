"""On a phone 320 px wide and at 200 % zoom: the page never scrolls sideways, nothing sticks
out or overlaps; wide tables scroll inside their own box, the matrix with its threat
categories held in place."""

from __future__ import annotations

import pytest

from tests.browser.helpers import (
    expect,
    overflowing_elements,
    overlapping,
    screenshot,
    serious_axe_violations,
)

PAGES = {
    "matrix": "/",
    "matrix with drafts and a comparison": "/?scope=drafts&compare=ppwt-2014",
    "gaps": "/gaps/",
    "a threat category": "/gaps/asat-tests/",
    "a cell": "/gaps/wmd-stationing/ost-1967/",
    "provisions, searched": '/provisions/?q="outer space"&category=debris',
    "a provision": "/instruments/ost-1967/art-4-para-1/",
    "instruments": "/instruments/",
    "an instrument": "/instruments/ost-1967/",
    "definitions": "/definitions/",
    "about the data": "/about/",
    "a diff": "/instruments/ppwt-2014/diff/ppwt-2008/",
    "side by side": "/compare/?instruments=ost-1967,ppwt-2014,moon-1979&category=non-wmd-weapons",
    "capabilities and threats": "/capabilities/",
    "three languages side by side": "/instruments/ost-1967/parallel/?langs=en,zh,ru",
    "a provision in Chinese": "/instruments/ost-1967/art-4-para-1/?lang=zh",
}
# Things that sit side by side when there is room and must wrap, not overlap, when not.
NEIGHBOURS = (
    ".site-header a, main h1, main .lede, .matrix-controls label, .matrix-controls select, "
    ".matrix-controls button, .what-if summary, .active-filters a, .result-meta > *, "
    ".result-coverage li, .prev-next a, .diff-summary div, .legend div, .facts dt, .facts dd"
)

SIZES = {
    # 320 CSS pixels: the narrowest phone WCAG's reflow criterion asks for.
    "320px": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2},
    # A 1280 px window zoomed to 200 % lays out in 640 CSS pixels, each drawn twice as large.
    "zoom-200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}


@pytest.fixture(params=SIZES.values(), ids=SIZES.keys())
def small_page(request, browser, site):
    context = browser.new_context(base_url=site.url, locale="en-GB", **request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_reflows_without_sideways_scrolling_or_overlaps(small_page, path):
    small_page.goto(path)
    width = small_page.viewport_size["width"]
    assert small_page.evaluate("document.documentElement.scrollWidth") <= width
    assert overflowing_elements(small_page) == []
    assert overlapping(small_page, NEIGHBOURS) == []


def test_the_matrix_scrolls_inside_its_box_with_the_categories_held_in_place(small_page, request):
    small_page.goto("/?scope=all")
    region = small_page.get_by_role("region", name="Coverage of threat categories")
    sizes = region.evaluate("(box) => [box.scrollWidth, box.clientWidth]")
    assert sizes[0] > sizes[1] + 200, "the matrix should be wider than its box"
    row_header = small_page.locator("table.matrix tbody th").first
    small_page.evaluate("(y) => window.scrollTo(0, y)", row_header.bounding_box()["y"] - 40)
    before = row_header.bounding_box()
    region.evaluate("(box) => { box.scrollLeft = 400; }")
    after = row_header.bounding_box()
    assert after["x"] == pytest.approx(before["x"], abs=1), "the category column scrolled away"
    # The category's name is on top of the cells sliding under it, not mixed with them.
    centre = (after["x"] + after["width"] / 2, after["y"] + after["height"] / 2)
    on_top = small_page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th') !== null", centre
    )
    assert on_top
    assert (
        small_page.evaluate("document.documentElement.scrollWidth")
        <= (small_page.viewport_size["width"])
    )
    screenshot(
        small_page, request.config.rootpath / "screenshots", f"matrix-{request.node.callspec.id}"
    )


@pytest.mark.parametrize(
    "path", ["/", "/definitions/", "/instruments/", "/instruments/ppwt-2014/diff/ppwt-2008/"]
)
def test_scrolling_tables_are_reachable_by_keyboard_and_named(small_page, path):
    small_page.goto(path)
    assert serious_axe_violations(small_page) == []
    for region in small_page.locator(".table-scroll, .matrix-scroll").all():
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_attribute("role", "region")
