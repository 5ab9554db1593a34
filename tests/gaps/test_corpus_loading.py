"""load_corpus is idempotent, all-or-nothing, and never touches what admins created."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gaps.corpus import read_corpus
from gaps.corpus_export import dump_corpus, write_corpus
from gaps.models import Release
from instruments.models import Instrument
from provisions.models import Coverage, Provision, ThreatCategory
from tests.conftest import make_instrument, make_provision
from tests.gaps.corpus_builders import instrument, small_corpus, written

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return [
        *Instrument.objects.order_by("slug").values_list(
            "pk", "slug", "title", "updated_at", "supersedes"
        ),
        *Provision.objects.order_by("pk").values_list("pk", "slug", "text", "position", "parent"),
        *Coverage.objects.order_by("pk").values_list("pk", "level", "rationale"),
    ]


@pytest.fixture
def fixtures_dir(tmp_path):
    written(small_corpus(), tmp_path)
    return tmp_path


def test_loading_creates_instruments_provisions_and_assessments(fixtures_dir):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    treaty = Instrument.objects.get(slug="treaty-a")
    assert treaty.origin == Instrument.Origin.CORPUS
    assert list(treaty.provisions.values_list("slug", flat=True)) == [
        "preamble", "art-1", "art-2", "art-2-para-1", "art-2-para-2", "art-3",
    ]  # fmt: skip
    paragraph = treaty.provisions.get(slug="art-2-para-1")
    assert paragraph.parent.slug == "art-2"
    assert paragraph.coverages.get().level == "prohibits"
    assert treaty.summary == "A treaty.\n\nSecond paragraph."
    assert Release.objects.current().version == "test-1"


def test_loading_twice_changes_nothing(fixtures_dir):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    before = snapshot()
    call_command("load_corpus", "--dir", str(fixtures_dir), "--force")
    assert snapshot() == before


def test_loading_unchanged_files_again_is_skipped(fixtures_dir, capsys):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    call_command("load_corpus", "--dir", str(fixtures_dir))
    assert "already loaded and unchanged" in capsys.readouterr().out
    assert Release.objects.count() == 1


def test_reloading_leaves_admin_created_instruments_intact(fixtures_dir):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    draft = make_instrument("new-draft", status=Instrument.Status.DRAFT, published=False)
    make_provision(draft, "art-1", text="Admin text.")
    call_command("load_corpus", "--dir", str(fixtures_dir), "--force")
    draft.refresh_from_db()
    assert draft.provisions.get().text == "Admin text."
    assert Instrument.objects.filter(pk=draft.pk, slug="new-draft").exists()


def test_a_shipped_instrument_whose_slug_an_admin_took_is_skipped_not_overwritten(
    fixtures_dir, capsys
):
    mine = make_instrument("treaty-a", title="Admin's own treaty A")
    call_command("load_corpus", "--dir", str(fixtures_dir))
    mine.refresh_from_db()
    assert mine.title == "Admin's own treaty A"
    assert mine.origin == Instrument.Origin.ADMIN
    assert "Skipped treaty-a" in capsys.readouterr().err


def test_a_changed_fixture_file_updates_the_shipped_record(fixtures_dir):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    corpus = read_corpus(fixtures_dir)
    instrument(corpus, "treaty-a")["provisions"][1]["text"] = "Corrected text."
    write_corpus(corpus, fixtures_dir)
    call_command("load_corpus", "--dir", str(fixtures_dir))
    assert (
        Provision.objects.get(instrument__slug="treaty-a", slug="art-1").text == "Corrected text."
    )


def test_a_defective_corpus_loads_nothing(fixtures_dir):
    corpus = read_corpus(fixtures_dir)
    instrument(corpus, "guidelines-b")["provisions"][0]["coverage"][0]["level"] = "prohibits"
    write_corpus(corpus, fixtures_dir)
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_corpus", "--dir", str(fixtures_dir))
    assert not Instrument.objects.exists()
    assert not ThreatCategory.objects.exists()


def test_a_missing_folder_gets_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("load_corpus", "--dir", str(tmp_path / "nowhere"))


def test_supersession_is_loaded_whatever_the_file_order(tmp_path):
    corpus = small_corpus()
    corpus.instruments[0]["supersedes"] = "guidelines-b"  # listed after treaty-a
    written(corpus, tmp_path)
    call_command("load_corpus", "--dir", str(tmp_path))
    assert Instrument.objects.get(slug="treaty-a").supersedes.slug == "guidelines-b"


def test_export_writes_back_what_was_loaded(fixtures_dir, tmp_path):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    out = tmp_path / "exported"
    call_command("export_corpus", "--dir", str(out), "--release", "test-2", "--date", "2027-01-01")
    exported, original = read_corpus(out), read_corpus(fixtures_dir)
    assert exported.version == "test-2"
    assert exported.date == datetime.date(2027, 1, 1)
    assert exported.instruments == original.instruments
    assert exported.categories == original.categories


def test_export_includes_instruments_entered_in_the_admin(fixtures_dir, tmp_path):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    draft = make_instrument("new-draft", status=Instrument.Status.DRAFT)
    make_provision(draft, "art-1", text="Line one.\nLine two.")
    corpus = dump_corpus("x", datetime.date(2027, 1, 1))
    write_corpus(corpus, tmp_path / "out")
    text = (tmp_path / "out" / "instruments" / "new-draft.yaml").read_text()
    assert "text: |\n    Line one.\n    Line two.\n" in text


def test_export_keeps_the_source_file_and_corrections_of_an_existing_fixture(fixtures_dir):
    corpus = read_corpus(fixtures_dir)
    treaty = instrument(corpus, "treaty-a")
    treaty["source_file"] = "laws-markdown/treaty-a.md"
    treaty["corrections"] = [{"find": "selfdefense", "replace": "self-defence", "reason": "typo"}]
    write_corpus(corpus, fixtures_dir)
    call_command("load_corpus", "--dir", str(fixtures_dir))
    call_command("export_corpus", "--dir", str(fixtures_dir))
    exported = instrument(read_corpus(fixtures_dir), "treaty-a")
    assert exported["source_file"] == "laws-markdown/treaty-a.md"
    assert exported["corrections"][0]["replace"] == "self-defence"


def latin1_instrument_file(fixtures_dir) -> tuple[Path, int]:
    """Rewrite one instrument file with an é in Latin-1; return it and the byte's offset."""
    path = fixtures_dir / "instruments" / "treaty-a.yaml"
    text = path.read_text(encoding="utf-8").replace("A treaty.", "A trait\u00e9 treaty.", 1)
    assert "trait\u00e9" in text
    data = text.encode("latin-1")
    path.write_bytes(data)
    return path, data.index(b"\xe9")


