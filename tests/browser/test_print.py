"""On paper: the matrix of any scope on one landscape sheet with its legend and citation;
a provision without the site's navigation."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import expect, pdf_page_count

MATRICES = {
    "in-force": "/",
    "drafts": "/?scope=drafts",
    "all": "/?scope=all",
    "what-if": "/?instruments=ost-1967&instruments=ppwt-2014&instruments=lts-2019",
    "comparison": "/?compare=ppwt-2014",
    "on-a-date": "/?as_of=2007-01-11",
}
# A4 landscape less the matrix sheet's margins of 0.8 cm, in CSS pixels: what the sheet
# shows, for a screenshot that people can look at without a PDF viewer.
SHEET = {"width": 1062, "height": 733}


def print_to_pdf(page, folder, name: str) -> bytes:
    """The PDF Chromium prints (kept beside the screenshots), as bytes."""
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    (folder / f"print-{name}.pdf").write_bytes(pdf)
    return pdf


@pytest.mark.parametrize("path", MATRICES.values(), ids=MATRICES.keys())
def test_the_matrix_prints_on_one_landscape_page_with_legend_and_citation(
    page, path, screenshots, request
):
    page.goto(path)
    page.emulate_media(media="print")
    for kept in ("table.matrix", ".legend", ".citation", ".corpus-version"):
        expect(page.locator(kept)).to_be_visible()
    for dropped in (".site-header nav", ".matrix-controls", ".gap-explanations", ".site-footer"):
        expect(page.locator(dropped)).to_be_hidden()
    name = f"matrix-{request.node.callspec.id}"
    pdf = print_to_pdf(page, screenshots, name)
    assert pdf_page_count(pdf) == 1
    page.set_viewport_size(SHEET)
    page.screenshot(path=str(screenshots / f"print-{name}.png"), full_page=True)


def test_a_provision_prints_its_text_and_citation_without_navigation(page, screenshots):
    page.goto("/instruments/ost-1967/art-4-para-1/")
    page.emulate_media(media="print")
    for kept in ("h1", ".provision-text", ".provenance", ".assessment", "#citation-text"):
        expect(page.locator(kept).first).to_be_visible()
    for dropped in (
        ".skip-link",
        ".site-header nav",
        "nav.breadcrumb",
        "nav.prev-next",
        ".copy-citation",
        ".site-footer",
    ):
        expect(page.locator(dropped)).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    (screenshots / "print-provision.pdf").write_bytes(pdf)
    assert pdf_page_count(pdf) <= 2


@pytest.mark.parametrize("path", ["/instruments/ost-1967/", "/provisions/", "/gaps/"])
def test_pages_other_than_the_matrix_print_on_a4_portrait_by_default(page, path):
    page.goto(path)
    # No format given: the sheet is what the stylesheet asks for.
    pdf = page.pdf(prefer_css_page_size=True)
    width, height = media_box(pdf)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, in mm


def media_box(pdf: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert match, "no /MediaBox in the PDF"
    return float(match[1]), float(match[2])


def test_pdf_pages_are_counted_from_page_objects_not_the_page_tree():
    # Chromium writes one "/Type /Pages" tree node and one "/Type /Page" per sheet.
    two_pages = b"<< /Type /Pages /Kids [3 0 R 4 0 R] >> << /Type /Page >> << /Type/Page >>"
    assert pdf_page_count(two_pages) == 2


def test_the_timeline_prints_its_figure_and_table_without_navigation(page, screenshots):
    page.goto("/timeline/")
    page.emulate_media(media="print")
    expect(page.locator("figure.timeline-figure svg")).to_be_visible()
    expect(page.locator("table.timeline-changes")).to_be_visible()
    expect(page.locator(".site-header nav")).to_be_hidden()
    assert pdf_page_count(print_to_pdf(page, screenshots, "timeline")) >= 1
