"""What the benchmark asks for: the application's pages, and the questions put to both the
application and Datasette, with the same page size and the same rows expected.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from .scales import Targets

STATIC = "static"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    # Whether the page cache (gaps/page_cache.py) may answer it: then it is measured twice,
    # from the cache and computed (caches off).
    cached: bool = True
    # The question put to Datasette too ("filter_json", "search_json", "filter_html"), if any.
    question: str | None = None


def pages(targets: Targets, static_path: str) -> list[Page]:
    """Every page measured on the application server, in the order measured."""
    word, frequent = targets.search_word, targets.frequent_word
    chosen = urlencode({"category": targets.category, "level": targets.level})
    return [
        Page(STATIC, "static file (WhiteNoise)", static_path, cached=False),
        Page("matrix", "matrix `/`", "/"),
        Page("list_html", "provision list HTML", "/provisions/"),
        Page("list_html_q", f"provision list HTML, `q={word}`", f"/provisions/?q={word}"),
        Page("list_json", "provision list JSON", "/api/provisions.json"),
        Page(
            "search_json",
            f"search JSON, `q={word}`, 50 a page",
            # In instrument order, as Datasette is asked: a search is otherwise by relevance.
            f"/api/provisions.json?q={word}&sort=instrument&page_size=50",
            question="search_json",
        ),
        Page(
            "search_json_frequent",
            f"search JSON, `q={frequent}`, 50 a page",
            f"/api/provisions.json?q={frequent}&page_size=50",
        ),
        Page(
            "filter_json",
            "filter JSON, category and level, 50 a page",
            f"/api/provisions.json?{chosen}&page_size=50",
            question="filter_json",
        ),
        Page(
            "filter_html",
            "filtered HTML list, category and level",
            f"/provisions/?{chosen}",
            question="filter_html",
        ),
        Page(
            "provision",
            "provision page",
            f"/instruments/{targets.instrument}/{targets.provision}/",
            cached=False,
        ),
        Page(
            "instrument",
            f"instrument page ({targets.instrument_provisions} provisions)",
            f"/instruments/{targets.instrument}/",
            cached=False,
        ),
    ]


# Datasette --------------------------------------------------------------------------------
# Datasette answers arbitrary SQL; each question is written the way one would write it by
# hand for SQLite, with the same joins, filter, ordering and page size as the application
# and the same fields in each row: the page is chosen first, then topics, assessments and
# (for the search) the excerpt are added for those rows only, and the total is one count.

_ORDER = "i.position, i.slug, p.position, p.id"
_FILTER = (
    "i.published = 1 AND EXISTS (SELECT 1 FROM gaps_coverage c "
    "JOIN gaps_threatcategory k ON k.id = c.category_id "
    "WHERE c.provision_id = p.id AND k.slug = :category AND c.level = :level)"
)
_SEARCH = (
    "i.published = 1 AND p.id IN (SELECT rowid FROM provisions_provision_fts "
    "WHERE provisions_provision_fts MATCH :q)"
)
_FROM = "provisions_provision p JOIN instruments_instrument i ON i.id = p.instrument_id"
_EXTRAS = (
    "(SELECT group_concat(t.slug, ';') FROM provisions_provision_topics pt "
    "JOIN provisions_topic t ON t.id = pt.topic_id WHERE pt.provision_id = page.id) AS topics, "
    "(SELECT group_concat(k.slug || ':' || c.level, ';') FROM gaps_coverage c "
    "JOIN gaps_threatcategory k ON k.id = c.category_id WHERE c.provision_id = page.id) "
    "AS coverage"
)
_HEADLINE = (
    "(SELECT snippet(provisions_provision_fts, 2, '<mark>', '</mark>', '…', 24) "
    "FROM provisions_provision_fts WHERE provisions_provision_fts MATCH :q "
    "AND rowid = page.id) AS headline"
)


def _page_sql(where: str, limit: int, headline: bool) -> str:
    extras = _EXTRAS + (", " + _HEADLINE if headline else "")
    return (
        "WITH page AS (SELECT p.id, i.slug || '/' || p.slug AS key, i.slug AS instrument, "
        "p.slug, p.label, p.heading, p.text, p.provenance, "
        "i.position AS i_position, i.slug AS i_slug, p.position AS p_position "
        f"FROM {_FROM} WHERE {where} ORDER BY {_ORDER} LIMIT {limit}) "
        f"SELECT page.id, page.key, page.instrument, page.slug, page.label, page.heading, "
        f"page.text, page.provenance, {extras}, "
        f"(SELECT count(*) FROM {_FROM} WHERE {where}) AS total "
        "FROM page ORDER BY page.i_position, page.i_slug, page.p_position, page.id"
    )


def _all_keys_sql(where: str) -> str:
    return (
        "SELECT count(*) AS n, group_concat(key, ' ') AS keys FROM ("
        f"SELECT i.slug || '/' || p.slug AS key FROM {_FROM} WHERE {where} ORDER BY {_ORDER})"
    )


def fts5_phrase(word: str) -> str:
    """The FTS5 expression the application's search builds for one word."""
    return '"' + word.lower() + '"'


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    path: str  # on Datasette, relative to the database
    all_keys_path: str  # every matching row's key, in order, in one row
    ours_all_keys_path: str  # the application's whole answer (CSV)


