"""The splitter that turns a pasted instrument text into provisions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from provisions.importer import SplitError, split_text

CORPUS = Path(settings.SOURCES_DIR) / "space-law-corpus"
needs_sources = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"source texts not found in {CORPUS} (settings.SOURCES_DIR)"
)


def source(name: str) -> list[str]:
    return (CORPUS / name / "text.txt").read_text(encoding="utf-8").splitlines()


def between(lines: list[str], start: int, end: int) -> str:
    """Lines start..end-1 (0-based) as the splitter keeps them: trailing blanks trimmed."""
    return "\n".join(line.rstrip() for line in lines[start:end]).strip("\n")


def heading_lines(lines: list[str], pattern: str) -> list[int]:
    return [index for index, line in enumerate(lines) if re.match(pattern, line)]


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
ROMAN += ["X" + numeral for numeral in ROMAN[:7]]  # up to XVII


# The shipped instruments' texts --------------------------------------------------------


@needs_sources
@pytest.mark.sources
def test_outer_space_treaty_splits_into_preamble_seventeen_articles_and_final_clause():
    lines = source("ost-1967")
    pieces = split_text("\n".join(lines), title=lines[0], split_paragraphs=False)
    assert [piece.label for piece in pieces] == (
        ["Preamble"] + [f"Article {numeral}" for numeral in ROMAN] + ["Final clause"]
    )
    assert [piece.slug for piece in pieces[1:4]] == ["art-1", "art-2", "art-3"]
    starts = heading_lines(lines, r"^Article [IVX]+$")
    final = heading_lines(lines, r"^IN WITNESS WHEREOF")[0]
    assert pieces[0].text == between(lines, 1, starts[0])
    assert pieces[0].text.startswith("The States Parties to this Treaty,")
    for piece, start, end in zip(pieces[1:-1], starts, [*starts[1:], final], strict=True):
        assert piece.text == between(lines, start + 1, end), piece.label
        assert piece.parent == ""
    assert pieces[-1].text == between(lines, final, len(lines))


@needs_sources
@pytest.mark.sources
def test_outer_space_treaty_article_xiv_becomes_six_paragraphs_when_asked():
    lines = source("ost-1967")
    pieces = {piece.slug: piece for piece in split_text("\n".join(lines), title=lines[0])}
    assert pieces["art-14"].text == ""
    paragraphs = [pieces[f"art-14-para-{n}"] for n in range(1, 7)]
    assert [p.label for p in paragraphs] == [f"Article XIV, paragraph {n}" for n in range(1, 7)]
    assert {p.parent for p in paragraphs} == {"art-14"}
    first = heading_lines(lines, r"^1\. This Treaty shall be open")[0]
    assert paragraphs[0].text == lines[first]
    assert "art-4-para-1" not in pieces  # Article IV's paragraphs are not numbered


@needs_sources
@pytest.mark.sources
def test_long_term_sustainability_guidelines_split_into_sections_and_guidelines():
    lines = source("lts-guidelines-2019")
    pieces = split_text("\n".join(lines), title=lines[0])
    guidelines = [p for p in pieces if p.label.startswith("Guideline")]
    expected = (
        [f"Guideline A.{n}" for n in range(1, 6)]
        + [f"Guideline B.{n}" for n in range(1, 11)]
        + [f"Guideline C.{n}" for n in range(1, 5)]
        + [f"Guideline D.{n}" for n in range(1, 3)]
    )
    assert [g.label for g in guidelines] == expected
    assert [p.label for p in pieces[:4]] == ["Preamble", "Part II", "Section A", "Guideline A.1"]
    by_slug = {p.slug: p for p in pieces}
    assert by_slug["section-b"].heading == "Safety of space operations"
    assert by_slug["guideline-b-8"].parent == "section-b"
    assert by_slug["guideline-b-8"].heading.startswith("Design and operation of space objects")
    # Each guideline's text runs to the next heading of any kind, which the splitter
    # recognises instead of gluing "B. Safety of space operations" onto A.5.
    starts = heading_lines(lines, r"^(Guideline [A-D]\.\d+ |[A-D]\. )")
    for guideline in guidelines:
        start = next(i for i in starts if lines[i].startswith(guideline.label + " "))
        end = next((i for i in starts if i > start), len(lines))
        assert guideline.text == between(lines, start + 1, end), guideline.label
    assert "Safety of space operations" not in by_slug["guideline-a-5"].text


@needs_sources
@pytest.mark.sources
def test_rescue_agreement_articles_with_text_on_the_heading_line_keep_that_text():
    lines = source("rescue-1968")
    pieces = {p.slug: p for p in split_text("\n".join(lines), title=lines[0])}
    assert pieces["art-1"].label == "Article 1"
    assert pieces["art-1"].text.startswith("Each Contracting Party which receives information")
    assert "(b) Notify the Secretary-General" in pieces["art-1"].text
    assert pieces["art-5-para-1"].text.startswith("1. Each Contracting Party which receives")


# Shapes of text --------------------------------------------------------------------------

DRAFT = """\
# Draft treaty on the prevention of weapons in outer space

