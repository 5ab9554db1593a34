"""Every claim of a shipped position is quoted verbatim from its source file.

The positions shipped with a `source_file` (relative to settings.SOURCES_DIR) hold the whole
document as text: it must be that file's words, whitespace aside, and every quote must stand
in the paragraph it names. Positions from web pages hold only the excerpt that was seen;
their quotes are checked against that excerpt by validate_corpus.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from gaps.corpus import read_corpus
from positions.models import normalise

CORPUS = read_corpus(settings.CORPUS_DIR)
WITH_SOURCE = [p for p in CORPUS.positions if p.get("source_file")]
NUMBERED = re.compile(r"^(\d{1,2})\. ")

pytestmark = [
    pytest.mark.sources,
    pytest.mark.skipif(
        not settings.SOURCES_DIR.is_dir(),
        reason=f"source texts not found at {settings.SOURCES_DIR}",
    ),
]


def source(position: dict) -> str:
    return (settings.SOURCES_DIR / position["source_file"]).read_text(encoding="utf-8")


def test_both_shipped_position_documents_are_in_the_corpus():
    assert {p["slug"] for p in WITH_SOURCE} == {"china-2022", "zhang-2007"}
    assert sum(len(p["claims"]) for p in WITH_SOURCE) >= 12


@pytest.mark.parametrize("position", WITH_SOURCE, ids=[p["slug"] for p in WITH_SOURCE])
def test_the_text_held_is_the_source_file_whitespace_aside(position):
    assert normalise(position["text"]) == normalise(source(position))


@pytest.mark.parametrize("position", WITH_SOURCE, ids=[p["slug"] for p in WITH_SOURCE])
def test_every_quote_occurs_verbatim_in_the_source_file(position):
    text = normalise(source(position))
    missing = [c["slug"] for c in position["claims"] if normalise(c["quote"]) not in text]
    assert missing == []


def test_china_2022_quotes_stand_in_the_paragraphs_they_name():
    china = next(p for p in WITH_SOURCE if p["slug"] == "china-2022")
    paragraphs: dict[str, str] = {}
    number = None
    for line in china["text"].splitlines():
        match = NUMBERED.match(line)
        number = match.group(1) if match else number
        if number:
            paragraphs[number] = paragraphs.get(number, "") + " " + normalise(line)
    misplaced = [
        (c["slug"], c["paragraph"])
        for c in china["claims"]
        if normalise(c["quote"]) not in paragraphs.get(c["paragraph"], "")
    ]
    assert misplaced == []


def test_zhang_2007_quotes_stand_in_the_paragraphs_they_name():
    zhang = next(p for p in WITH_SOURCE if p["slug"] == "zhang-2007")
    # Title and author first, then the body paragraphs counted from 1 (see its source note).
    body = [normalise(line) for line in zhang["text"].splitlines() if line.strip()][2:]
    misplaced = [
        c["slug"]
        for c in zhang["claims"]
        if normalise(c["quote"]) not in body[int(c["paragraph"]) - 1]
    ]
    assert misplaced == []
