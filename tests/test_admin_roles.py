"""The permission matrix: what editors, reviewers and anonymous users may do in the admin."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from gaps.roles import ensure_roles
from instruments.models import Instrument
from provisions.models import (
    Capability,
    Coverage,
    DeletedProvision,
    Provision,
    ProvisionText,
    ThreatCategory,
    Topic,
)
from tests.conftest import make_category, make_coverage, make_instrument, make_provision
from tests.roles import client_for, make_staff

pytestmark = pytest.mark.django_db

EDITABLE = [
    "instrument",
    "provision",
    "provisiontext",
    "topic",
    "threatcategory",
    "capability",
    "coverage",
]
PROJECT_APPS = {"instruments", "provisions", "gaps"}


@pytest.fixture
def rows() -> dict[str, object]:
    """One row of every model registered in the admin."""
    instrument = make_instrument("treaty-a")
    provision = make_provision(instrument, "art-1")
    category = make_category("asat-tests")
    gone = make_provision(instrument, "art-9")
    gone.delete()
    return {
        "instrument": instrument,
        "provision": provision,
        "provisiontext": ProvisionText.objects.create(
            provision=provision, language="fr", text="Texte.", provenance="unverified"
        ),
        "topic": Topic.objects.create(slug="weapons", name="Weapons"),
        "threatcategory": make_category("unused"),  # deletable: no coverage protects it
        "capability": Capability.objects.create(slug="nuclear", name="Nuclear"),
        "coverage": make_coverage(provision, category),
        "user": User.objects.create(username="someone"),
        "group": Group.objects.create(name="translators"),
    }


APP_OF = {
    "instrument": "instruments",
    "provision": "provisions",
    "provisiontext": "provisions",
    "topic": "provisions",
    "threatcategory": "provisions",
    "capability": "provisions",
    "coverage": "provisions",
    "user": "auth",
    "group": "auth",
}


def clients() -> dict[str, Client]:
    return {
        "editor": client_for(make_staff("erin", "editors")),
        "reviewer": client_for(make_staff("rita", "reviewers")),
        "anonymous": Client(),
    }


def snapshot() -> list:
    """Every row of the corpus models, to check that a refused request changed nothing."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (
            Instrument,
            Provision,
            ProvisionText,
            Topic,
            ThreatCategory,
            Capability,
            Coverage,
        )
    ] + [list(Group.objects.order_by("pk").values("name"))]


def outcomes(client: Client, model: str, obj) -> dict[str, int]:
    app = APP_OF[model]
    urls = {
        "changelist": reverse(f"admin:{app}_{model}_changelist"),
        "add": reverse(f"admin:{app}_{model}_add"),
        "change": reverse(f"admin:{app}_{model}_change", args=[obj.pk]),
        "delete": reverse(f"admin:{app}_{model}_delete", args=[obj.pk]),
    }
    found = {}
    for view, url in urls.items():
        found[f"GET {view}"] = client.get(url).status_code
        # Empty forms: an allowed POST answers with the form and its errors (200), a
        # refused one with 403; the delete confirmation deletes when allowed (302).
        data = {"post": "yes"} if view == "delete" else {}
        if view == "changelist":
            data = {"action": "delete_selected", "_selected_action": [obj.pk], "index": 0}
        found[f"POST {view}"] = client.post(url, data).status_code
    return found


ALL_REQUESTS = [
    f"{method} {view}"
    for view in ("changelist", "add", "change", "delete")
    for method in ("GET", "POST")
]


def expected(role: str, model: str) -> dict[str, int]:
    if role == "anonymous":
        return dict.fromkeys(ALL_REQUESTS, 302)  # to the login page
    if model in ("user", "group"):  # only superusers manage people
        return dict.fromkeys(ALL_REQUESTS, 403)
    if role == "editor":
        return {
            "GET changelist": 200,
            "POST changelist": 200,  # the "are you sure?" page of the bulk delete action
            "GET add": 200,
            "POST add": 200,
            "GET change": 200,
            "POST change": 200,
            "GET delete": 200,
            "POST delete": 302,
        }
    return {
        "GET changelist": 200,
        "POST changelist": 200,  # no action is offered to reviewers: the list is shown again
        "GET add": 403,
        "POST add": 403,
        "GET change": 200,  # read-only view
        "POST change": 403,
        "GET delete": 403,
        "POST delete": 403,
    }


