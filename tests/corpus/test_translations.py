"""Every shipped text in another language is its authentic text, whole and in order.

Each translations/<instrument>.<language>.yaml names its source in `source_file` (relative
to settings.SOURCES_DIR) and lists any documented `corrections` (page numbers left by the PDF
extraction), applied to the source before comparing. Whitespace aside, the source must be
the file's texts in document order with only the title and the article headings between
them: nothing changed, nothing left out, nothing out of place.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from gaps.corpus import read_corpus
from gaps.translations import entries
from provisions.alignment import Target, align_text

CORPUS = read_corpus(settings.CORPUS_DIR)
INSTRUMENTS = {i["slug"]: i for i in CORPUS.instruments}
TRANSLATIONS = CORPUS.translations
IDS = [f"{t['instrument']}.{t['language']}" for t in TRANSLATIONS]
HEADING = re.compile(
    r"^(?:(?:Article|Статья|Artículo) (?:[IVXLC]+|\d+)|第[一二三四五六七八九十百]+条)$"
)
needs_sources = pytest.mark.skipif(
    not settings.SOURCES_DIR.is_dir(), reason=f"source texts not found at {settings.SOURCES_DIR}"
)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def corrected_source(data: dict) -> str:
    path = settings.SOURCES_DIR / data["source_file"]
    text = path.read_text(encoding="utf-8")
    for correction in data.get("corrections") or []:
        assert text.count(correction["find"]) == 1, f"{correction} no longer applies to {path}"
        text = text.replace(correction["find"], correction["replace"])
    return text


def in_document_order(data: dict) -> list[str]:
    texts = {slug: text for slug, text, _p, _n in entries(data)}
    order = [p["slug"] for p in INSTRUMENTS[data["instrument"]]["provisions"]]
    return [texts[slug] for slug in order if slug in texts]


def test_all_five_languages_of_the_outer_space_treaty_and_four_french_texts_are_shipped():
    shipped = {(t["instrument"], t["language"]) for t in TRANSLATIONS}
    assert {("ost-1967", lang) for lang in ("zh", "ru", "fr", "es")} <= shipped
    french = {"rescue-1968", "liability-1972", "registration-1975", "moon-1979"}
    assert {(slug, "fr") for slug in french} <= shipped
    assert not any(language == "ar" for _slug, language in shipped)


@needs_sources
@pytest.mark.parametrize("data", TRANSLATIONS, ids=IDS)
def test_a_language_version_is_its_source_file_in_order_with_nothing_left_out(data):
    source = normalise(corrected_source(data))
    cursor, between = 0, []
    for text in in_document_order(data):
        found = source.find(normalise(text), cursor)
        assert found >= 0, f"not found in order in {data['source_file']}: {text[:60]!r}"
        between.append(source[cursor:found].strip())
        cursor = found + len(normalise(text))
    assert source[cursor:].strip() == "", "the end of the source is missing"
    title, *headings = between
    assert title == normalise(corrected_source(data).strip().split("\n", 1)[0])
    left_over = [gap for gap in headings if gap and not HEADING.match(gap)]
    assert left_over == [], "text of the source is in no provision"


@needs_sources
@pytest.mark.parametrize("data", TRANSLATIONS, ids=IDS)
def test_the_aligner_reproduces_a_shipped_language_version_from_its_source(data):
    instrument = INSTRUMENTS[data["instrument"]]
    targets = [
        Target(p["slug"], p["label"], p.get("parent") or "", bool((p["text"] or "").strip()))
        for p in instrument["provisions"]
    ]
    alignment = align_text(corrected_source(data), targets)
    assert alignment.missing == [] and alignment.unmatched == []
    shipped = {slug: normalise(text) for slug, text, _p, _n in entries(data)}
    assert {slug: normalise(text) for slug, text in alignment.texts.items()} == shipped


@pytest.mark.parametrize("data", TRANSLATIONS, ids=IDS)
def test_an_official_language_version_names_its_source(data):
    provenances = {provenance for _s, _t, provenance, _n in entries(data)}
    if "official" in provenances:
        assert data.get("source_file") and data.get("source_url", "").startswith("https://")


@pytest.fixture
def shipped(shipped_corpus, db):
    return None


def test_the_about_page_lists_the_languages_held_and_where_each_came_from(shipped, client):
    html = client.get("/about/").content.decode()
    section = html[html.index('id="languages"') : html.index("Sources and licences")]
    assert "No Arabic text of any instrument is held yet" in section
    for name in ("Outer Space Treaty", "Rescue Agreement", "Moon Agreement"):
        assert name in section
    assert "<strong>Chinese:</strong> Space Law Corpus" in section
    assert "ost-1967-zh/text.txt" in section and "moon-1979-fr/text.txt" in section
    assert "Registration Convention" in section
    assert "Partial Test Ban" not in section  # held in English only