def test_a_file_that_is_not_utf8_is_reported_with_its_byte_offset_and_nothing_is_written(
    fixtures_dir,
):
    path, offset = latin1_instrument_file(fixtures_dir)
    with pytest.raises(CommandError) as error:
        call_command("load_corpus", "--dir", str(fixtures_dir))
    assert str(error.value).startswith(f"{path}: not UTF-8: byte 0xe9 at offset {offset} (line ")
    assert snapshot() == []
    assert not Release.objects.exists()


def test_validate_corpus_reports_a_file_that_is_not_utf8_the_same_way(fixtures_dir):
    path, offset = latin1_instrument_file(fixtures_dir)
    with pytest.raises(CommandError, match=f"not UTF-8: byte 0xe9 at offset {offset}"):
        call_command("validate_corpus", "--fixtures", "--dir", str(fixtures_dir))


def test_load_corpus_on_a_file_that_is_not_utf8_exits_non_zero_without_a_traceback(
    fixtures_dir, tmp_path
):
    path, offset = latin1_instrument_file(fixtures_dir)
    database = tmp_path / "untouched.sqlite3"
    result = subprocess.run(
        [sys.executable, "manage.py", "load_corpus", "--dir", str(fixtures_dir)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}: not UTF-8: byte 0xe9 at offset {offset}" in result.stderr
    assert not database.exists() or database.stat().st_size == 0
