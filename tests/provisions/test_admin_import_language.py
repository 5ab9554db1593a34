"""Adding a text in another language to an existing instrument: paste, check, confirm."""

from __future__ import annotations

import pytest

from provisions.models import ProvisionText
from tests.conftest import make_instrument, make_provision
from tests.roles import client_for, make_staff

pytestmark = pytest.mark.django_db

URL = "/admin/provisions/provision/import/language/"

RUSSIAN = """\
Договор

Государства — участники настоящего Договора,

Статья I

Первая статья.

Статья II

Первый абзац.

Второй абзац.
"""


@pytest.fixture
def treaty():
    instrument = make_instrument("ost-1967", short_name="Outer Space Treaty")
    make_provision(instrument, "preamble", label="Preamble", text="The States Parties,")
    make_provision(instrument, "art-1", label="Article I", text="First article.")
    art2 = make_provision(instrument, "art-2", label="Article II", text="")
    make_provision(instrument, "art-2-para-1", label="Article II, paragraph 1", parent=art2)
    make_provision(instrument, "art-2-para-2", label="Article II, paragraph 2", parent=art2)
    return instrument


@pytest.fixture
def editor_client():
    return client_for(make_staff("erin", "editors"))


def step_one(treaty, **changes) -> dict[str, str]:
    data = {
        "instrument": str(treaty.pk),
        "language": "ru",
        "provenance": "unverified",
        "source_note": "ST/SPACE/61/Rev.3 (Russian)",
        "text": RUSSIAN,
    }
    data.update(changes)
    return data


def preview_data(response, **changes) -> dict[str, str]:
    """What step 2 sends back, as a browser would."""
    formset = response.context["formset"]
    data = {key: str(value) for key, value in response.context["form"].data.items()}
    data.pop("csrfmiddlewaretoken", None)
    data.update({f"aligned-{k}": str(v) for k, v in formset.management_form.initial.items()})
    for index, form in enumerate(formset.forms):
        data[f"aligned-{index}-slug"] = form.initial["slug"]
        data[f"aligned-{index}-text"] = form.initial["text"]
    data.update(changes)
    return data


def test_the_draft_importer_links_to_the_language_importer(editor_client):
    response = editor_client.get("/admin/provisions/provision/import/")
    assert URL in response.content.decode()


def test_the_preview_puts_each_article_beside_its_provision_and_writes_nothing(
    editor_client, treaty
):
    response = editor_client.post(URL, {**step_one(treaty), "step": "align"})
    assert response.status_code == 200
    rows = [(row["label"], row["form"].initial["text"]) for row in response.context["rows"]]
    assert rows == [
        ("Preamble", "Государства — участники настоящего Договора,"),
        ("Article I", "Первая статья."),
        ("Article II", ""),
        ("Article II, paragraph 1", "Первый абзац."),
        ("Article II, paragraph 2", "Второй абзац."),
    ]
    assert 'lang="ru"' in response.content.decode()
    assert not ProvisionText.objects.exists()


def test_saving_needs_the_confirmation(editor_client, treaty):
    preview = editor_client.post(URL, {**step_one(treaty), "step": "align"})
    response = editor_client.post(URL, {**preview_data(preview), "step": "save"})
    assert response.status_code == 400
    assert "Tick this box" in response.content.decode()
    assert not ProvisionText.objects.exists()


def test_confirming_saves_the_corrected_texts_on_the_existing_provisions(editor_client, treaty):
    preview = editor_client.post(URL, {**step_one(treaty), "step": "align"})
    data = preview_data(preview, **{"aligned-1-text": "Первая статья (исправлено)."})
    response = editor_client.post(URL, {**data, "confirmed": "on", "step": "save"})
    assert response.status_code == 302
    saved = dict(ProvisionText.objects.filter(language="ru").values_list("provision__slug", "text"))
    assert saved == {
        "preamble": "Государства — участники настоящего Договора,",
        "art-1": "Первая статья (исправлено).",
        "art-2-para-1": "Первый абзац.",
        "art-2-para-2": "Второй абзац.",
    }
    text = ProvisionText.objects.get(provision__slug="art-1")
    assert text.provenance == "unverified"
    assert text.source_note.startswith(
        "ST/SPACE/61/Rev.3 (Russian) Imported from pasted text by erin"
    )
    assert text.history.count() == 1


def test_a_slug_of_another_instrument_is_refused(editor_client, treaty):
    other = make_instrument("other")
    make_provision(other, "art-9")
    preview = editor_client.post(URL, {**step_one(treaty), "step": "align"})
    data = preview_data(preview, **{"aligned-1-slug": "art-9"})
    response = editor_client.post(URL, {**data, "confirmed": "on", "step": "save"})
    assert response.status_code == 400
    assert "No such provisions in this instrument: art-9" in response.content.decode()
    assert not ProvisionText.objects.exists()


def test_a_text_without_articles_says_where_it_stopped(editor_client, treaty):
    response = editor_client.post(URL, {**step_one(treaty, text="Just prose."), "step": "align"})
    assert response.status_code == 400
    assert "found no article" in response.content.decode()


def test_what_matches_no_provision_is_shown(editor_client, treaty):
    text = RUSSIAN + "\nСтатья III\n\nЛишняя.\n"
    response = editor_client.post(URL, {**step_one(treaty, text=text), "step": "align"})
    assert "match no provision" in response.content.decode()
    assert "Article III" in response.content.decode()


def test_reviewers_and_anonymous_users_cannot_add_texts(client, treaty):
    reviewer = client_for(make_staff("rita", "reviewers"))
    assert reviewer.post(URL, {**step_one(treaty), "step": "align"}).status_code == 403
    assert client.get(URL).status_code == 302
    assert not ProvisionText.objects.exists()