@pytest.mark.parametrize("model", [*EDITABLE, "user", "group"])
@pytest.mark.parametrize("role", ["editor", "reviewer", "anonymous"])
def test_permission_matrix(rows, role, model):
    client = clients()[role]
    before = snapshot()
    found = outcomes(client, model, rows[model])
    assert found == expected(role, model)
    if role != "editor" or model in ("user", "group"):
        assert snapshot() == before, "a refused request changed something"


def test_every_project_model_in_the_admin_is_in_the_matrix():
    registered = {
        m._meta.model_name for m in admin.site._registry if m._meta.app_label in PROJECT_APPS
    }
    assert registered == {*EDITABLE, "deletedprovision"}


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_deleted_provisions_can_be_listed_but_not_added_or_edited(rows, role):
    client = clients()[role]
    record = DeletedProvision.objects.get(slug="art-9", history_type="-")
    assert client.get(reverse("admin:provisions_deletedprovision_changelist")).status_code == 200
    assert client.get(reverse("admin:provisions_deletedprovision_add")).status_code == 403
    url = reverse("admin:provisions_deletedprovision_change", args=[record.pk])
    assert client.post(url, {}).status_code == 403


def test_anonymous_users_cannot_see_deleted_provisions(rows):
    response = Client().get(reverse("admin:provisions_deletedprovision_changelist"))
    assert response.status_code == 302


def test_a_reviewer_cannot_restore_a_deleted_provision(rows):
    client = clients()["reviewer"]
    record = DeletedProvision.objects.get(slug="art-9", history_type="-")
    response = client.post(
        reverse("admin:provisions_deletedprovision_changelist"),
        {"action": "restore", "_selected_action": [record.pk], "index": 0},
    )
    assert response.status_code == 200  # the action is not offered; the list is shown again
    assert not Provision.objects.filter(slug="art-9").exists()


def test_a_reviewer_sees_no_save_button_on_a_change_page(rows):
    html = (
        clients()["reviewer"]
        .get(reverse("admin:instruments_instrument_change", args=[rows["instrument"].pk]))
        .content.decode()
    )
    assert 'name="_save"' not in html
    assert 'name="base_version"' not in html


def test_editors_can_create_an_instrument_and_a_coverage_assessment(rows):
    client = clients()["editor"]
    response = client.post(
        reverse("admin:instruments_instrument_add"),
        {
            "short_name": "New draft",
            "slug": "new-draft",
            "title": "A new draft",
            "kind": "draft_treaty",
            "status": "draft",
            "binding": "on",
            "position": "0",
            "provisions-TOTAL_FORMS": "0",
            "provisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    created = Instrument.objects.get(slug="new-draft")
    assert (created.published, created.origin) == (False, Instrument.Origin.ADMIN)
    response = client.post(
        reverse("admin:provisions_coverage_add"),
        {
            "provision": rows["provision"].pk,
            "category": make_category("debris").pk,
            "level": "restricts",
            "rationale": "Because.",
        },
    )
    assert response.status_code == 302
    assert Coverage.objects.filter(category__slug="debris").exists()


def test_the_roles_hold_no_permission_on_users_or_groups():
    groups = ensure_roles()
    for group in groups.values():
        codenames = set(group.permissions.values_list("content_type__app_label", flat=True))
        assert "auth" not in codenames
    reviewer_actions = {
        codename.split("_")[0]
        for codename in groups["reviewers"].permissions.values_list("codename", flat=True)
    }
    assert reviewer_actions == {"view"}


def test_roles_are_created_by_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {"editors", "reviewers"}
    assert (
        Group.objects.get(name="editors")
        .permissions.filter(codename="view_historicalprovision")
        .exists()
    )
