"""The answer in view: the sentence that opens the matrix page agrees with the table, the
strongest level and gap column is on screen at 1366 × 768 in every scope without scrolling
sideways, a phone lists the gaps before the table, the what-if set is quick to choose and a
gap explanation leads back to its row."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import expect, screenshot, serious_axe_violations
from tests.browser.test_delegate_journey import gap_rows

SCOPES = {"in force": "/", "+ drafts": "/?scope=drafts", "+ voluntary": "/?scope=all"}
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def laptop(browser, site):
    context = browser.new_context(base_url=site.url, viewport=LAPTOP, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser, site):
    context = browser.new_context(
        base_url=site.url, viewport=PHONE, device_scale_factor=2, locale="en-GB"
    )
    yield context.new_page()
    context.close()


def answer_numbers(page) -> tuple[int, int]:
    text = page.locator(".answer-sentence").inner_text()
    match = re.search(r"(\d+) of (\d+) threats? without a prohibition", text)
    assert match, text
    return int(match[1]), int(match[2])


@pytest.mark.parametrize("path", SCOPES.values(), ids=SCOPES.keys())
def test_the_answer_opens_the_page_and_agrees_with_the_table(laptop, path):
    laptop.goto(path)
    answer = laptop.get_by_role("region", name="The answer")
    # On the first screen, above the controls and the table.
    expect(answer).to_be_in_viewport()
    assert answer.bounding_box()["y"] < laptop.locator(".matrix-controls").bounding_box()["y"]
    gaps, total = answer_numbers(laptop)
    in_table = gap_rows(laptop)
    assert gaps == len(in_table) and total == laptop.locator("table.matrix tbody tr").count()
    named = set(answer.locator("ul.answer-gaps a").all_inner_texts())
    assert named == in_table
    # Each gap links to its explanation, which is there.
    first = answer.locator("ul.answer-gaps a").first
    first.click()
    expect(laptop).to_have_url(re.compile(r"#why-[\w-]+$"))
    expect(laptop.locator("article.gap-explanation:target")).to_be_in_viewport()
    assert serious_axe_violations(laptop) == []


@pytest.mark.parametrize("path", SCOPES.values(), ids=SCOPES.keys())
def test_the_answer_column_is_on_screen_at_1366_without_scrolling_sideways(
    laptop, path, screenshots, request
):
    laptop.goto(path)
    assert laptop.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert laptop.locator(".matrix-scroll").evaluate("(box) => box.scrollLeft") == 0
    header = laptop.locator("table.matrix thead th.summary")
    expect(header).to_contain_text("Gap")
    cells = laptop.locator("table.matrix tbody td.summary")
    assert cells.count() == laptop.locator("table.matrix tbody tr").count()
    for box in [header.bounding_box(), *(cell.bounding_box() for cell in cells.all())]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"], box
    # The first rows' answers are on the first screenful of the table itself.
    laptop.locator("table.matrix").scroll_into_view_if_needed()
    expect(cells.first).to_be_in_viewport()
    screenshot(laptop, screenshots, f"answer-1366-{request.node.callspec.id}")


def test_the_voluntary_scope_tells_guided_gaps_from_bare_ones_in_words(laptop):
    laptop.goto("/?scope=all")
    asat = laptop.locator("table.matrix tr#row-asat-tests td.summary")
    expect(asat).to_contain_text("Gap, with voluntary guidance")
    expect(laptop.locator(".answer")).to_contain_text("Voluntary guidance addresses")
    expect(laptop.locator(".gap-legend")).to_contain_text("no voluntary guidance")
    laptop.goto("/?scope=drafts")
    expect(laptop.locator("table.matrix tr#row-asat-tests td.summary")).not_to_contain_text(
        "with voluntary guidance"
    )


@pytest.mark.parametrize("path", [*SCOPES.values(), "/?compare=ppwt-2014"])
def test_a_phone_lists_the_gaps_plainly_before_the_table(phone, path, screenshots):
    phone.goto(path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    items = phone.locator(".answer ul.answer-gaps").first.locator("li")
    assert items.count() > 0
    assert items.first.evaluate("(li) => getComputedStyle(li).display") == "list-item"
    expect(items.first).to_be_in_viewport()
    table = phone.locator("table.matrix").bounding_box()
    last = phone.locator(".answer ul.answer-gaps li").last.bounding_box()
    assert last["y"] + last["height"] <= table["y"]
    listed = set(phone.locator(".answer-line").first.locator("li").all_inner_texts())
    assert listed == gap_rows(phone)
    assert serious_axe_violations(phone) == []
    if path == "/?scope=all":
        screenshot(phone, screenshots, "answer-phone-all")


def test_ost_plus_the_2014_ppwt_in_four_clicks_with_clear_all(laptop, screenshots):
    laptop.goto("/")
    laptop.get_by_text("What if: choose the instruments").click()
    laptop.get_by_role("link", name="Clear all").click()
    choices = laptop.locator("details.what-if")
    expect(choices).to_have_attribute("open", "")
    expect(choices.get_by_role("checkbox", checked=True)).to_have_count(0)
    choices.get_by_label("Outer Space Treaty").check()
    choices.get_by_label("PPWT draft (2014)").check()
    choices.get_by_role("button", name="Show the matrix for these instruments").click()
    expect(laptop).to_have_url(re.compile(r"instruments=ost-1967&instruments=ppwt-2014$"))
    expect(laptop.locator("table.matrix caption")).to_contain_text("2 chosen")
    # The scope control no longer names a scope it is not showing.
    scope_form = laptop.locator("form.scope-form")
    expect(scope_form).to_contain_text("the 2 instruments chosen under “What if”")
    expect(scope_form.get_by_label("Scope")).to_have_count(0)
    expect(laptop.locator(".answer")).to_contain_text("The 2 chosen instruments")
    assert serious_axe_violations(laptop) == []
    screenshot(laptop, screenshots, "answer-what-if-cleared-and-chosen")


def test_only_this_shows_one_instrument_and_a_scope_link_goes_back(no_js_page):
    no_js_page.goto("/?scope=drafts")
    no_js_page.get_by_text("What if: choose the instruments").click()
    no_js_page.get_by_role("link", name=re.compile(r"^only this\W+Outer Space Treaty$")).click()
    expect(no_js_page).to_have_url(re.compile(r"/\?instruments=ost-1967$"))
    expect(
        no_js_page.locator("details.what-if").get_by_role("checkbox", checked=True)
    ).to_have_count(1)
    no_js_page.locator("form.scope-form").get_by_role(
        "link", name="Binding instruments in force", exact=True
    ).click()
    expect(no_js_page).to_have_url(re.compile(r"/$"))
    expect(no_js_page.get_by_label("Scope")).to_have_value("in_force")


def test_a_gap_explanation_leads_back_to_its_row_in_the_same_view(laptop):
    laptop.goto("/?scope=all&evidence=verbatim")
    explanation = laptop.locator("article#why-debris")
    explanation.get_by_role("link", name=re.compile(r"^Back to .* in the matrix$")).click()
    expect(laptop).to_have_url(re.compile(r"/\?scope=all&evidence=verbatim#row-debris$"))
    expect(laptop.locator("tr#row-debris")).to_be_in_viewport()
    expect(laptop.locator("tr#row-debris td.summary")).to_be_in_viewport()
