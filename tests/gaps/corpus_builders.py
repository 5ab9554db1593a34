"""Build small corpora in the fixture format, whole or with one defect."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

from gaps.corpus import Corpus, read_corpus
from gaps.corpus_export import write_corpus


def provision(slug: str, label: str, text: str = "Some text.", **fields: Any) -> dict[str, Any]:
    data = {
        "slug": slug,
        "label": label,
        "heading": "",
        "provenance": "official",
        "source_note": "test",
        "parent": None,
        "topics": [],
        "defines": [],
        "text": text,
        "coverage": [],
    }
    data.update(fields)
    return data


def category(slug: str, name: str, **fields: Any) -> dict[str, Any]:
    data = {"slug": slug, "name": name, "definition": f"About {name}.", "identified_in": ""}
    data["capabilities"] = []
    data.update(fields)
    return data


def small_corpus() -> Corpus:
    """Two instruments, two categories: every category assessed, nothing wrong."""
    treaty = {
        "slug": "treaty-a",
        "short_name": "Treaty A",
        "title": "Treaty A on outer space",
        "symbols": "A/1",
        "kind": "treaty",
        "status": "in_force",
        "binding": True,
        "adopted_on": datetime.date(1967, 1, 27),
        "in_force_on": datetime.date(1967, 10, 10),
        "tabled_on": None,
        "ended_on": None,
        "dates_source": "Made up for the tests.",
        "parties": 100,
        "parties_as_of": datetime.date(2025, 1, 1),
        "depositary": "Someone",
        "source_url": "https://example.org/a",
        "supersedes": None,
        "position": 1,
        "published": True,
        "selection_note": "",
        "summary": "A treaty.\n\nSecond paragraph.",
        "provisions": [
            provision("preamble", "Preamble", topics=["weapons"]),
            provision("art-1", "Article I"),
            provision("art-2", "Article II", text=""),
            provision(
                "art-2-para-1",
                "Article II, paragraph 1",
                parent="art-2",
                coverage=[
                    {"category": "wmd", "level": "prohibits", "rationale": '"not to place".'}
                ],
            ),
            provision("art-2-para-2", "Article II, paragraph 2", parent="art-2"),
            provision("art-3", "Article III"),
        ],
    }
    guidelines = {
        **copy.deepcopy(treaty),
        "slug": "guidelines-b",
        "short_name": "Guidelines B",
        "kind": "guidelines",
        "status": "non_binding",
        "binding": False,
        "in_force_on": None,
        "parties": None,
        "parties_as_of": None,
        "provisions": [
            provision(
                "guideline-a-1",
                "Guideline A.1",
                coverage=[{"category": "debris", "level": "guidance", "rationale": "Should."}],
            ),
            provision("guideline-a-2", "Guideline A.2"),
        ],
    }
    return Corpus(
        version="test-1",
        date=datetime.date(2026, 11, 22),
        topics=[{"slug": "weapons", "name": "Weapons", "description": ""}],
        capabilities=[{"slug": "nuclear", "name": "Nuclear"}],
        categories=[
            category("wmd", "WMD", capabilities=["nuclear"]),
            category("debris", "Debris"),
        ],
        instruments=[treaty, guidelines],
        positions=[
            {
                "slug": "paper-c",
                "title": "Paper C on what law covers",
                "author": "State C",
                "date": "2022-05-01",
                "date_precision": "month",
                "kind": "position_paper",
                "provenance": "unverified",
                "source_url": "https://example.org/c",
                "published": True,
                "position": 1,
                "text": "1. Treaty A bans WMD.\n\n2. Debris is left to guidelines.",
                "claims": [
                    {
                        "slug": "para-1-wmd",
                        "paragraph": "1",
                        "quote": "Treaty A bans WMD.",
                        "asserts": [
                            {"category": "wmd", "instruments": ["treaty-a"], "asserted": "covered"}
                        ],
                    }
                ],
            }
        ],
    )


def written(corpus: Corpus, directory: Path) -> Corpus:
    """Write the corpus as fixture files and read it back, as load_corpus would see it."""
    write_corpus(corpus, directory)
    return read_corpus(directory)


def instrument(corpus: Corpus, slug: str) -> dict[str, Any]:
    return next(item for item in corpus.instruments if item["slug"] == slug)
