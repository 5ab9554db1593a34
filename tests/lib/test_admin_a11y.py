"""The admin's fields have accessible names where Django's admin leaves them out, and its
pages carry nothing the Content Security Policy would refuse."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from tests.conftest import make_category, make_coverage, make_instrument, make_provision
from tests.html_checks import inline_code
from tests.roles import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_():
    return client_for(User.objects.create(username="root", is_staff=True, is_superuser=True))


def aria_labels(html: str, field: str) -> list[str]:
    return re.findall(rf'name="[\w-]+-\d+-{field}"[^>]*?aria-label="([^"]+)"', html)


def test_every_field_of_every_provision_row_is_named_after_its_column_and_row(admin_client_):
    treaty = make_instrument("ost", short_name="OST")
    make_provision(treaty, "art-1", label="Article I")
    make_provision(treaty, "art-2", label="Article II")
    html = admin_client_.get(f"/admin/instruments/instrument/{treaty.pk}/change/").content.decode()
    assert aria_labels(html, "text") == ["Text, OST, Article I", "Text, OST, Article II"]
    assert aria_labels(html, "DELETE") == ["Delete, OST, Article I", "Delete, OST, Article II"]
    # The autocomplete select of the parent is named too, and row by row, not once for all.
    assert re.findall(r'name="provisions-\d+-parent"[^>]*?aria-label="([^"]+)"', html) == [
        "Parent, OST, Article I",
        "Parent, OST, Article II",
    ]


def test_assessment_rows_of_a_provision_are_named(admin_client_):
    provision = make_provision(make_instrument("ost", short_name="OST"), "art-4")
    coverage = make_coverage(provision, make_category("asat"), "restricts")
    html = admin_client_.get(f"/admin/provisions/provision/{provision.pk}/change/").content.decode()
    labels = dict(re.findall(r'name="coverages-0-(\w+)"[^>]*?aria-label="([^"]+)"', html))
    assert labels["level"] == f"Level, {coverage}"
    assert labels["rationale"] == f"Rationale, {coverage}"
    assert labels["category"] == f"Category, {coverage}"


def test_admin_pages_load_the_script_that_names_their_widgets(admin_client_):
    provision = make_provision(make_instrument("ost"), "art-4")
    html = admin_client_.get(f"/admin/provisions/provision/{provision.pk}/change/").content.decode()
    assert "js/admin-widget-names.js" in html


def test_the_history_page_has_no_inline_style(admin_client_):
    treaty = make_instrument("ost")
    response = admin_client_.get(f"/admin/instruments/instrument/{treaty.pk}/history/")
    assert response.status_code == 200
    assert b'class="paginator"' in response.content
    assert inline_code(response.content.decode()) == []
