"""The admin's history of an object with several versions, and its comparison form, pass
axe: no serious or critical violation (a 2.53:1 contrast was one)."""

from __future__ import annotations

from provisions.models import Provision
from tests.browser.conftest import ADMIN_PASSWORD, ADMIN_USERNAME
from tests.browser.helpers import serious_axe_violations


def log_in(page) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(ADMIN_USERNAME)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_history_of_an_object_with_several_versions_passes_axe(page):
    provision = Provision.objects.get(instrument__slug="ost-1967", slug="art-4-para-1")
    for heading in ("First heading", "Second heading", ""):
        provision.heading = heading
        provision.save()
    assert provision.history.count() >= 4
    log_in(page)
    page.goto(f"/admin/provisions/provision/{provision.pk}/history/")
    assert page.get_by_role("button", name="Compare").count() == 1
    assert serious_axe_violations(page) == []
