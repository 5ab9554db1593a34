"""load_corpus raises the version of each row it changes, as a save in the admin does, so
that a change form opened before the reload is refused (lib/locking.py)."""

from __future__ import annotations

import shutil

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from gaps.corpus import read_corpus
from gaps.corpus_export import write_corpus
from instruments.models import Instrument
from positions.models import Assertion
from provisions.models import Coverage, Provision, ThreatCategory
from states.importing import import_states
from states.models import State
from tests.admin_forms import change_form_data
from tests.gaps.corpus_builders import instrument, small_corpus, written
from tests.roles import role_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixtures_dir(tmp_path):
    written(small_corpus(), tmp_path)
    return tmp_path


def load(directory) -> None:
    call_command("load_corpus", "--dir", str(directory), "--force")


def versions() -> dict[str, list[int]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("version", flat=True))
        for model in (Instrument, Provision, Coverage, ThreatCategory, Assertion)
    }


def changed(directory, change) -> None:
    corpus = read_corpus(directory)
    change(corpus)
    write_corpus(corpus, directory)


def test_reloading_an_unchanged_corpus_leaves_every_version_as_it_was(fixtures_dir):
    load(fixtures_dir)
    before = versions()
    load(fixtures_dir)
    assert versions() == before
    assert {version for found in before.values() for version in found} == {1}


def test_a_provision_changed_by_the_load_is_refused_to_a_form_opened_before(fixtures_dir):
    load(fixtures_dir)
    provision = Provision.objects.get(instrument__slug="treaty-a", slug="art-1")
    url = reverse("admin:provisions_provision_change", args=[provision.pk])
    editor = role_client("erin", "editors")
    opened = change_form_data(editor.get(url))
    changed(
        fixtures_dir,
        lambda c: instrument(c, "treaty-a")["provisions"][1].update(text="Corrected text."),
    )
    load(fixtures_dir)
    provision.refresh_from_db()
    assert (provision.text, provision.version) == ("Corrected text.", 2)
    opened["heading"] = "An editor's heading"
    response = editor.post(url, opened)
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    provision.refresh_from_db()
    assert (provision.text, provision.heading) == ("Corrected text.", "")


@pytest.mark.parametrize(
    ("change", "model", "lookup"),
    [
        (
            lambda c: instrument(c, "treaty-a").update(title="Treaty A, corrected title"),
            Instrument,
            {"slug": "treaty-a"},
        ),
        (
            lambda c: instrument(c, "treaty-a")["provisions"][3]["coverage"][0].update(
                rationale="A corrected rationale."
            ),
            Coverage,
            {"provision__slug": "art-2-para-1"},
        ),
        (
            lambda c: c.categories[0].update(name="WMD, renamed"),
            ThreatCategory,
            {"slug": "wmd"},
        ),
        (  # a many-to-many relation on the row's admin form
            lambda c: instrument(c, "treaty-a")["provisions"][0].update(topics=[]),
            Provision,
            {"instrument__slug": "treaty-a", "slug": "preamble"},
        ),
        (
            lambda c: c.categories[0].update(capabilities=[]),
            ThreatCategory,
            {"slug": "wmd"},
        ),
        (
            lambda c: instrument(c, "treaty-a").update(supersedes="guidelines-b"),
            Instrument,
            {"slug": "treaty-a"},
        ),
    ],
    ids=["instrument", "assessment", "category", "topics", "capabilities", "supersedes"],
)
def test_each_row_the_load_changes_gets_a_higher_version(fixtures_dir, change, model, lookup):
    load(fixtures_dir)
    assert model.objects.get(**lookup).version == 1
    changed(fixtures_dir, change)
    load(fixtures_dir)
    assert model.objects.get(**lookup).version == 2


def test_an_event_changed_by_the_load_gets_a_higher_version(tmp_path):
    directory = tmp_path / "corpus"
    shutil.copytree(settings.CORPUS_DIR, directory)
    load(directory)
    path = directory / "events.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    event = data["events"][0]
    assert Event.objects.get(slug=event["slug"]).version == 1
    event["notes"] = (event.get("notes") or "") + "\n\nA note added by the test."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load(directory)
    assert Event.objects.get(slug=event["slug"]).version == 2


def test_a_state_renamed_by_the_load_gets_a_higher_version():
    import_states("code,name\nAA,State A\n")
    import_states("code,name\nAA,State A\n")
    assert State.objects.get(code="AA").version == 1
    import_states("code,name\nAA,State A renamed\n")
    assert State.objects.get(code="AA").version == 2