def questions(targets: Targets, database: str) -> list[Question]:
    chosen = {"category": targets.category, "level": targets.level}
    search = {"q": fts5_phrase(targets.search_word)}

    def url(sql: str, params: dict, fmt: str) -> str:
        return f"/{database}{fmt}?" + urlencode({"sql": sql, **params})

    ours_filter = "/api/provisions.csv?" + urlencode(chosen)
    return [
        Question(
            "filter_json",
            "filter by category and level, JSON, 50 rows",
            url(_page_sql(_FILTER, 50, False), chosen, ".json"),
            url(_all_keys_sql(_FILTER), chosen, ".json"),
            ours_filter,
        ),
        Question(
            "search_json",
            f"full-text search `{targets.search_word}`, JSON, 50 rows",
            url(_page_sql(_SEARCH, 50, True), search, ".json"),
            url(_all_keys_sql(_SEARCH), search, ".json"),
            "/api/provisions.csv?" + urlencode({"q": targets.search_word, "sort": "instrument"}),
        ),
        Question(
            "filter_html",
            "filtered HTML table, 25 rows",
            url(_page_sql(_FILTER, 25, False), chosen, ""),
            url(_all_keys_sql(_FILTER), chosen, ".json"),
            ours_filter,
        ),
    ]


# Comparing the answers ----------------------------------------------------------------------

_OUR_ROW_LINK = re.compile(rb'<h3><a href="/instruments/([^/"]+)/([^/"]+)/"')
_DATASETTE_KEY_CELL = re.compile(rb'<td class="col-key[^"]*">([^<]*)</td>')


def keys_from_our_json(body: bytes) -> tuple[list[str], int]:
    data = json.loads(body)
    return [f"{row['instrument']}/{row['slug']}" for row in data["results"]], data["count"]


def keys_from_our_html(body: bytes) -> list[str]:
    """The rows of the provision list, from its list of results only."""
    results = body.split(b'<ol class="results-list"', 1)[-1].split(b"</ol>", 1)[0]
    return [f"{i.decode()}/{p.decode()}" for i, p in _OUR_ROW_LINK.findall(results)]


def keys_from_our_csv(body: bytes) -> list[str]:
    import csv
    import io

    reader = csv.DictReader(io.StringIO(body.decode("utf-8")))
    return [f"{row['instrument']}/{row['slug']}" for row in reader]


def keys_from_datasette_json(body: bytes) -> tuple[list[str], int]:
    data = json.loads(body)
    columns = data["columns"]
    rows = [dict(zip(columns, row, strict=True)) for row in data["rows"]]
    total = rows[0]["total"] if rows else 0
    return [row["key"] for row in rows], total


def keys_from_datasette_html(body: bytes) -> list[str]:
    return [key.decode() for key in _DATASETTE_KEY_CELL.findall(body)]


def all_keys_from_datasette(body: bytes) -> list[str]:
    data = json.loads(body)
    count, keys = data["rows"][0]
    return (keys or "").split() if count else []


def differences(ours: list[str], theirs: list[str]) -> list[str]:
    """Why two answers differ (empty when they hold the same rows in the same order)."""
    if ours == theirs:
        return []
    problems = []
    only_ours = [key for key in ours if key not in set(theirs)]
    only_theirs = [key for key in theirs if key not in set(ours)]
    if len(ours) != len(theirs):
        problems.append(f"{len(ours)} rows against {len(theirs)}")
    if only_ours:
        problems.append(f"only in the application: {', '.join(only_ours[:5])}")
    if only_theirs:
        problems.append(f"only in Datasette: {', '.join(only_theirs[:5])}")
    if not only_ours and not only_theirs and len(ours) == len(theirs):
        first = next(n for n, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b)
        problems.append(f"same rows, different order from row {first + 1}")
    return problems
