"""History and undo: who changed what, comparing two versions, restoring old and deleted rows."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F
from django.urls import reverse

from instruments.models import Instrument
from provisions.models import (
    Coverage,
    DefinedTerm,
    DeletedProvision,
    Provision,
    ThreatCategory,
    Topic,
)
from tests.admin_forms import change_form_data
from tests.conftest import make_coverage, make_provision
from tests.roles import client_for, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_staff("erin", "editors")


@pytest.fixture
def client_of_editor(editor):
    return client_for(editor)


@pytest.fixture
def provision(treaty, category):
    provision = make_provision(treaty, "art-4", label="Article IV", text="Not to place weapons.")
    provision.topics.add(Topic.objects.create(slug="weapons", name="Weapons"))
    make_coverage(provision, category, "prohibits", rationale="Says not to place.")
    return provision


def edit_provision(client, provision: Provision, **changes) -> None:
    url = reverse("admin:provisions_provision_change", args=[provision.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_admin_edit_is_recorded_with_who_when_and_what(client_of_editor, editor, provision):
    edit_provision(client_of_editor, provision, text="Not to place any weapons.")
    latest = provision.history.order_by("-history_date").first()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.text == "Not to place any weapons."
    previous = latest.prev_record
    assert previous.text == "Not to place weapons."
    assert latest.diff_against(previous).changed_fields == ["text"]
    assert (previous.version, latest.version) == (1, 2)


@pytest.mark.parametrize("model", [Instrument, Provision, Coverage, ThreatCategory])
def test_instruments_provisions_assessments_and_categories_keep_a_history(provision, model):
    assert model.history.filter(history_type="+").exists()


def test_history_page_lists_versions_and_offers_to_compare_them(client_of_editor, provision):
    edit_provision(client_of_editor, provision, text="Not to place any weapons.")
    url = reverse("admin:provisions_provision_history", args=[provision.pk])
    response = client_of_editor.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "erin" in html
    assert reverse("admin:provisions_provision_history_compare", args=[provision.pk]) in html
    assert '<label for="compare-old">Older version</label>' in html
    assert "None" not in html  # no change reason is shown as a dash, no user as "None"


def test_comparing_two_versions_shows_the_words_that_changed(client_of_editor, provision):
    edit_provision(client_of_editor, provision, text="Not to place any weapons in orbit.")
    first = provision.history.order_by("history_date").first()
    second = provision.history.order_by("-history_date").first()
    url = reverse("admin:provisions_provision_history_compare", args=[provision.pk])
    response = client_of_editor.get(url, {"old": first.history_id, "new": second.history_id})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ins><span class="visually-hidden">[inserted: </span>any ' in html
    assert "in orbit" in html
    assert "Text <strong>(changed)</strong>" in html


def test_comparing_versions_that_do_not_belong_to_the_row_is_a_bad_request(
    client_of_editor, provision, treaty
):
    other = make_provision(treaty, "art-5")
    foreign = other.history.first().history_id
    url = reverse("admin:provisions_provision_history_compare", args=[provision.pk])
    response = client_of_editor.get(url, {"old": foreign, "new": "not-a-number"})
    assert response.status_code == 400
    assert b"Choose two versions" in response.content


def test_an_overwritten_provision_can_be_restored_from_its_history(
    client_of_editor, editor, provision
):
    edit_provision(client_of_editor, provision, text="Wrong text saved by mistake.")
    original = provision.history.order_by("history_date").first()
    url = reverse("admin:provisions_provision_simple_history", args=[provision.pk, original.pk])
    data = change_form_data(client_of_editor.get(url))
    assert data["base_version"] == "2"  # the current row's version, not the old copy's
    response = client_of_editor.post(url, data)
    assert response.status_code == 302
    provision.refresh_from_db()
    assert (provision.text, provision.version) == ("Not to place weapons.", 3)
    assert provision.history.order_by("-history_date").first().history_user == editor


def test_a_revert_based_on_an_outdated_page_is_refused(client_of_editor, provision):
    original = provision.history.order_by("history_date").first()
    url = reverse("admin:provisions_provision_simple_history", args=[provision.pk, original.pk])
    data = change_form_data(client_of_editor.get(url))
    edit_provision(client_of_editor, provision, text="Saved meanwhile.")
    response = client_of_editor.post(url, data)
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    provision.refresh_from_db()
    assert provision.text == "Saved meanwhile."


def test_reviewers_can_read_history_but_not_revert(provision):
    reviewer = client_for(make_staff("rita", "reviewers"))
    original = provision.history.first()
    assert (
        reviewer.get(reverse("admin:provisions_provision_history", args=[provision.pk])).status_code
        == 200
    )
    url = reverse("admin:provisions_provision_simple_history", args=[provision.pk, original.pk])
    data = change_form_data(client_for(make_staff("erin", "editors")).get(url))
    data["text"] = "Reviewer text"
    response = reviewer.post(url, data)
    assert response.status_code == 403
    provision.refresh_from_db()
    assert provision.text == "Not to place weapons."


def delete_through_the_admin(client, provision: Provision) -> None:
    url = reverse("admin:provisions_provision_delete", args=[provision.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def restore(client, *records) -> str:
    response = client.post(
        reverse("admin:provisions_deletedprovision_changelist"),
        {"action": "restore", "_selected_action": [r.pk for r in records], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_deleted_provision_is_restored_with_its_id_topics_and_coverage(
    client_of_editor, editor, provision
):
    coverage_pk, pk = provision.coverages.get().pk, provision.pk
    delete_through_the_admin(client_of_editor, provision)
    assert not Provision.objects.filter(pk=pk).exists()
    listing = client_of_editor.get(reverse("admin:provisions_deletedprovision_changelist"))
    assert "Article IV" in listing.content.decode()
    record = DeletedProvision.objects.get(id=pk, history_type="-")
    html = restore(client_of_editor, record)
    assert "Restored" in html
    restored = Provision.objects.get(pk=pk)
    assert (restored.label, restored.text) == ("Article IV", "Not to place weapons.")
    assert restored.version == 2
    assert list(restored.topics.values_list("slug", flat=True)) == ["weapons"]
    coverage = Coverage.objects.get(pk=coverage_pk)
    assert (coverage.provision_id, coverage.level) == (pk, "prohibits")
    assert restored.history.order_by("-history_date").first().history_user == editor
    listing = client_of_editor.get(reverse("admin:provisions_deletedprovision_changelist"))
    assert "Article IV" not in listing.content.decode()


def test_an_article_and_its_paragraphs_deleted_together_are_restored_parents_first(
    client_of_editor, treaty
):
    article = make_provision(treaty, "art-2", label="Article II", text="")
    paragraph = make_provision(treaty, "art-2-para-1", parent=article, text="First.")
    delete_through_the_admin(client_of_editor, article)
    assert not Provision.objects.filter(pk=paragraph.pk).exists()
    child = DeletedProvision.objects.get(id=paragraph.pk, history_type="-")
    html = restore(client_of_editor, child)
    assert "restore the provision it belongs to first" in html
    assert not Provision.objects.filter(pk=paragraph.pk).exists()
    parent = DeletedProvision.objects.get(id=article.pk, history_type="-")
    restore(client_of_editor, child, parent)
    assert Provision.objects.get(pk=paragraph.pk).parent_id == article.pk


def test_a_provision_whose_instrument_is_gone_asks_for_the_instrument_first(
    client_of_editor, provision, treaty
):
    pk = provision.pk
    treaty.delete()
    html = restore(client_of_editor, DeletedProvision.objects.get(id=pk, history_type="-"))
    assert "Restore the instrument first" in html
    assert not Provision.objects.filter(pk=pk).exists()


@pytest.fixture
def article(treaty, category):
    article = make_provision(treaty, "art-2", label="Article II", text="")
    weapons = Topic.objects.create(slug="weapons", name="Weapons")
    article.topics.add(weapons)
    for n in (1, 2):
        paragraph = make_provision(
            treaty, f"art-2-para-{n}", label=f"Article II, paragraph {n}", parent=article,
            text=f"Paragraph {n} text.",
        )  # fmt: skip
        paragraph.topics.add(weapons)
        make_coverage(paragraph, category, "restricts", rationale=f"Paragraph {n} restricts.")
    return article


def test_restoring_a_deleted_article_brings_back_its_paragraphs_their_coverage_and_topics(
    client, client_of_editor, article, treaty
):
    before = {
        p.slug: (p.pk, p.text, list(p.topics.values_list("slug", flat=True)))
        for p in Provision.objects.filter(instrument=treaty)
    }
    coverages = sorted(Coverage.objects.values_list("pk", "provision_id", "level", "rationale"))
    delete_through_the_admin(client_of_editor, article)
    assert not Provision.objects.filter(instrument=treaty).exists()
    html = restore(client_of_editor, DeletedProvision.objects.get(id=article.pk, history_type="-"))
    assert "Restored Treaty A, Article II with its 2 paragraphs" in html
    after = {
        p.slug: (p.pk, p.text, list(p.topics.values_list("slug", flat=True)))
        for p in Provision.objects.filter(instrument=treaty)
    }
    assert after == before
    assert sorted(Coverage.objects.values_list("pk", "provision_id", "level", "rationale")) == (
        coverages
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Paragraph 1 text." in page and "Paragraph 2 text." in page
    listing = client_of_editor.get(reverse("admin:provisions_deletedprovision_changelist"))
    assert "Article II" not in listing.content.decode()


def test_restoring_the_same_entry_twice_says_it_was_restored_already(client_of_editor, article):
    delete_through_the_admin(client_of_editor, article)
    record = DeletedProvision.objects.get(id=article.pk, history_type="-")
    restore(client_of_editor, record)
    html = restore(client_of_editor, record)
    assert "Restored ." not in html
    assert "Article II (deleted " in html and "was restored already" in html
    assert Provision.objects.filter(parent=article.pk).count() == 2


def test_an_article_whose_paragraph_cannot_come_back_is_not_restored_at_all(
    client_of_editor, article, treaty
):
    delete_through_the_admin(client_of_editor, article)
    make_provision(treaty, "art-2-para-2", text="Entered meanwhile.")
    html = restore(client_of_editor, DeletedProvision.objects.get(id=article.pk, history_type="-"))
    assert "now has the slug art-2-para-2" in html
    assert list(Provision.objects.values_list("slug", flat=True)) == ["art-2-para-2"]
    assert not Coverage.objects.exists()


def test_a_paragraph_deleted_on_its_own_earlier_stays_deleted(client_of_editor, article):
    first = article.children.get(slug="art-2-para-1")
    delete_through_the_admin(client_of_editor, first)
    DeletedProvision.objects.filter(id=first.pk).update(
        history_date=F("history_date") - datetime.timedelta(hours=1)
    )
    delete_through_the_admin(client_of_editor, article)
    restore(client_of_editor, DeletedProvision.objects.get(id=article.pk, history_type="-"))
    assert list(Provision.objects.values_list("slug", flat=True)) == ["art-2", "art-2-para-2"]


def test_selecting_an_article_and_its_paragraph_restores_each_once(client_of_editor, article):
    paragraph = article.children.get(slug="art-2-para-1")
    delete_through_the_admin(client_of_editor, article)
    records = DeletedProvision.objects.filter(id__in=[article.pk, paragraph.pk], history_type="-")
    html = restore(client_of_editor, *records)
    assert "Restored Treaty A, Article II with its 2 paragraphs" in html
    assert Provision.objects.count() == 3


def test_a_restored_provision_gets_its_defined_terms_back(client_of_editor, article):
    paragraph = article.children.get(slug="art-2-para-1")
    term = DefinedTerm.objects.create(provision=paragraph, term="space object")
    delete_through_the_admin(client_of_editor, article)
    assert not DefinedTerm.objects.exists()
    restore(client_of_editor, DeletedProvision.objects.get(id=article.pk, history_type="-"))
    restored = DefinedTerm.objects.get()
    assert (restored.pk, restored.provision_id, restored.term) == (term.pk, paragraph.pk, term.term)
