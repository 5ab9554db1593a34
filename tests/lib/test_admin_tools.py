"""The admin's Markdown preview, list filters, search and links to the diff."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import make_instrument, make_provision
from tests.roles import client_for, make_staff

pytestmark = pytest.mark.django_db

PREVIEW = "/admin/instruments/instrument/preview-markdown/"


@pytest.fixture
def editor_client():
    return client_for(make_staff("erin", "editors"))


def test_preview_endpoint_returns_sanitised_html(editor_client):
    text = "States *shall* not.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>"
    response = editor_client.post(PREVIEW, {"text": text})
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<em>shall</em>" in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html


def test_preview_endpoint_answers_only_post(editor_client):
    assert editor_client.get(PREVIEW, {"text": "*x*"}).status_code == 405


def test_preview_endpoint_refuses_a_post_without_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff("erin", "editors"))
    assert client.post(PREVIEW, {"text": "*x*"}).status_code == 403


def test_preview_endpoint_is_for_staff_only(db):
    assert Client().post(PREVIEW, {"text": "*x*"}).status_code == 302
    outsider = make_staff("olga")
    outsider.is_staff = False
    outsider.save()
    assert client_for(outsider).post(PREVIEW, {"text": "*x*"}).status_code == 302


def test_preview_endpoint_refuses_enormous_texts_with_a_message(editor_client):
    response = editor_client.post(PREVIEW, {"text": "x" * 200_001})
    assert response.status_code == 400
    assert "too long" in response.json()["error"]


def test_change_form_shows_the_saved_text_rendered_beside_the_editor(editor_client, treaty):
    provision = make_provision(treaty, "art-1", text="Not to *place* <script>x</script>.")
    response = editor_client.get(reverse("admin:provisions_provision_change", args=[provision.pk]))
    html = response.content.decode()
    assert "Text as it will appear" in html
    assert "Not to <em>place</em>" in html
    assert f'data-preview-url="{PREVIEW}"' in html
    assert "js/markdown-preview.js" in html
    assert "<script>x</script>" not in html


def test_instrument_form_has_ordered_provision_inlines_with_editable_positions(
    editor_client, treaty
):
    make_provision(treaty, "art-2", label="Article II", position=2)
    make_provision(treaty, "art-1", label="Article I", position=1)
    response = editor_client.get(reverse("admin:instruments_instrument_change", args=[treaty.pk]))
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.slug for form in formset.forms] == ["art-1", "art-2"]
    assert 'name="provisions-0-position"' in response.content.decode()


def test_instrument_list_filters_by_status_and_kind(editor_client):
    make_instrument("ost", short_name="Outer Space Treaty")
    make_instrument("lts", short_name="LTS Guidelines", kind="guidelines",
                    status="non_binding", binding=False)  # fmt: skip
    url = reverse("admin:instruments_instrument_changelist")
    by_kind = editor_client.get(url, {"kind__exact": "guidelines"})
    assert [i.slug for i in by_kind.context["cl"].result_list] == ["lts"]
    by_status = editor_client.get(url, {"status__exact": "in_force"})
    assert [i.slug for i in by_status.context["cl"].result_list] == ["ost"]


@pytest.mark.parametrize("query", ["Placement", "CD/1839", "anti-satellite"])
def test_instrument_search_covers_titles_symbols_and_provision_text(editor_client, query):
    ppwt = make_instrument("ppwt", title="Treaty on Placement", symbols="CD/1839")
    make_provision(ppwt, "art-2", text="No anti-satellite weapons.")
    make_instrument("other")
    response = editor_client.get(reverse("admin:instruments_instrument_changelist"), {"q": query})
    assert [i.slug for i in response.context["cl"].result_list] == ["ppwt"]


def test_provision_search_covers_instrument_symbols(editor_client):
    make_provision(make_instrument("ppwt", symbols="CD/1839"), "art-2")
    make_provision(make_instrument("other"), "art-3")
    response = editor_client.get(reverse("admin:provisions_provision_changelist"), {"q": "CD/1839"})
    assert [p.slug for p in response.context["cl"].result_list] == ["art-2"]


def test_instrument_admin_links_to_the_diff_against_its_predecessor(editor_client):
    old = make_instrument("ppwt-2008")
    new = make_instrument("ppwt-2014", supersedes=old)
    hidden = make_instrument("ppwt-2030", supersedes=new, published=False)
    html = editor_client.get(
        reverse("admin:instruments_instrument_change", args=[new.pk])
    ).content.decode()
    assert reverse("provisions:diff", args=["ppwt-2014", "ppwt-2008"]) in html
    html = editor_client.get(
        reverse("admin:instruments_instrument_change", args=[hidden.pk])
    ).content.decode()
    assert "Publish both to compare" in html


def test_unpublish_action_hides_an_instrument_again(editor_client, treaty):
    response = editor_client.post(
        reverse("admin:instruments_instrument_changelist"),
        {"action": "unpublish", "_selected_action": [treaty.pk], "index": 0},
    )
    assert response.status_code == 302
    treaty.refresh_from_db()
    assert not treaty.published
    assert editor_client.get(treaty.get_absolute_url()).status_code == 404
