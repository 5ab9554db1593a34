"""Language versions load from their own files, are validated, and export back unchanged."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from gaps.corpus import read_corpus
from gaps.corpus_export import write_corpus
from gaps.translations import entries
from gaps.validation import validate_corpus
from provisions.models import Provision, ProvisionText
from tests.conftest import make_instrument, make_provision
from tests.gaps.corpus_builders import small_corpus, written

pytestmark = pytest.mark.django_db


def french() -> dict:
    return {
        "instrument": "treaty-a",
        "language": "fr",
        "source_file": "space-law-corpus/treaty-a-fr/text.txt",
        "source_url": "https://example.org/a-fr",
        "provenance": "official",
        "source_note": "Édition française",
        "corrections": [{"find": "a\n\n5\n", "replace": "a\n", "reason": "page number"}],
        "texts": {
            "preamble": "Les États parties,\n\nConvaincus.",
            "art-2-para-1": "Paragraphe premier.",
            "art-3": {"text": "Article trois.", "provenance": "unverified", "source_note": "x"},
        },
    }


@pytest.fixture
def fixtures_dir(tmp_path):
    corpus = small_corpus()
    corpus.translations = [french()]
    written(corpus, tmp_path)
    return tmp_path


def test_the_language_versions_are_in_files_of_their_own(fixtures_dir):
    assert (fixtures_dir / "translations" / "treaty-a.fr.yaml").is_file()
    assert "Paragraphe" not in (fixtures_dir / "instruments" / "treaty-a.yaml").read_text()


def test_loading_puts_each_language_version_on_the_english_provision(fixtures_dir):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    paragraph = Provision.objects.get(instrument__slug="treaty-a", slug="art-2-para-1")
    version = paragraph.translations.get()
    assert (version.language, version.text, version.provenance) == (
        "fr",
        "Paragraphe premier.",
        "official",
    )
    assert version.source_note == "Édition française"
    art3 = ProvisionText.objects.get(provision__slug="art-3", language="fr")
    assert (art3.provenance, art3.source_note) == ("unverified", "x")
    assert paragraph.text == "Some text."  # the English stays where it was


def test_reloading_changes_no_language_version(fixtures_dir):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    before = list(ProvisionText.history.values_list("history_id", flat=True))
    call_command("load_corpus", "--dir", str(fixtures_dir), "--force")
    assert list(ProvisionText.history.values_list("history_id", flat=True)) == before


def test_export_writes_the_language_versions_back_unchanged(fixtures_dir, tmp_path):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    out = tmp_path / "exported"
    call_command("export_corpus", "--dir", str(out), "--release", "test-2")
    (exported,) = read_corpus(out).translations
    assert entries(exported) == entries(french())
    assert (exported["instrument"], exported["language"]) == ("treaty-a", "fr")


def test_export_over_the_fixtures_keeps_source_and_corrections(fixtures_dir):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    call_command("export_corpus", "--dir", str(fixtures_dir))
    (exported,) = read_corpus(fixtures_dir).translations
    assert entries(exported) == entries(french())
    for key in ("source_file", "source_url", "corrections"):
        assert exported[key] == french()[key]


def test_a_translation_of_an_unknown_provision_is_a_defect(fixtures_dir):
    corpus = read_corpus(fixtures_dir)
    corpus.translations[0]["texts"]["art-9"] = "Article neuf."
    defects = [str(d) for d in validate_corpus(corpus)]
    assert any("art-9: no such provision in treaty-a" in d for d in defects)


def test_an_unknown_language_and_a_bad_provenance_are_defects(fixtures_dir):
    corpus = read_corpus(fixtures_dir)
    corpus.translations[0]["language"] = "de"
    corpus.translations[0]["provenance"] = "guess"
    defects = " ".join(str(d) for d in validate_corpus(corpus))
    assert "unknown language 'de'" in defects
    assert "provenance 'guess' is not valid" in defects


def test_a_defective_translation_file_loads_nothing(fixtures_dir):
    corpus = read_corpus(fixtures_dir)
    corpus.translations[0]["texts"]["art-9"] = "Article neuf."
    write_corpus(corpus, fixtures_dir)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the command's error
        call_command("load_corpus", "--dir", str(fixtures_dir))
    assert not ProvisionText.objects.exists()


def test_one_text_per_provision_and_language():
    provision = make_provision(make_instrument())
    ProvisionText.objects.create(
        provision=provision, language="zh", text="一", provenance="official"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProvisionText.objects.create(
            provision=provision, language="zh", text="二", provenance="official"
        )


def test_the_database_refuses_a_language_outside_the_un_languages():
    provision = make_provision(make_instrument())
    with pytest.raises(IntegrityError), transaction.atomic():
        ProvisionText.objects.create(
            provision=provision, language="de", text="Eins", provenance="official"
        )


def test_each_language_version_keeps_its_own_history():
    provision = make_provision(make_instrument())
    text = ProvisionText.objects.create(
        provision=provision, language="ru", text="Один", provenance="unverified"
    )
    text.text = "Одна"
    text.save()
    assert list(text.history.values_list("text", flat=True)) == ["Одна", "Один"]
    assert provision.history.count() == 1


def test_editing_a_language_version_changes_the_data_version():
    from gaps.models import DataVersion

    provision = make_provision(make_instrument())
    before = DataVersion.objects.current()
    text = ProvisionText.objects.create(
        provision=provision, language="es", text="Uno", provenance="unverified"
    )
    created = DataVersion.objects.current()
    assert created != before
    text.delete()
    assert DataVersion.objects.current() != created
