"""The importer's split preview on a 1366 × 768 screen, the admin's sidebar open: every
column is within the window and no label is cut short."""

from __future__ import annotations

from tests.browser.helpers import expect
from tests.browser.test_admin_journey import DRAFT, MOVED, log_in, row_field

COLUMNS = ["Order", "Label", "Slug", "Parent (slug)", "Heading", "Text", "Delete"]


def test_the_split_preview_fits_1366_pixels_with_whole_labels(browser, site):
    context = browser.new_context(
        base_url=site.url, viewport={"width": 1366, "height": 768}, locale="en-GB"
    )
    page = context.new_page()
    log_in(page)
    page.goto("/admin/provisions/provision/import/")
    page.get_by_label("Short name").fill("Fit test")
    page.get_by_label("Slug").fill("test-draft-fit")
    page.get_by_label("Full title").fill("A draft to measure the preview")
    page.get_by_label("Full text").fill(DRAFT.replace(MOVED, ""))
    page.get_by_role("button", name="Split the text and show me").click()
    expect(page.get_by_role("heading", name="Check the split")).to_be_visible()
    width = page.viewport_size["width"]
    table = page.locator("table.import-preview")
    for name in COLUMNS:
        box = table.get_by_role("columnheader", name=name, exact=True).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
    for row in range(1, 7):
        for name in ("Label", "Text", "Delete"):
            box = row_field(page, row, name).bounding_box()
            assert box["x"] + box["width"] <= width, (name, row, box)
        label = row_field(page, row, "Label")
        assert label.evaluate("el => el.scrollWidth <= el.clientWidth"), label.input_value()
    # Nothing scrolls sideways, in the page or in the table's box.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    wrap = page.locator(".import-table-wrap")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth")
    context.close()
