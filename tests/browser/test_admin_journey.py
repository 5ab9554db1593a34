"""An editor imports a new draft from its pasted text, corrects how it was split, publishes
it, and finds it in the matrix and in the comparison with the draft it replaces.

The draft is made up for this test (Articles I to III), and says so in its preamble.
"""

from __future__ import annotations

import re

from tests.browser.conftest import ADMIN_PASSWORD, ADMIN_USERNAME
from tests.browser.helpers import expect, screenshot

SHORT_NAME = "Test draft 2030"
TITLE = "Test Draft Treaty on Outer Space Security"
MOVED = "This Treaty shall enter into force when ten States have ratified it."
# The last sentence of Article II belongs to Article III, whose heading the splitter then
# takes for its text: the kind of thing an editor corrects in the preview.
DRAFT = f"""{TITLE}

The States Parties to this Treaty, recalling that this text was made up to test the import
of drafts and is not the text of any instrument,

Have agreed as follows:

Article I
Scope

This Treaty applies to every object launched into outer space.

Article II
Obligations

1. States Parties shall not place any weapon in outer space.

2. States Parties shall not test destructive anti-satellite weapons against objects in orbit.

{MOVED}

Article III
Entry into force
"""


def log_in(page) -> None:
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(ADMIN_USERNAME)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def row_field(page, row: int, name: str):
    """A field of the preview table's row (1-based), by its hidden label."""
    return page.get_by_label(f"{name}, row {row}", exact=True)


def admin_journey(page, screenshots, *, javascript: bool, slug: str) -> None:
    suffix = "" if javascript else "-no-js"
    log_in(page)
    page.locator("tr.model-instrument").get_by_role("link", name="Instruments").click()
    page.get_by_role("link", name="Import a draft from its text").click()

    # Step 1: the particulars and the pasted text.
    page.get_by_label("Short name").fill(SHORT_NAME)
    page.get_by_label("Slug").fill(slug)
    page.get_by_label("Full title").fill(TITLE)
    page.get_by_label("Document symbols").fill("TEST/2030/1")
    page.get_by_label("Kind").select_option(label="Draft treaty")
    page.get_by_label("Status").select_option(label="Draft under negotiation")
    page.get_by_label("Legally binding once in force").check()
    page.get_by_label("Supersedes").select_option(label="PPWT draft (2014)")
    page.get_by_label("Full text").fill(DRAFT)
    page.get_by_role("button", name="Split the text and show me").click()

    # Step 2: the split, corrected: Article III gets its heading and its sentence back.
    expect(page.get_by_role("heading", name="Check the split")).to_be_visible()
    labels = [row_field(page, row, "Label").input_value() for row in range(1, 7)]
    assert labels == [
        "Preamble",
        "Article I",
        "Article II",
        "Article II, paragraph 1",
        "Article II, paragraph 2",
        "Article III",
    ]
    paragraph = row_field(page, 5, "Text")
    assert paragraph.input_value().endswith(MOVED)
    paragraph.fill(paragraph.input_value().removesuffix(MOVED).rstrip())
    assert row_field(page, 6, "Text").input_value() == "Entry into force"
    row_field(page, 6, "Heading").fill("Entry into force")
    row_field(page, 6, "Text").fill(MOVED)
    page.get_by_role("button", name="Check again").click()
    expect(page.locator(".errornote")).to_have_count(0)
    expect(row_field(page, 6, "Text")).to_have_value(MOVED)
    screenshot(page, screenshots, f"admin-1-import-preview{suffix}")
    page.get_by_role("button", name="Create the instrument").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Imported {SHORT_NAME} with 6 provisions. It is not published yet"
    )

    # Publish it from its change form.
    page.get_by_label("Published").check()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.get_by_label("Published")).to_be_checked()

    # It is in the matrix with the drafts, and the 2014 PPWT now counts through it.
    page.goto("/?scope=drafts")
    matrix = page.locator("table.matrix")
    expect(matrix.get_by_role("columnheader", name=SHORT_NAME, exact=True)).to_be_visible()
    expect(
        matrix.get_by_role("columnheader", name=re.compile(r"^PPWT draft \(2014\)"))
    ).to_contain_text(f"Superseded by {SHORT_NAME}; not counted")
    screenshot(page, screenshots, f"admin-2-matrix-with-the-new-draft{suffix}")

    # And its page links to what changed since the 2014 PPWT.
    matrix.get_by_role("link", name=SHORT_NAME, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("link", name="see what changed").click()
    expect(page).to_have_url(re.compile(rf"/instruments/{slug}/diff/ppwt-2014/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"What changed from PPWT draft (2014) to {SHORT_NAME}"
    )
    article_3 = page.locator("table.diff-provisions tbody tr", has_text="Article III").first
    expect(article_3).to_contain_text(MOVED)
    added = int(page.locator(".diff-summary div", has_text="Added").locator("dd").inner_text())
    assert added >= 1
    screenshot(page, screenshots, f"admin-3-diff{suffix}")


def test_an_editor_imports_corrects_and_publishes_a_draft_then_finds_it_compared(
    page, browser_errors, screenshots, remove_imported_drafts
):
    admin_journey(page, screenshots, javascript=True, slug=f"{remove_imported_drafts}2030")
    assert browser_errors == []


def test_the_markdown_preview_starts_when_an_editor_is_focused_and_follows_the_typing(
    page, browser_errors
):
    log_in(page)
    previews = []
    page.on("request", lambda r: previews.append(r.url) if "preview-markdown" in r.url else None)
    page.goto("/admin/instruments/instrument/")
    page.get_by_role("link", name="Outer Space Treaty", exact=True).click()
    expect(page.get_by_role("heading", name="Change instrument")).to_be_visible()
    page.wait_for_load_state("networkidle")
    # Dozens of editors on the page, and not one request until one of them is used.
    assert page.locator("textarea[data-preview-url]").count() > 10
    assert previews == []
    expect(page.locator(".markdown-preview")).to_have_count(0)
    editor = page.locator("textarea#id_summary")
    editor.fill("States *shall not* place **weapons**.")
    preview = page.get_by_role("region", name="Preview of the text as it will appear on the site")
    expect(preview.locator("strong")).to_have_text("weapons")
    expect(preview.locator("em")).to_have_text("shall not")
    assert browser_errors == []
