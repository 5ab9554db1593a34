"""Exporting the loaded corpus gives back the shipped fixture files, key for key."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from gaps.corpus import INSTRUMENT_FIELDS, read_corpus


@pytest.fixture
def shipped(shipped_corpus, db):
    """The shipped corpus (loaded once for the module) inside a test transaction."""


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip("\n")


def as_loaded(instrument: dict[str, Any]) -> dict[str, Any]:
    """What load_corpus takes from an instrument's file, normalised as it normalises it."""
    data = {name: instrument.get(name) for name in INSTRUMENT_FIELDS}
    for name in ("symbols", "depositary", "source_url", "selection_note", "source_file"):
        data[name] = data[name] or ""
    data["summary"] = _text(data["summary"])
    data["corrections"] = data["corrections"] or []
    data["provisions"] = [
        {
            "slug": item["slug"],
            "label": item["label"],
            "heading": item.get("heading") or "",
            "text": _text(item.get("text")),
            "parent": item.get("parent"),
            "provenance": item.get("provenance") or "",
            "source_note": item.get("source_note") or "",
            "topics": sorted(item.get("topics") or []),
            "defines": [term.strip() for term in item.get("defines") or []],
            "coverage": sorted(
                (
                    coverage["category"],
                    coverage["level"],
                    _text(coverage.get("rationale")),
                    coverage.get("qualifier") or "",
                )
                for coverage in item.get("coverage") or []
            ),
        }
        for item in instrument.get("provisions") or []
    ]
    return data


@pytest.fixture
def exported(shipped, tmp_path):
    out = tmp_path / "exported"
    call_command("export_corpus", "--dir", str(out), "--release", "x", "--date", "2027-01-01")
    return {item["slug"]: item for item in read_corpus(out).instruments}


SHIPPED = read_corpus(settings.CORPUS_DIR)


def test_the_export_of_the_shipped_corpus_equals_the_shipped_files(exported):
    assert sorted(exported) == sorted(item["slug"] for item in SHIPPED.instruments)
    for instrument in SHIPPED.instruments:
        assert as_loaded(exported[instrument["slug"]]) == as_loaded(instrument), instrument["slug"]


def test_the_export_drops_no_key_of_the_shipped_files(exported):
    for instrument in SHIPPED.instruments:
        back = exported[instrument["slug"]]
        assert set(instrument) - set(back) == set(), instrument["slug"]
        for original, again in zip(instrument["provisions"], back["provisions"], strict=True):
            assert set(original) - set(again) - {"defines"} <= set(), original["slug"]
            for one, other in zip(
                sorted(original.get("coverage") or [], key=lambda c: c["category"]),
                sorted(again.get("coverage") or [], key=lambda c: c["category"]),
                strict=True,
            ):
                assert set(one) - set(other) == set(), (original["slug"], one["category"])


def test_the_export_writes_back_source_files_and_corrections(exported):
    with_source = [i["slug"] for i in SHIPPED.instruments if i.get("source_file")]
    with_corrections = [i["slug"] for i in SHIPPED.instruments if i.get("corrections")]
    assert len(with_source) >= 11 and len(with_corrections) >= 4
    for slug in with_source:
        assert exported[slug]["source_file"]
    for slug in with_corrections:
        assert exported[slug]["corrections"] == next(
            i["corrections"] for i in SHIPPED.instruments if i["slug"] == slug
        )


def test_the_export_of_the_shipped_corpus_reads_back_as_the_same_categories(exported, tmp_path):
    categories = read_corpus(tmp_path / "exported").categories
    assert [c["slug"] for c in categories] == [c["slug"] for c in SHIPPED.categories]
    for again, original in zip(categories, SHIPPED.categories, strict=True):
        assert _text(again["definition"]) == _text(original["definition"])
        assert _text(again.get("identified_in")) == _text(original.get("identified_in"))
        assert sorted(again["capabilities"]) == sorted(original.get("capabilities") or [])
