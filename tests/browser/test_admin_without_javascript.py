"""An editor with JavaScript switched off adds a coverage assessment and a topic to a
provision in the admin: a blank assessment row is there without "Add another", and the
category and the topics are plain controls rather than autocompletes that need scripts."""

from __future__ import annotations

import re

from provisions.models import Coverage, Level, Provision, ThreatCategory, Topic
from tests.browser.helpers import expect
from tests.browser.test_admin_journey import log_in


def test_an_editor_adds_an_assessment_and_a_topic_without_javascript(no_js_page):
    page = no_js_page
    provision = Provision.objects.get(instrument__slug="ost-1967", slug="art-9")
    category = ThreatCategory.objects.exclude(coverages__provision=provision).first()
    topic = Topic.objects.exclude(provisions=provision).first()
    assessed = provision.coverages.count()
    try:
        log_in(page)
        page.goto(f"/admin/provisions/provision/{provision.pk}/change/")
        row = f"coverages-{assessed}"
        page.locator(f'select[name="{row}-category"]').select_option(str(category.pk))
        page.locator(f'select[name="{row}-level"]').select_option(Level.RESTRICTS)
        page.locator(f'textarea[name="{row}-rationale"]').fill("Added without scripts.")
        page.locator(f'input[name="topics"][value="{topic.pk}"]').check()
        page.locator('input[name="_save"]').click()
        expect(page).to_have_url(re.compile(r"/admin/provisions/provision/$"))
        expect(page.locator(".messagelist .success")).to_be_visible()
        coverage = Coverage.objects.get(provision=provision, category=category)
        assert (coverage.level, coverage.rationale) == (Level.RESTRICTS, "Added without scripts.")
        assert provision.coverages.count() == assessed + 1
        assert provision.topics.filter(pk=topic.pk).exists()
    finally:
        # On PostgreSQL the server's writes are committed, not rolled back with the test.
        Coverage.objects.filter(provision=provision, category=category).delete()
        provision.topics.remove(topic)
