"""Defined terms: the model, the fixture format (`defines`) and the definitions page."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from gaps.corpus import read_corpus
from gaps.corpus_export import write_corpus
from gaps.validation import validate_corpus
from provisions.models import DefinedTerm
from tests.conftest import make_instrument, make_provision
from tests.gaps.corpus_builders import instrument, small_corpus, written
from tests.provisions.builders import bulk_corpus, cast, clear_bulk

pytestmark = pytest.mark.django_db


# The model -----------------------------------------------------------------------------


def test_a_defined_term_gets_its_slug_from_the_term(treaty):
    term = DefinedTerm.objects.create(provision=make_provision(treaty), term="Outer Space Object")
    assert term.slug == "outer-space-object"


def test_a_provision_defines_each_term_once(treaty):
    provision = make_provision(treaty)
    DefinedTerm.objects.create(provision=provision, term="space object")
    with pytest.raises(IntegrityError), transaction.atomic():
        DefinedTerm.objects.create(provision=provision, term="Space Object")


# The fixture format --------------------------------------------------------------------


@pytest.fixture
def fixtures_dir(tmp_path):
    corpus = small_corpus()
    instrument(corpus, "treaty-a")["provisions"][1]["defines"] = ["space object", "launch"]
    written(corpus, tmp_path)
    return tmp_path


def terms() -> list[tuple[str, str, str, int]]:
    return list(
        DefinedTerm.objects.order_by("provision__slug", "position").values_list(
            "provision__slug", "term", "slug", "position"
        )
    )


def test_loading_creates_the_defined_terms_in_order(fixtures_dir):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    assert terms() == [
        ("art-1", "space object", "space-object", 1),
        ("art-1", "launch", "launch", 2),
    ]


def test_loading_again_changes_no_term_and_a_changed_list_replaces_them(fixtures_dir):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    before = list(DefinedTerm.objects.order_by("pk").values_list("pk", "term", "position"))
    call_command("load_corpus", "--dir", str(fixtures_dir), "--force")
    assert list(DefinedTerm.objects.order_by("pk").values_list("pk", "term", "position")) == before
    corpus = read_corpus(fixtures_dir)
    instrument(corpus, "treaty-a")["provisions"][1]["defines"] = ["launch", "Space station"]
    write_corpus(corpus, fixtures_dir)
    call_command("load_corpus", "--dir", str(fixtures_dir))
    assert terms() == [
        ("art-1", "launch", "launch", 1),
        ("art-1", "Space station", "space-station", 2),
    ]


def test_export_writes_the_terms_back_exactly(fixtures_dir, tmp_path):
    call_command("load_corpus", "--dir", str(fixtures_dir))
    out = tmp_path / "exported"
    call_command("export_corpus", "--dir", str(out), "--release", "x", "--date", "2027-01-01")
    exported = instrument(read_corpus(out), "treaty-a")["provisions"]
    assert exported[1]["defines"] == ["space object", "launch"]
    assert exported[0]["defines"] == []
    assert read_corpus(out).instruments == read_corpus(fixtures_dir).instruments
    assert (
        "  defines:\n  - space object\n  - launch\n"
        in (out / "instruments" / "treaty-a.yaml").read_text()
    )


def test_provisions_without_a_defines_key_still_load(tmp_path):
    corpus = small_corpus()
    for provision in instrument(corpus, "treaty-a")["provisions"]:
        del provision["defines"]
    written(corpus, tmp_path)
    call_command("load_corpus", "--dir", str(tmp_path))
    assert not DefinedTerm.objects.exists()


@pytest.mark.parametrize(
    ("defines", "message"),
    [
        ("space object", "'defines' must be a list of terms"),
        ([""], "defined term '' must be words"),
        (["  "], "defined term '  ' must be words"),
        ([None], "defined term None must be words"),
        ([42], "defined term 42 must be words"),
        (["!!!"], "defined term '!!!' must be words"),
        (["x" * 201], "is longer than 200 characters"),
        (["space object", "Space Object"], "defined term 'Space Object' is listed twice"),
    ],
)
def test_the_validator_refuses_bad_defined_terms(defines, message):
    corpus = small_corpus()
    instrument(corpus, "treaty-a")["provisions"][1]["defines"] = defines
    defects = [str(defect) for defect in validate_corpus(corpus)]
    assert len(defects) == 1
    assert "provision 'art-1'" in defects[0]
    assert message in defects[0]


# The page ------------------------------------------------------------------------------


def _section(content: str, slug: str) -> str:
    start = content.index(f'<section class="defined-term" id="term-{slug}"')
    return content[start : content.index("</section>", start)]


def test_definitions_page_lists_each_term_with_the_instruments_that_define_it(client, db):
    cast()
    response = client.get("/definitions/")
    assert response.status_code == 200
    content = response.content.decode()
    # One section per normalised term, alphabetically.
    starts = [content.index(f'id="term-{slug}"') for slug in (
        "launching-state", "outer-space-object", "space-object", "weapon-in-outer-space",
    )]  # fmt: skip
    assert starts == sorted(starts)
    # A term only one instrument defines is no table: no column of "not defined" cells.
    space_object = _section(content, "space-object")
    assert "<table" not in space_object
    assert "Defined only in" in space_object and "Liability Convention" in space_object
    assert '<a href="/instruments/liability/art-1/">Article I</a>' in space_object
    # The excerpt starts just before this term's own definition.
    assert "… Convention the term &quot;space object&quot; includes component parts" in space_object
    assert "Not defined" not in content
    launching = _section(content, "launching-state")
    assert "the term &quot;launching State&quot; means a State which launches" in launching


def test_a_term_two_instruments_define_is_set_side_by_side_in_instrument_order(client, db):
    first = make_instrument("first", short_name="First", position=1)
    second = make_instrument("second", short_name="Second", position=2)
    hidden = make_instrument("hidden", short_name="Hidden", published=False, position=3)
    DefinedTerm.objects.create(provision=make_provision(second), term="space object")
    DefinedTerm.objects.create(provision=make_provision(first), term="Space object")
    DefinedTerm.objects.create(provision=make_provision(hidden), term="secret weapon")
    content = client.get("/definitions/").content.decode()
    section = _section(content, "space-object")
    assert content.count('id="term-space-object"') == 1
    header = section[section.index("<thead>") : section.index("</thead>")]
    assert header.index("First") < header.index("Second")
    assert section.count("<td>") == 2
    assert "(“space object”)" in section  # the second instrument's own spelling
    assert "secret weapon" not in content and "Hidden" not in content


def test_definitions_page_runs_one_query_whatever_the_size(client, django_assert_max_num_queries):
    for instruments in (2, 20):
        bulk_corpus(instruments=instruments, provisions_each=3)
        with django_assert_max_num_queries(1):
            response = client.get("/definitions/")
        assert response.content.count(b'<section class="defined-term"') == 2
        clear_bulk()
