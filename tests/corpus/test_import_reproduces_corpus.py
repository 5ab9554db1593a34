"""Pasting a shipped instrument's text into the draft importer reproduces its provisions.

The pasted text is rebuilt from the fixture as a UN document lays it out (title, then each
article's label on a line of its own, then its text), so the test needs no source files.
Articles whose paragraphs the fixture splits are compared whole: the splitter keeps
unnumbered paragraphs together, as it cannot know where the corpus chose to cut.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from gaps.corpus import read_corpus
from provisions.importer import split_text

CORPUS = read_corpus(settings.CORPUS_DIR)
TREATIES = ["ost-1967", "rescue-1968", "liability-1972", "registration-1975", "moon-1979",
            "ptbt-1963", "enmod-1977"]  # fmt: skip


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def top_level(instrument: dict) -> list[tuple[str, str, str]]:
    """(label, heading, text) of each top-level provision, paragraphs joined back in."""
    provisions = instrument["provisions"]
    result = []
    for provision in provisions:
        if provision.get("parent"):
            continue
        children = [p["text"] for p in provisions if p.get("parent") == provision["slug"]]
        text = "\n\n".join([provision["text"], *children]).strip()
        result.append((provision["label"], provision.get("heading") or "", text))
    return result


def pasted(instrument: dict) -> str:
    parts = [instrument["title"]]
    for label, heading, text in top_level(instrument):
        if label == "Preamble" or label.startswith("Final"):
            parts.append(text)
        else:
            parts.append("\n\n".join(part for part in (label, heading, text) if part))
    return "\n\n".join(parts)


@pytest.mark.parametrize("slug", TREATIES)
def test_the_importer_splits_a_shipped_treaty_into_its_shipped_articles(slug):
    instrument = next(i for i in CORPUS.instruments if i["slug"] == slug)
    pieces = split_text(pasted(instrument), title=instrument["title"], split_paragraphs=False)
    expected = top_level(instrument)
    assert [piece.label for piece in pieces] == [label for label, _heading, _text in expected]
    for piece, (label, heading, text) in zip(pieces, expected, strict=True):
        assert piece.heading == heading, label
        assert normalise(piece.text) == normalise(text), label
