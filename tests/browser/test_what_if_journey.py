"""A delegate asks which gaps the 2014 PPWT would close if it entered into force, once with
the comparison and once by choosing the instruments of a what-if matrix herself."""

from __future__ import annotations

import re

from tests.browser.helpers import expect, screenshot, uses_site_stylesheet
from tests.browser.test_delegate_journey import gap_rows

PPWT = "PPWT draft (2014)"


def what_if_journey(page, screenshots, *, javascript: bool) -> None:
    suffix = "" if javascript else "-no-js"
    page.goto("/")
    assert uses_site_stylesheet(page)
    in_force = gap_rows(page)

    # The comparison: which gaps of the law in force the draft would close.
    page.get_by_label("If this draft entered into force").select_option(label=PPWT)
    page.get_by_role("button", name="Compare with the law in force").click()
    expect(page).to_have_url(re.compile(r"/\?compare=ppwt-2014$"))
    comparison = page.get_by_role("region", name=f"If the {PPWT} entered into force")
    expect(comparison).to_contain_text(f"Of the {len(in_force)} gaps left")
    closes = comparison.locator("h3:has-text('Gaps it would close') + ul > li")
    stays = comparison.locator("h3:has-text('Gaps that would stay open') + ul > li")
    closed = {text.split(":")[0] for text in closes.all_inner_texts()}
    still_open = {text.split(":")[0] for text in stays.all_inner_texts()}
    assert closed and closed | still_open == in_force and not closed & still_open
    for entry in closes.all():
        expect(entry).to_contain_text("with the draft ■ Prohibits")
    screenshot(page, screenshots, f"what-if-1-comparison{suffix}")

    # The same question asked with the what-if checkboxes: the law in force plus the draft.
    page.get_by_text("What if: choose the instruments").click()
    choices = page.locator("details.what-if")
    expect(choices.get_by_label(PPWT)).to_be_visible()
    in_force_boxes = choices.locator("fieldset", has_text="Binding, in force").get_by_role(
        "checkbox"
    )
    assert in_force_boxes.count() > 0
    for box in in_force_boxes.all():
        expect(box).to_be_checked()
    choices.get_by_label(PPWT).check()
    choices.get_by_role("button", name="Show the matrix for these instruments").click()
    expect(page).to_have_url(re.compile(r"instruments=ppwt-2014"))
    expect(page.locator("table.matrix caption")).to_contain_text(
        f"{in_force_boxes.count() + 1} chosen"
    )
    with_the_draft = gap_rows(page)
    assert in_force - with_the_draft == closed
    assert with_the_draft == still_open
    screenshot(page, screenshots, f"what-if-2-chosen-instruments{suffix}")


def test_a_delegate_sees_which_gaps_the_2014_ppwt_would_close(page, browser_errors, screenshots):
    what_if_journey(page, screenshots, javascript=True)
    assert browser_errors == []
