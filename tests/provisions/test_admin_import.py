"""Importing a draft from pasted text in the admin: split, correct, confirm, publish."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from instruments.models import Instrument
from provisions.models import Provision
from tests.conftest import make_instrument, make_provision
from tests.roles import client_for, make_staff

pytestmark = pytest.mark.django_db

URL = "/admin/provisions/provision/import/"

TEXT = """\
Draft Treaty on the Prevention of the Placement of Weapons in Outer Space

The States Parties to this Treaty,

Have agreed as follows:

Article I
Definitions

For the purposes of this Treaty, "outer space" means the space above 100 km.

Article II

1. States Parties undertake not to place any weapons in outer space.

2. States Parties undertake not to resort to the threat or use of force:

(a) against outer space objects;

(b) against their components.

Article III

This Treaty shall enter into force upon the deposit of twenty ratifications.
"""


@pytest.fixture
def editor():
    return make_staff("erin", "editors")


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


def particulars(**changes) -> dict[str, str]:
    data = {
        "short_name": "PPWT 2026",
        "slug": "ppwt-2026",
        "title": "Draft Treaty on the Prevention of the Placement of Weapons in Outer Space",
        "symbols": "CD/2026",
        "kind": "draft_treaty",
        "status": "draft",
        "binding": "on",
        "supersedes": "",
        "provenance": "unverified",
        "split_paragraphs": "on",
        "text": TEXT,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def split(client, **changes):
    return client.post(URL, {**particulars(**changes), "step": "split"})


def table_data(response) -> dict[str, str]:
    """Everything step 2 shows, as the browser would send it back."""
    data = {key: str(value) for key, value in particulars().items()}
    formset = response.context["formset"]
    data.update(
        {f"pieces-{key}": str(value) for key, value in formset.management_form.initial.items()}
    )
    for index, form in enumerate(formset.forms):
        for name in ("label", "slug", "parent", "heading", "text", "ORDER"):
            value = form.initial.get(name, "")
            data[f"pieces-{index}-{name}"] = "" if value is None else str(value)
    return data


def test_the_changelist_links_to_the_import(editor_client):
    html = editor_client.get(reverse("admin:instruments_instrument_changelist")).content.decode()
    assert f'href="{URL}"' in html


def test_step_one_asks_for_the_particulars_and_the_text(editor_client):
    response = editor_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_text">Full text:</label>' in html
    assert 'name="supersedes"' in html and 'value="split"' in html


def test_splitting_shows_the_provisions_and_writes_nothing(editor_client):
    response = split(editor_client)
    assert response.status_code == 200
    rows = [form.initial for form in response.context["formset"].forms if form.initial]
    assert [(r["label"], r["slug"], r["parent"]) for r in rows] == [
        ("Preamble", "preamble", ""),
        ("Article I", "art-1", ""),
        ("Article II", "art-2", ""),
        ("Article II, paragraph 1", "art-2-para-1", "art-2"),
        ("Article II, paragraph 2", "art-2-para-2", "art-2"),
        ("Article III", "art-3", ""),
    ]
    html = response.content.decode()
    assert 'value="Article II, paragraph 2"' in html
    assert 'class="visually-hidden">Label, row 1</label>' in html
    assert not Instrument.objects.filter(slug="ppwt-2026").exists()
    assert Provision.objects.count() == 0


def test_a_text_that_cannot_be_split_says_where_it_stopped(editor_client):
    text = "Article 1\n\nOne.\n\nArticle 3\n\nThree."
    response = split(editor_client, text=text)
    assert response.status_code == 400
    assert "Stopped at line 5 (“Article 3”)" in response.content.decode()
    assert Instrument.objects.count() == 0


def test_a_taken_slug_and_inconsistent_particulars_are_refused(editor_client):
    make_instrument("ppwt-2026")
    response = split(editor_client, status="in_force", binding=None)
    assert response.status_code == 400
    html = response.content.decode()
    assert "An instrument with this slug exists already." in html
    assert "An instrument in force must be legally binding." in html


def test_confirming_the_corrected_split_creates_an_unpublished_instrument(editor_client, editor):
    predecessor = make_instrument("ppwt-2014", status="draft")
    data = table_data(split(editor_client, supersedes=str(predecessor.pk)))
    data["supersedes"] = str(predecessor.pk)
    # Corrections: a heading, a dropped definition article, an added final clause.
    data["pieces-5-heading"] = "Entry into force"
    data["pieces-1-DELETE"] = "on"
    data.update({"pieces-6-label": "Final clause", "pieces-6-slug": "final-clause"})
    data.update({"pieces-6-text": "DONE at Geneva.", "pieces-6-ORDER": "7"})
    response = editor_client.post(URL, {**data, "step": "save"})
    assert response.status_code == 302
    instrument = Instrument.objects.get(slug="ppwt-2026")
    assert response["Location"] == reverse(
        "admin:instruments_instrument_change", args=[instrument.pk]
    )
    assert (instrument.published, instrument.origin) == (False, Instrument.Origin.ADMIN)
    assert instrument.supersedes == predecessor and instrument.binding
    provisions = list(instrument.provisions.order_by("position").select_related("parent"))
    assert [(p.position, p.slug, p.parent and p.parent.slug) for p in provisions] == [
        (1, "preamble", None),
        (2, "art-2", None),
        (3, "art-2-para-1", "art-2"),
        (4, "art-2-para-2", "art-2"),
        (5, "art-3", None),
        (6, "final-clause", None),
    ]
    assert provisions[4].heading == "Entry into force"
    assert provisions[3].text.endswith("(b) against their components.")
    assert {p.provenance for p in provisions} == {"unverified"}
    assert provisions[0].source_note == (
        f"Imported from pasted text by erin on {timezone.localdate():%d %B %Y}."
    )
    assert instrument.history.get().history_user == editor


def test_checking_again_shows_problems_in_the_table_and_writes_nothing(editor_client):
    data = table_data(split(editor_client))
    data["pieces-2-slug"] = "art-1"  # the same slug twice
    data["pieces-3-parent"] = "art-9"  # no such provision before it
    for step in ("check", "save"):
        response = editor_client.post(URL, {**data, "step": step})
        assert response.status_code == 400
        html = response.content.decode()
        assert "The slug art-1 is used twice." in html
        assert "its parent art-9 must be a provision listed before it" in html
    assert not Instrument.objects.filter(slug="ppwt-2026").exists()


def test_an_empty_row_that_is_not_an_article_split_into_paragraphs_is_refused(editor_client):
    data = table_data(split(editor_client))
    data["pieces-5-text"] = ""
    response = editor_client.post(URL, {**data, "step": "save"})
    assert response.status_code == 400
    assert "Article III has no text." in response.content.decode()
    assert Provision.objects.count() == 0


def test_going_back_keeps_the_pasted_text(editor_client):
    data = table_data(split(editor_client))
    response = editor_client.post(URL, {**data, "step": "edit"})
    assert response.status_code == 200
    assert "Article II" in response.context["form"]["text"].value()
    assert response.context["formset"] is None


def test_reviewers_and_anonymous_users_cannot_import(editor_client):
    reviewer = client_for(make_staff("rita", "reviewers"))
    assert reviewer.get(URL).status_code == 403
    assert reviewer.post(URL, {**particulars(), "step": "split"}).status_code == 403
    anonymous = editor_client.__class__()
    assert anonymous.post(URL, {**particulars(), "step": "split"}).status_code == 302
    assert Instrument.objects.count() == 0


def test_an_imported_draft_published_in_the_admin_appears_with_its_diff(editor_client):
    predecessor = make_instrument("ppwt-2014", short_name="PPWT 2014", status="draft")
    make_provision(predecessor, "art-2", label="Article II", text="Not to place weapons.")
    data = table_data(split(editor_client))
    data["supersedes"] = str(predecessor.pk)
    editor_client.post(URL, {**data, "step": "save"})
    draft = Instrument.objects.get(slug="ppwt-2026")
    assert b"PPWT 2026" not in editor_client.get(reverse("provisions:instrument_list")).content
    response = editor_client.post(
        reverse("admin:instruments_instrument_changelist"),
        {"action": "publish", "_selected_action": [draft.pk], "index": 0},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.published, draft.version) == (True, 2)
    assert b"PPWT 2026" in editor_client.get(reverse("provisions:instrument_list")).content
    page = editor_client.get(draft.get_absolute_url()).content.decode()
    diff_url = reverse("provisions:diff", args=["ppwt-2026", "ppwt-2014"])
    assert diff_url in page
    diff = editor_client.get(diff_url)
    assert diff.status_code == 200
    assert diff.context["comparison"].counts["added"] >= 4


def test_the_form_starts_as_a_binding_draft_treaty(editor_client):
    form = editor_client.get(URL).context["form"]
    assert (form["kind"].value(), form["status"].value(), form["binding"].value()) == (
        Instrument.Kind.DRAFT_TREATY,
        Instrument.Status.DRAFT,
        True,
    )


def test_the_split_warns_before_a_draft_replaces_a_published_instrument(editor_client):
    predecessor = make_instrument("ppwt-2014", short_name="PPWT 2014", status="draft")
    data = particulars(supersedes=str(predecessor.pk))
    html = editor_client.post(URL, {**data, "step": "split"}).content.decode()
    assert (
        "Once PPWT 2026 is published it supersedes PPWT 2014: PPWT 2014&#x27;s coverage leaves "
        "the drafts scope" in html
    )
    without = editor_client.post(URL, {**particulars(), "step": "split"}).content.decode()
    assert "Step 2 of 2" in without and "it supersedes" not in without


def test_publishing_a_successor_warns_that_its_predecessor_leaves_the_drafts_scope(editor_client):
    predecessor = make_instrument("ppwt-2014", short_name="PPWT 2014", status="draft")
    draft = make_instrument(
        "ppwt-2026", short_name="PPWT 2026", status="draft", published=False, supersedes=predecessor
    )
    response = editor_client.post(
        reverse("admin:instruments_instrument_changelist"),
        {"action": "publish", "_selected_action": [draft.pk], "index": 0},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert "PPWT 2026 now supersedes PPWT 2014: PPWT 2014's coverage has left the drafts scope" in (
        " ".join(messages)
    )


def pasted(client, text: str, **fields):
    """Post step 1 as a browser sends it: application/x-www-form-urlencoded."""
    body = urlencode({**particulars(text=text), "step": "split", **fields})
    return client.post(URL, body, content_type="application/x-www-form-urlencoded")


def test_a_five_megabyte_paste_gets_a_form_error_naming_the_limit_and_keeps_the_text(
    editor_client,
):
    text = TEXT + ("Article IV\n\nA very long article. " * 200_000) + "THE LAST WORDS"
    assert len(text) > 5_000_000
    response = pasted(editor_client, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Import a draft from its text" in html  # the admin page, not "Bad request"
    assert f"The text is {len(text):,} characters long" in html
    assert "at most 1,000,000 characters" in html
    assert response.context["form"]["text"].value() == text
    assert "THE LAST WORDS</textarea>" in html
    assert not Instrument.objects.filter(slug="ppwt-2026").exists()


def test_a_paste_just_under_the_limit_is_split(editor_client):
    text = TEXT + "\n\n" + "x" * (1_000_000 - len(TEXT) - 2)
    assert len(text) == 1_000_000
    response = pasted(editor_client, text)
    assert response.status_code == 200
    assert response.context["formset"] is not None


def test_a_request_over_the_importer_cap_gets_an_admin_page_naming_the_cap(editor_client):
    response = pasted(editor_client, "x" * (21 * 1024 * 1024))
    assert response.status_code == 413
    html = response.content.decode()
    assert "Import a draft from its text" in html
    assert "more than the importer reads (20 MB)" in html


def test_the_raised_body_limit_still_checks_the_csrf_token(editor, caplog):
    client = client_for(editor)
    client.handler.enforce_csrf_checks = True
    client.get(URL)  # sets the CSRF cookie: only the token in the form is missing
    response = pasted(client, "x" * (3 * 1024 * 1024))
    assert response.status_code == 403
    assert "CSRF token missing" in caplog.text
    assert not Instrument.objects.filter(slug="ppwt-2026").exists()


def test_other_admin_pages_keep_the_default_body_limit(editor_client):
    body = urlencode({"q": "x" * (3 * 1024 * 1024)})
    response = editor_client.post(
        reverse("admin:instruments_instrument_add"),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def numbered_articles(count: int) -> str:
    articles = "".join(
        f"Article {n}\n\nThe States Parties shall do thing {n}.\n\n" for n in (range(1, count + 1))
    )
    return f"{particulars()['title']}\n\nHave agreed as follows:\n\n{articles}"


def submitted(client, data: dict[str, str]):
    """Post a step as a browser sends it: application/x-www-form-urlencoded."""
    return client.post(URL, urlencode(data), content_type="application/x-www-form-urlencoded")


def test_a_split_of_six_hundred_provisions_is_shown_and_saved(editor_client):
    response = pasted(editor_client, numbered_articles(600))
    assert response.status_code == 200
    data = table_data(response)
    data["text"] = numbered_articles(600)
    assert len(data) > 600 * 6  # far more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = submitted(editor_client, {**data, "step": "save"})
    assert response.status_code == 302
    instrument = Instrument.objects.get(slug="ppwt-2026")
    slugs = list(instrument.provisions.order_by("position").values_list("slug", flat=True))
    assert len(slugs) == 601  # the preamble and the articles
    assert slugs[-1] == "art-600"


def test_a_text_that_splits_into_more_provisions_than_the_importer_takes_is_a_form_error(
    editor_client,
):
    response = pasted(editor_client, numbered_articles(1_001))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The text splits into 1,002 provisions" in html
    assert "at most 1,000 at once" in html
    assert response.context["formset"] is None
    assert response.context["form"]["text"].value() == numbered_articles(1_001)


def test_a_submission_with_too_many_fields_is_a_400_that_writes_nothing(editor_client):
    data = table_data(split(editor_client))
    data.update({f"pieces-{n}-label": "x" for n in range(8_000)})
    response = submitted(editor_client, {**data, "step": "save"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Import a draft from its text" in html  # the admin page, not "Bad request"
    assert "more than the importer reads" in html and "nothing was saved" in html
    assert not Instrument.objects.filter(slug="ppwt-2026").exists()
    assert not Provision.objects.exists()


def test_other_admin_pages_keep_the_default_field_limit(editor_client):
    body = urlencode({f"field-{n}": "x" for n in range(1_001)})
    response = editor_client.post(
        reverse("admin:instruments_instrument_add"),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
