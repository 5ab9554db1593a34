"""validate_corpus refuses events without sources, with unknown categories or bad dates."""

from __future__ import annotations

import copy
import datetime

from gaps.corpus import read_corpus
from gaps.validation import validate_corpus
from tests.gaps.corpus_builders import small_corpus

EVENT = {
    "slug": "made-up-test",
    "date": datetime.date(2007, 1, 11),
    "date_precision": "day",
    "end_date": None,
    "title": "Made-up test event",
    "actors": ["State A"],
    "categories": ["wmd"],
    "summary": "According to a made-up source, it happened.",
    "published": True,
    "sources": [
        {"title": "Made up", "url": "https://example.org/a", "provenance": "summary", "quote": "."}
    ],
}


def messages_for(**changes) -> list[str]:
    corpus = small_corpus()
    corpus.events = [{**copy.deepcopy(EVENT), **changes}]
    return [str(defect) for defect in validate_corpus(corpus)]


def test_a_sound_event_has_no_defects():
    assert messages_for() == []


def test_a_published_event_without_a_source_is_a_defect():
    found = messages_for(sources=[])
    assert found == [
        "events.yaml: 'made-up-test': published without a source: every event needs at least one"
    ]


def test_an_unpublished_event_without_a_source_is_allowed():
    assert messages_for(sources=[], published=False) == []


def test_a_source_without_url_or_symbol_is_a_defect():
    found = messages_for(sources=[{"title": "Hearsay", "provenance": "summary"}])
    assert any("source 1" in m and "url or its document symbol" in m for m in found), found


def test_an_unknown_category_and_a_bad_provenance_are_defects():
    source = {**EVENT["sources"][0], "provenance": "memory"}
    found = messages_for(categories=["nowhere"], sources=[source])
    assert any("unknown threat category 'nowhere'" in m for m in found), found
    assert any("provenance must be one of" in m for m in found), found


def test_an_end_before_the_start_is_a_defect():
    found = messages_for(end_date=datetime.date(2006, 1, 1))
    assert any("'end_date' must be a date on or after 'date'" in m for m in found), found


def test_every_shipped_event_is_published_with_at_least_one_sourced_quote(settings):
    events = read_corpus(settings.CORPUS_DIR).events
    assert len(events) >= 17
    for event in events:
        assert event["sources"], event["slug"]
        assert all(source.get("url") or source.get("symbol") for source in event["sources"])
        assert all(source.get("quote") for source in event["sources"]), event["slug"]
    dates = {event["slug"]: event["date"].isoformat() for event in events}
    assert dates["china-fy-1c-2007"] == "2007-01-11"
    assert dates["us-usa-193-burnt-frost-2008"] == "2008-02-20"
    assert dates["india-mission-shakti-2019"] == "2019-03-27"
    assert dates["russia-kosmos-1408-2021"] == "2021-11-15"
