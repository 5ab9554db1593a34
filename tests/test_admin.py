"""Every admin changelist and add page renders for a superuser and is closed to others."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import make_category, make_coverage, make_provision

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"instruments", "states", "provisions", "positions", "events", "gaps"}
MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in PROJECT_APPS
)


def test_every_project_model_is_registered_in_the_admin():
    assert {name for _app, name in MODELS} >= {
        "instrument", "provision", "topic", "threatcategory", "coverage", "capability",
        "position", "claim", "assertion",
    }  # fmt: skip


@pytest.fixture
def corpus(treaty, category):
    provision = make_provision(treaty, "art-1")
    make_coverage(provision, category)
    make_category("debris")
    return provision


# Lists of history records, which nobody adds to by hand.
READ_ONLY = {"deletedprovision"}


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_changelist_and_add_pages_render_for_a_superuser(admin_client, corpus, app, model):
    for view in ("changelist",) if model in READ_ONLY else ("changelist", "add"):
        response = admin_client.get(reverse(f"admin:{app}_{model}_{view}"))
        assert response.status_code == 200, f"{app}.{model} {view}"


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_changelist_search_works_for_a_superuser(admin_client, corpus, app, model):
    response = admin_client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "art"})
    assert response.status_code == 200


def test_instrument_change_page_shows_its_provisions_inline(admin_client, corpus):
    response = admin_client.get(
        reverse("admin:instruments_instrument_change", args=[corpus.instrument.pk])
    )
    assert response.status_code == 200
    assert b"art-1" in response.content


def test_provision_change_page_shows_its_coverage_inline(admin_client, corpus):
    response = admin_client.get(reverse("admin:provisions_provision_change", args=[corpus.pk]))
    assert response.status_code == 200
    assert b"Because the text says so." in response.content


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_anonymous_users_are_sent_to_the_login_page(client, app, model):
    response = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_users_cannot_add_anything(client):
    response = client.post(
        reverse("admin:provisions_threatcategory_add"),
        {"slug": "x", "name": "X", "definition": "X"},
    )
    assert response.status_code == 302
    from provisions.models import ThreatCategory

    assert not ThreatCategory.objects.filter(slug="x").exists()
