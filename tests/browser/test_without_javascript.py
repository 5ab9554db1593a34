"""The same journeys in a browser with JavaScript switched off: every result is still reached.

Only the conveniences differ: there is no "Copy citation" button (the citation is there to
select), and the admin's Markdown preview shows the saved text instead of a live one.
"""

from __future__ import annotations

from tests.browser.test_admin_journey import admin_journey
from tests.browser.test_delegate_journey import delegate_journey
from tests.browser.test_researcher_journey import researcher_journey
from tests.browser.test_what_if_journey import what_if_journey


def scripts_ran(page) -> bool:
    """Whether the page's scripts ran: copy-citation.js un-hides its button when it does."""
    return page.locator("button.copy-citation:visible").count() > 0


def test_a_delegate_reaches_the_gaps_the_cells_and_the_citation_without_javascript(
    no_js_page, screenshots
):
    delegate_journey(no_js_page, screenshots, javascript=False)
    assert not scripts_ran(no_js_page)


def test_the_what_if_questions_are_answered_without_javascript(no_js_page, screenshots):
    what_if_journey(no_js_page, screenshots, javascript=False)


def test_a_researcher_filters_pages_and_downloads_without_javascript(
    no_js_page, screenshots, tmp_path
):
    researcher_journey(no_js_page, screenshots, tmp_path, javascript=False)


# Last in this module on purpose: on PostgreSQL what the admin writes stays in the database
# until the module ends, and the new draft replaces the 2014 PPWT in the matrix.
def test_an_editor_imports_and_publishes_a_draft_without_javascript(
    no_js_page, screenshots, remove_imported_drafts
):
    admin_journey(
        no_js_page, screenshots, javascript=False, slug=f"{remove_imported_drafts}2030-no-js"
    )
