"""Every provision marked verbatim matches its source file, whitespace aside.

The source files sit in ../shared/sources (settings.SOURCES_DIR); an instrument file names
its source in `source_file` and lists any documented `corrections` of transcription errors,
which are applied to the source before comparing.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from gaps.corpus import read_corpus

CORPUS = read_corpus(settings.CORPUS_DIR)
VERBATIM = {"official", "unverified"}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_text(instrument: dict) -> str:
    path = settings.SOURCES_DIR / instrument["source_file"]
    text = path.read_text(encoding="utf-8")
    for correction in instrument.get("corrections") or []:
        assert correction["find"] in text, f"correction {correction} no longer applies to {path}"
        text = text.replace(correction["find"], correction["replace"])
    return normalise(text)


WITH_SOURCE = [i for i in CORPUS.instruments if i.get("source_file")]


@pytest.mark.skipif(
    not settings.SOURCES_DIR.is_dir(), reason=f"source texts not found at {settings.SOURCES_DIR}"
)
@pytest.mark.parametrize("instrument", WITH_SOURCE, ids=[i["slug"] for i in WITH_SOURCE])
def test_verbatim_provisions_match_their_source_file(instrument):
    source = source_text(instrument)
    mismatched = [
        provision["slug"]
        for provision in instrument["provisions"]
        if provision["provenance"] in VERBATIM
        and provision["text"].strip()
        and normalise(provision["text"]) not in source
    ]
    assert mismatched == [], f"{instrument['slug']}: text differs from {instrument['source_file']}"


def test_instruments_marked_official_name_their_source_file():
    missing = [
        instrument["slug"]
        for instrument in CORPUS.instruments
        if any(p["provenance"] == "official" for p in instrument["provisions"])
        and not instrument.get("source_file")
    ]
    assert missing == []


def test_summaries_say_that_they_are_not_treaty_text():
    unlabelled = [
        f"{instrument['slug']}/{provision['slug']}"
        for instrument in CORPUS.instruments
        for provision in instrument["provisions"]
        if provision["provenance"] == "summary"
        and not provision["text"].lstrip().startswith("Summary (not")
    ]
    assert unlabelled == []
