"""A delegate reads the coverage matrix: changes the scope, asks why a row is a gap, opens a
cell, reads the provision behind it and copies its citation."""

from __future__ import annotations

import re

from tests.browser.helpers import expect, screenshot, uses_site_stylesheet

MATRIX = "table.matrix"
WMD = "Nuclear weapons and other WMD in outer space"
NON_WMD = "Weapons other than WMD placed in outer space"


def gap_rows(page) -> set[str]:
    """The threat categories the matrix on `page` marks as gaps (by the word, not colour)."""
    rows = page.locator(f"{MATRIX} tbody tr").filter(
        has=page.locator("td.summary", has_text=re.compile(r"\bGap\b"))
    )
    return set(rows.locator("th[scope=row]").all_inner_texts())


def delegate_journey(page, screenshots, *, javascript: bool) -> None:
    suffix = "" if javascript else "-no-js"
    page.goto("/")
    assert uses_site_stylesheet(page)
    expect(page.locator(f"{MATRIX} caption")).to_contain_text("binding instruments in force")
    in_force = gap_rows(page)
    # The gap rows are the ones marked as such, and they are a real subset of the categories.
    assert in_force == set(page.locator(f"{MATRIX} tr.gap-row th[scope=row]").all_inner_texts()), (
        "a row's class and its 'Gap' word disagree"
    )
    assert NON_WMD in in_force and WMD not in in_force

    # Switch the scope: drafts and proposals count too, and the 2014 PPWT closes a gap.
    page.get_by_label("Scope").select_option("drafts")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"/\?scope=drafts(&evidence=all)?$"))
    expect(page.locator(f"{MATRIX} caption")).to_contain_text("drafts")
    with_drafts = gap_rows(page)
    assert with_drafts < in_force
    assert NON_WMD in in_force - with_drafts
    screenshot(page, screenshots, f"delegate-1-matrix-with-drafts{suffix}")

    # Why is the first remaining gap a gap?
    first_gap = page.locator(f"{MATRIX} tr.gap-row").first
    category = first_gap.locator("th[scope=row]").inner_text()
    first_gap.get_by_role("link", name=re.compile(r"^Gap")).click()
    expect(page).to_have_url(re.compile(r"#why-[\w-]+$"))
    explanation = page.locator("article.gap-explanation:target")
    expect(explanation.get_by_role("heading", level=3)).to_have_text(category)
    expect(explanation).to_be_in_viewport()
    expect(explanation).to_contain_text(re.compile(r"Closest:|No provision of any instrument"))

    # The cell "Outer Space Treaty" × WMD: its level and count, then its provisions.
    cell = page.locator(f'{MATRIX} a[href="/gaps/wmd-stationing/ost-1967/"]')
    expect(cell).to_contain_text("■ Prohibits")
    count = int(re.search(r"(\d+) provisions?", cell.inner_text())[1])
    cell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Outer Space Treaty on “{WMD}”")
    expect(page.locator("section.assessment")).to_have_count(count)

    # Follow the first provision and cite it.
    page.get_by_role("link", name=re.compile(r"^The full text of Article IV")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outer Space Treaty, Article IV")
    citation = page.locator("#citation-text")
    expect(citation).to_be_visible()
    expect(citation).to_contain_text(page.url)
    copy = page.get_by_role("button", name="Copy citation")
    if javascript:
        copy.click()
        expect(page.locator(".copy-status")).to_have_text("Citation copied.")
        clipboard = page.evaluate("navigator.clipboard.readText()")
        assert clipboard == citation.inner_text().strip()
    else:
        # Without the script there is no button, and the citation is there to select.
        expect(copy).to_be_hidden()
    screenshot(page, screenshots, f"delegate-2-provision{suffix}")


def test_a_delegate_finds_the_gaps_and_cites_the_provision_behind_a_cell(
    page, browser_errors, screenshots
):
    delegate_journey(page, screenshots, javascript=True)
    assert browser_errors == []
