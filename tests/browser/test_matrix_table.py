"""The matrix as a screen reader and a colour-blind reader meet it: a real table with a
caption and header cells, levels carried by a word and a symbol as well as a colour, and
colours with enough contrast (WCAG 2.2 AA)."""

from __future__ import annotations

from provisions.levels import LEVEL_SYMBOLS, NO_COVERAGE_SYMBOL
from tests.browser.helpers import contrast_ratio, expect, parse_rgb

LEVEL_CLASSES = ["prohibits", "restricts", "guidance", "indirect", "none"]


def test_the_matrix_is_a_table_with_caption_and_row_and_column_headers(page):
    page.goto("/?scope=all")
    table = page.get_by_role("table", name="Coverage of threat categories")
    expect(table.locator("caption")).to_contain_text("all instruments")
    categories = table.locator("tbody tr")
    rows = categories.count()
    assert rows > 5
    expect(table.get_by_role("rowheader")).to_have_count(rows)
    instruments = table.locator("thead th[scope=col].instrument")
    assert instruments.count() > 10
    expect(table.locator("thead th[scope=colgroup]")).to_have_count(3)
    # Each row: its header, one cell per instrument, the strongest level in scope.
    for row in categories.all():
        expect(row.locator("td")).to_have_count(instruments.count() + 1)


def test_every_level_in_the_matrix_is_a_word_and_a_symbol_not_only_a_colour(page):
    page.goto("/?scope=all")
    symbols = {**LEVEL_SYMBOLS, "none": NO_COVERAGE_SYMBOL}
    badges = page.locator("table.matrix .level").evaluate_all(
        """(badges) => badges.map((badge) => [
            [...badge.classList].find((name) => name.startsWith("level-")).slice(6),
            badge.querySelector("[aria-hidden=true]")?.textContent,
            badge.lastChild.textContent.trim(),
        ])"""
    )
    assert len(badges) > 100
    for level, symbol, word in badges:
        assert symbol == symbols[level], f"a {level} badge with the symbol {symbol!r}"
        assert word, f"a {level} badge without its word"
    assert {level for level, _symbol, _word in badges} == set(LEVEL_CLASSES)
    # Gaps say so in words too.
    for summary in page.locator("table.matrix tr.gap-row td.summary").all():
        expect(summary).to_contain_text("Gap")


def colours(page, selector: str) -> list[tuple[str, str, str]]:
    """(text of the element, its text colour, its background colour) as computed."""
    return page.locator(selector).evaluate_all(
        """(elements) => elements.map((el) => {
            const style = getComputedStyle(el);
            return [el.textContent.trim(), style.color, style.backgroundColor];
        })"""
    )


def test_level_colours_have_aa_contrast_and_differ_from_each_other(page):
    page.goto("/?scope=all")
    backgrounds = {}
    for level in LEVEL_CLASSES:
        text, ink, paper = colours(page, f".legend .level-{level}")[0]
        ratio = contrast_ratio(parse_rgb(ink), parse_rgb(paper))
        assert ratio >= 4.5, f"{text}: {ratio:.2f}:1 between {ink} and {paper}"
        backgrounds[level] = paper
    assert len(set(backgrounds.values())) == len(LEVEL_CLASSES)
    # The same colours in the cells, and a quieter "None" in cells that are not gaps.
    for text, ink, paper in colours(page, "table.matrix td .level"):
        if paper == "rgba(0, 0, 0, 0)":
            paper = "rgb(255, 255, 255)"
        assert contrast_ratio(parse_rgb(ink), parse_rgb(paper)) >= 4.5, text
    # The gap rows' summary cells: the word "Gap" on the gap colour.
    for text, ink, paper in colours(page, "table.matrix tr.gap-row td.summary a.gap"):
        assert contrast_ratio(parse_rgb(ink), parse_rgb(paper)) >= 4.5, text


def test_the_focus_ring_stands_out_from_the_page(page):
    page.goto("/")
    page.keyboard.press("Tab")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    # WCAG 2.2 non-text contrast: 3:1 against what surrounds it.
    assert contrast_ratio(parse_rgb(ring), (255, 255, 255)) >= 3
