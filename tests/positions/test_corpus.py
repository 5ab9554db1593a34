"""Positions are loaded, validated and exported with the corpus."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gaps.corpus import read_corpus
from gaps.validation import validate_corpus
from positions.models import Assertion, Claim, Position
from tests.gaps.corpus_builders import small_corpus, written
from tests.positions.builders import make_position

pytestmark = pytest.mark.django_db


def defects(corpus) -> list[str]:
    return [str(defect) for defect in validate_corpus(corpus)]


def test_loading_creates_positions_claims_and_assertions(tmp_path):
    written(small_corpus(), tmp_path)
    call_command("load_corpus", "--dir", str(tmp_path))
    position = Position.objects.get(slug="paper-c")
    assert (position.origin, position.date, position.date_precision) == (
        "corpus",
        datetime.date(2022, 5, 1),
        "month",
    )
    assertion = Assertion.objects.get(claim__slug="para-1-wmd")
    assert (assertion.category.slug, [i.slug for i in assertion.instruments.all()]) == (
        "wmd",
        ["treaty-a"],
    )
    assert Claim.objects.get().order == 3  # where the quote starts in the text


def test_loading_twice_changes_nothing(tmp_path):
    written(small_corpus(), tmp_path)
    call_command("load_corpus", "--dir", str(tmp_path))
    before = list(Claim.objects.values_list("pk", "quote", "version", "order"))
    call_command("load_corpus", "--dir", str(tmp_path), "--force")
    assert list(Claim.objects.values_list("pk", "quote", "version", "order")) == before


def test_a_shipped_position_whose_slug_an_admin_took_is_skipped(tmp_path):
    written(small_corpus(), tmp_path)
    make_position("paper-c", title="Entered in the admin")
    call_command("load_corpus", "--dir", str(tmp_path))
    assert Position.objects.get(slug="paper-c").title == "Entered in the admin"
    assert not Claim.objects.exists()


def test_export_writes_back_the_positions_that_were_loaded(tmp_path):
    original = written(small_corpus(), tmp_path / "in")
    call_command("load_corpus", "--dir", str(tmp_path / "in"))
    out = tmp_path / "out"
    call_command("export_corpus", "--dir", str(out), "--release", "t", "--date", "2027-01-01")
    exported = read_corpus(out)
    assert [c["quote"] for c in exported.positions[0]["claims"]] == [
        c["quote"] for c in original.positions[0]["claims"]
    ]
    assert defects(exported) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["claims"][0].update(quote="Treaty A bans all weapons."), "does not occur"),
        (lambda p: p["claims"][0]["asserts"][0].update(category="nope"), "unknown category"),
        (lambda p: p["claims"][0]["asserts"][0].update(instruments=["x"]), "unknown instrument"),
        (lambda p: p["claims"][0]["asserts"][0].update(asserted="maybe"), "unknown assertion"),
        (lambda p: p.update(kind="tweet"), "unknown kind"),
        (lambda p: p.update(source_url="", symbol=""), "no source"),
        (lambda p: p.update(date="May 2022"), "not a date"),
    ],
)
def test_validation_names_each_defect_of_a_position(tmp_path, change, message):
    corpus = small_corpus()
    change(corpus.positions[0])
    found = defects(written(corpus, tmp_path))
    assert any(message in defect and "paper-c" in defect for defect in found), found


def test_a_quote_matches_whatever_its_whitespace(tmp_path):
    corpus = small_corpus()
    corpus.positions[0]["claims"][0]["quote"] = "Treaty A\n   bans WMD."
    assert defects(written(corpus, tmp_path)) == []


def test_a_defective_position_loads_nothing(tmp_path):
    corpus = small_corpus()
    corpus.positions[0]["claims"][0]["quote"] = "Invented."
    written(corpus, tmp_path)
    with pytest.raises(CommandError):
        call_command("load_corpus", "--dir", str(tmp_path))
    assert not Position.objects.exists()