The States Parties to this Treaty,

Have agreed as follows:

ARTICLE I — Definitions

For the purposes of this Treaty:

(a) "outer space" means the space above 100 km;

(b) "weapon" means any device.

ARTICLE II
Obligations

1. States Parties undertake not to place weapons in outer space.

2. States Parties undertake not to use force against space objects:

(a) of other States Parties;
(b) of international organizations.

Article III: Entry into force

This Treaty shall enter into force upon ratification.
"""


def test_a_markdown_draft_splits_into_preamble_articles_and_paragraphs():
    pieces = split_text(DRAFT)
    assert [(p.label, p.slug, p.parent) for p in pieces] == [
        ("Preamble", "preamble", ""),
        ("Article I", "art-1", ""),
        ("Article II", "art-2", ""),
        ("Article II, paragraph 1", "art-2-para-1", "art-2"),
        ("Article II, paragraph 2", "art-2-para-2", "art-2"),
        ("Article III", "art-3", ""),
    ]
    by_slug = {p.slug: p for p in pieces}
    assert by_slug["preamble"].text == (
        "The States Parties to this Treaty,\n\nHave agreed as follows:"
    )
    assert by_slug["art-1"].heading == "Definitions"
    assert by_slug["art-2"].heading == "Obligations"
    assert by_slug["art-3"].heading == "Entry into force"
    assert by_slug["art-2"].text == ""
    assert by_slug["art-2-para-2"].text == (
        "2. States Parties undertake not to use force against space objects:\n\n"
        "(a) of other States Parties;\n(b) of international organizations."
    )
    assert by_slug["art-1"].text.startswith("For the purposes of this Treaty:")


def test_numbered_paragraphs_stay_in_their_article_when_not_split():
    pieces = split_text(DRAFT, split_paragraphs=False)
    article = next(p for p in pieces if p.slug == "art-2")
    assert "1. States Parties undertake" in article.text
    assert not any(p.parent for p in pieces)


def test_markdown_headings_that_are_not_articles_become_provisions_of_their_own():
    pieces = split_text("Preamble text.\n\n## Article 1\n\nText one.\n\n## Annex\n\nAnnex text.")
    assert [(p.label, p.slug, p.text) for p in pieces] == [
        ("Preamble", "preamble", "Preamble text."),
        ("Article 1", "art-1", "Text one."),
        ("Annex", "annex", "Annex text."),
    ]


def test_the_title_given_on_the_form_is_not_put_into_the_preamble():
    text = "Treaty on Things\n\nThe Parties,\n\nArticle 1\n\nText."
    assert split_text(text, title="treaty  on things")[0].text == "The Parties,"
    assert split_text(text)[0].text.startswith("Treaty on Things")


def test_bare_guideline_numbers_and_numbered_guidelines_are_recognised():
    bare = split_text("B.1 First heading\n\nShould do.\n\nB.2 Second heading\n\nShould too.")
    assert [(p.label, p.heading) for p in bare] == [
        ("Guideline B.1", "First heading"),
        ("Guideline B.2", "Second heading"),
    ]
    numbered = split_text("Guideline 1: Limit debris\n\nText.\n\nGuideline 2: Avoid\n\nText.")
    assert [p.slug for p in numbered] == ["guideline-1", "guideline-2"]


def test_a_sentence_starting_with_article_is_text_not_a_heading():
    pieces = split_text("Article 1\n\nText.\n\nArticle 51 of the Charter applies.")
    assert [p.label for p in pieces] == ["Article 1"]
    assert pieces[0].text == "Text.\n\nArticle 51 of the Charter applies."


# Malformed input --------------------------------------------------------------------


def test_empty_text_cannot_be_split():
    with pytest.raises(SplitError, match="empty") as error:
        split_text(" \n\n  \n")
    assert error.value.line_number == 1


def test_text_without_any_structure_says_the_whole_text_would_be_a_preamble():
    with pytest.raises(SplitError) as error:
        split_text("Some words.\n\nMore words without any article.\n")
    assert error.value.line_number == 3
    assert "whole text would be one preamble" in str(error.value)
    assert "line 3" in str(error.value) and "More words" in str(error.value)


def test_a_title_and_preamble_alone_cannot_be_split():
    with pytest.raises(SplitError, match="preamble"):
        split_text("# A treaty\n\nThe States Parties,\n\nHave agreed as follows:")


def test_article_numbering_that_jumps_stops_at_the_article_after_the_gap():
    text = "Article I\n\nOne.\n\nArticle II\n\nTwo.\n\nArticle IV\n\nFour."
    with pytest.raises(SplitError) as error:
        split_text(text)
    assert error.value.line_number == 9
    assert "Article IV follows Article II" in str(error.value)
    assert str(error.value).startswith("Stopped at line 9 (“Article IV”)")


def test_article_numbering_that_repeats_is_refused():
    with pytest.raises(SplitError, match="repeats") as error:
        split_text("Article 1\n\nOne.\n\nArticle 2\n\nTwo.\n\nArticle 2\n\nTwo again.")
    assert error.value.line_number == 9


def test_articles_must_start_at_one():
    with pytest.raises(SplitError, match="start at 1") as error:
        split_text("Preamble.\n\nArticle 3\n\nThree.")
    assert error.value.line_number == 3


def test_paragraph_numbering_that_jumps_names_the_paragraph_and_its_line():
    text = "Article 1\n\n1. First.\n\n2. Second.\n\n4. Fourth."
    with pytest.raises(SplitError) as error:
        split_text(text)
    assert error.value.line_number == 7
    assert "paragraph 4 of Article 1 jumps: expected paragraph 3" in str(error.value)


def test_guidelines_out_of_order_are_refused():
    with pytest.raises(SplitError, match="out of order"):
        split_text("B.1 One\n\nText.\n\nA.1 Two\n\nText.")
    with pytest.raises(SplitError, match="jumps"):
        split_text("A.1 One\n\nText.\n\nA.3 Three\n\nText.")


def test_an_annex_after_the_final_clause_becomes_a_provision_with_its_title():
    text = (
        "Article 1\n\nStates shall consult.\n\n"
        "IN WITNESS WHEREOF the undersigned have signed.\n\n"
        "Annex\n\nCommittee of Experts\n\n1. The Committee shall meet.\n\n2. It shall report."
    )
    pieces = split_text(text, split_paragraphs=False)
    assert [(p.label, p.heading) for p in pieces] == [
        ("Article 1", ""), ("Final clause", ""), ("Annex", "Committee of Experts"),
    ]  # fmt: skip
    assert pieces[1].text == "IN WITNESS WHEREOF the undersigned have signed."
    assert pieces[2].text == "1. The Committee shall meet.\n\n2. It shall report."


def test_a_sentence_starting_with_annex_is_text_not_a_heading():
    pieces = split_text("Article 1\n\nAnnex the report to the treaty.", split_paragraphs=False)
    assert [p.label for p in pieces] == ["Article 1"]
