"""validate_corpus finds each kind of defect, says where, and passes a sound corpus."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gaps.validation import validate_corpus
from tests.gaps.corpus_builders import provision, small_corpus, written


def messages(corpus) -> list[str]:
    return [str(defect) for defect in validate_corpus(corpus)]


def test_a_sound_corpus_has_no_defects():
    assert messages(small_corpus()) == []


def test_a_gap_in_article_numbering_is_reported_with_its_location():
    corpus = small_corpus()
    del corpus.instruments[0]["provisions"][1]  # Article I
    found = messages(corpus)
    assert any("treaty-a" in m and "gap" in m and "[1]" in m for m in found), found


def test_a_duplicate_article_number_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["provisions"].append(provision("art-3-bis", "Article III"))
    assert any("used twice" in m for m in messages(corpus))


def test_a_gap_in_paragraph_numbering_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["provisions"][4]["label"] = "Article II, paragraph 3"
    assert any("paragraph numbering has a gap" in m for m in messages(corpus))


def test_an_instrument_with_selected_provisions_may_skip_numbers():
    corpus = small_corpus()
    del corpus.instruments[0]["provisions"][1]
    corpus.instruments[0]["selection_note"] = "Only some articles are included."
    assert messages(corpus) == []


def test_a_coverage_without_rationale_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["provisions"][3]["coverage"][0]["rationale"] = "  "
    found = messages(corpus)
    assert any("art-2-para-1" in m and "missing rationale" in m for m in found), found


def test_a_non_binding_instrument_assessed_as_prohibiting_is_reported():
    corpus = small_corpus()
    corpus.instruments[1]["provisions"][0]["coverage"][0]["level"] = "prohibits"
    found = messages(corpus)
    assert any("guideline-a-1" in m and "non-binding" in m for m in found), found


def test_a_category_with_no_assessment_is_reported():
    corpus = small_corpus()
    corpus.categories.append({"slug": "rpo", "name": "RPO", "definition": "x", "capabilities": []})
    assert any("category rpo" in m and "no provision" in m for m in messages(corpus))


def test_a_provision_without_provenance_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["provisions"][1]["provenance"] = None
    found = messages(corpus)
    assert any("art-1" in m and "provenance" in m for m in found), found


def test_a_superseding_cycle_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["supersedes"] = "guidelines-b"
    corpus.instruments[1]["supersedes"] = "treaty-a"
    found = messages(corpus)
    assert any("cycle: treaty-a -> guidelines-b -> treaty-a" in m for m in found), found


def test_a_superseding_link_to_an_unknown_instrument_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["supersedes"] = "nowhere"
    assert any("unknown instrument 'nowhere'" in m for m in messages(corpus))


def test_unknown_categories_topics_and_parents_are_reported():
    corpus = small_corpus()
    paragraphs = corpus.instruments[0]["provisions"]
    paragraphs[0]["topics"] = ["astrology"]
    paragraphs[3]["coverage"][0]["category"] = "dragons"
    paragraphs[4]["parent"] = "art-9"
    found = " | ".join(messages(corpus))
    assert "unknown topic 'astrology'" in found
    assert "unknown threat category" in found
    assert "parent 'art-9' does not exist" in found


def test_an_empty_text_is_allowed_only_for_an_article_split_into_paragraphs():
    corpus = small_corpus()
    corpus.instruments[0]["provisions"][5]["text"] = ""
    found = messages(corpus)
    assert len(found) == 1 and "art-3" in found[0] and "empty text" in found[0]


@pytest.mark.django_db
def test_the_command_exits_non_zero_on_broken_fixture_files(tmp_path, capsys):
    corpus = small_corpus()
    corpus.instruments[0]["provisions"][3]["coverage"][0]["rationale"] = ""
    written(corpus, tmp_path)
    with pytest.raises(CommandError, match="1 defect"):
        call_command("validate_corpus", "--fixtures", "--dir", str(tmp_path))
    assert "treaty-a.yaml: provision 'art-2-para-1'" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_command_checks_the_database_after_loading(tmp_path, capsys):
    written(small_corpus(), tmp_path)
    call_command("load_corpus", "--dir", str(tmp_path))
    call_command("validate_corpus")
    assert "No defects in the database: 2 instruments, 8 provisions" in capsys.readouterr().out


def test_a_value_longer_than_its_column_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["provisions"][1]["label"] = "Article " + "I" * 200
    found = messages(corpus)
    assert any("label is 208 characters; at most 100" in m for m in found), found


def test_malformed_corrections_are_reported():
    corpus = small_corpus()
    corpus.instruments[0]["corrections"] = [{"find": "selfdefense"}]
    assert any("'corrections' must be a list" in m for m in messages(corpus))


def test_dates_without_their_source_are_reported():
    corpus = small_corpus()
    corpus.instruments[0]["dates_source"] = ""
    found = messages(corpus)
    assert any("treaty-a" in m and "dates_source" in m for m in found), found


def test_an_end_before_the_tabling_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["tabled_on"] = datetime.date(2014, 6, 10)
    corpus.instruments[0]["ended_on"] = datetime.date(2008, 2, 12)
    found = messages(corpus)
    assert any("treaty-a" in m and "'ended_on' is before" in m for m in found), found


def test_a_proposal_assessed_as_prohibiting_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["status"] = "proposal"
    corpus.instruments[0]["binding"] = False
    corpus.instruments[0]["in_force_on"] = None
    found = messages(corpus)
    assert any("treaty-a" in m and "cannot prohibit" in m for m in found), found


def test_a_proposal_marked_binding_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["status"] = "proposal"
    corpus.instruments[0]["in_force_on"] = None
    found = messages(corpus)
    assert any("'proposal' cannot be marked binding" in m for m in found), found


def test_a_long_qualifier_is_reported():
    corpus = small_corpus()
    corpus.instruments[0]["provisions"][3]["coverage"][0]["qualifier"] = "x" * 121
    assert any("'qualifier' must be a short text" in m for m in messages(corpus))
