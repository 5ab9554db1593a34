"""What the benchmark measures: the scales and their data, the pages, and the peers they are
compared with (the stylesheet from nginx, the same questions put to Datasette).

Every database is built from scratch unless `--reuse` is given and it already holds exactly
the scale asked for; only databases named `<prefix><scale>` are ever dropped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench-data"
PREFIX = "perf_"
BUILD_TIMEOUT = 1800  # seconds for one step of building a scale
# A common word (about 17 % of the synthetic provisions) and a rare one: a word that occurs
# once in the shipped texts the generator draws from (about 0.4 % of the provisions). Both stem
# alike in PostgreSQL's english configuration and FTS5's porter, so Datasette can be asked too.
COMMON_WORD = "weapons"
RARE_WORD = "lithosphere"


@dataclass(frozen=True)
class Scale:
    name: str
    label: str
    synthetic: tuple[int, int, int] | None = None  # instruments, provisions, categories

    @property
    def sqlite_file(self) -> Path:
        return DATA / f"{self.name}.sqlite3"

    @property
    def spec(self) -> str:
        """What the databases hold, so that --reuse keeps only a database built from the same
        scale, generator and fixtures."""
        digest = hashlib.sha256()
        for path in [ROOT / "gaps" / "synthetic.py", *sorted((ROOT / "fixtures").rglob("*.yaml"))]:
            digest.update(path.read_bytes())
        return json.dumps(
            {
                "scale": self.name,
                "synthetic": self.synthetic,
                "seed": 1,
                "sources": digest.hexdigest()[:16],
            }
        )


# The synthetic scales share 200 instruments and 40 categories: the same matrix cells.
SCALES = {
    "shipped": Scale("shipped", "shipped corpus"),
    "10k": Scale("10k", "10,000 provisions", (200, 10_000, 40)),
    "100k": Scale("100k", "100,000 provisions", (200, 100_000, 40)),
}


def pg_url(server: str, database: str) -> str:
    return f"{server.rstrip('/')}/{quote(database)}"


def check_prefix(prefix: str) -> str:
    if not prefix.endswith("_") or not prefix.replace("_", "").isalnum() or prefix[0].isdigit():
        raise SystemExit(f"database prefix {prefix!r}: letters, digits and _, ending with _")
    return prefix


def _admin(server: str, sql: str, params: list | None = None):
    # autocommit: DROP and CREATE DATABASE cannot run in a transaction.
    connection = psycopg2.connect(pg_url(server, "postgres"), connect_timeout=10)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def _manage(args: list[str], database_url: str, label: str) -> None:
    """A manage.py command for a scale, its output indented under the benchmark's."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + BUILD_TIMEOUT
    for line in process.stdout:
        print(f"    [{label}] {line.rstrip()}", flush=True)
        if time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"manage.py {args[0]} took longer than {BUILD_TIMEOUT} s ({label})")
    if process.wait(timeout=60):
        raise SystemExit(f"manage.py {' '.join(args)} failed for {label}")


def _fill(scale: Scale, database_url: str, label: str) -> None:
    _manage(["migrate", "--noinput", "-v", "0"], database_url, label)
    if scale.synthetic is None:
        _manage(["load_corpus"], database_url, label)
    else:
        instruments, provisions, categories = scale.synthetic
        _manage(
            [
                "generate_synthetic",
                f"--instruments={instruments}",
                f"--provisions={provisions}",
                f"--categories={categories}",
                "--seed=1",
            ],
            database_url,
            label,
        )


def build_postgres(scale: Scale, server: str, reuse: bool, prefix: str) -> tuple[str, str]:
    """Create and fill the scale's PostgreSQL database; returns its name and URL."""
    database = check_prefix(prefix) + scale.name
    url = pg_url(server, database)
    row = _admin(
        server,
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [database],
    )
    if reuse and row is not None and row[0] == scale.spec:
        print(f"  PostgreSQL {database}: kept (--reuse)", flush=True)
        return database, url
    print(f"  PostgreSQL {database}: building", flush=True)
    _admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _admin(server, f'CREATE DATABASE "{database}"')
    # One core per server: a parallel query would borrow the load generator's core.
    _admin(server, f'ALTER DATABASE "{database}" SET max_parallel_workers_per_gather = 0')
    _fill(scale, url, f"{scale.name} pg")
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        # Recorded last: a half-built database is never mistaken for a finished one.
        cursor.execute(f'COMMENT ON DATABASE "{database}" IS %s', [scale.spec])
    connection.close()
    return database, url


def drop_postgres(database: str, server: str) -> None:
    _admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _sqlite(path: Path, **options) -> sqlite3.Connection:
    """A connection that, like Django's, knows REGEXP: VACUUM checks a State code by one."""
    connection = sqlite3.connect(path, **options)
    connection.create_function(
        "REGEXP",
        2,
        lambda pattern, value: value is not None and re.search(pattern, value) is not None,
    )
    return connection


def build_sqlite(scale: Scale, reuse: bool) -> None:
    """The same data in SQLite for Datasette: the same commands, so the same primary keys."""
    marker = scale.sqlite_file.with_suffix(".json")
    if (
        reuse
        and scale.sqlite_file.exists()
        and marker.exists()
        and marker.read_text() == scale.spec
    ):
        print(f"  SQLite {scale.sqlite_file.name}: kept (--reuse)", flush=True)
        return
    print(f"  SQLite {scale.sqlite_file.name}: building", flush=True)
    for path in (scale.sqlite_file, marker):
        path.unlink(missing_ok=True)
    _fill(scale, f"sqlite:///{scale.sqlite_file}", f"{scale.name} sqlite")
    connection = _sqlite(scale.sqlite_file, isolation_level=None)
    connection.execute("ANALYZE")  # statistics for SQLite's planner, as for PostgreSQL's
    connection.execute("VACUUM")
    connection.close()
    marker.write_text(scale.spec)


@dataclass
class Targets:
    """The concrete pages asked for at one scale, chosen from its data by fixed rules."""

    instrument: str  # the published instrument with the median number of provisions
    instrument_provisions: int
    provision: str  # the middle provision of that instrument
    category: str  # the (category, level) pair assessed most often
    level: str
    category_level_rows: int
    counts: dict  # rows per table
    rare_word: str = RARE_WORD  # searched for, and asked of Datasette
    extra_paths: tuple[str, ...] = ()  # distinct pages for the memory run


def choose_targets(database_url: str) -> Targets:
    def rows(sql: str, params: list | None = None) -> list[tuple]:
        cursor.execute(sql, params)
        return cursor.fetchall()

    connection = psycopg2.connect(database_url)
    with connection.cursor() as cursor:
        sizes = rows(
            "SELECT i.slug, count(p.id) FROM instruments_instrument i JOIN "
            "provisions_provision p ON p.instrument_id = i.id WHERE i.published "
            "GROUP BY i.id ORDER BY count(p.id), i.position, i.slug"
        )
        instrument, size = sizes[(len(sizes) - 1) // 2]
        slugs = rows(
            "SELECT p.slug FROM provisions_provision p JOIN instruments_instrument i "
            "ON i.id = p.instrument_id WHERE i.slug = %s ORDER BY p.position, p.id",
            [instrument],
        )
        (category, level, pair_rows), *_ = rows(
            "SELECT k.slug, c.level, count(*) FROM gaps_coverage c JOIN gaps_threatcategory k "
            "ON k.id = c.category_id JOIN provisions_provision p ON p.id = c.provision_id "
            "JOIN instruments_instrument i ON i.id = p.instrument_id WHERE i.published "
            "GROUP BY k.slug, k.position, c.level ORDER BY count(*) DESC, k.position, c.level "
            "LIMIT 1"
        )
        tables = {
            "instruments": "instruments_instrument",
            "provisions": "provisions_provision",
            "categories": "gaps_threatcategory",
            "assessments": "gaps_coverage",
        }
        counts = {
            name: rows(f"SELECT count(*) FROM {table}")[0][0] for name, table in tables.items()
        }
        extra = [
            f"/instruments/{i}/{p}/"
            for i, p in rows(
                "SELECT i.slug, p.slug FROM provisions_provision p JOIN instruments_instrument i "
                "ON i.id = p.instrument_id WHERE i.published ORDER BY p.id LIMIT 400"
            )
        ]
        extra += [
            f"/instruments/{i}/"
            for (i,) in rows(
                "SELECT slug FROM instruments_instrument WHERE published ORDER BY id LIMIT 100"
            )
        ]
        extra += [
            f"/api/provisions.json?category={k}&page_size=50"
            for (k,) in rows("SELECT slug FROM gaps_threatcategory ORDER BY id LIMIT 40")
        ]
    connection.close()
    return Targets(
        instrument,
        size,
        slugs[len(slugs) // 2][0],
        category,
        level,
        pair_rows,
        counts,
        extra_paths=tuple(extra),
    )


# The pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    server: str = "computed"  # "computed" (caches off), "cached", "nginx" or "datasette"
    question: str | None = None  # the Datasette question asked right after it, if any


def pages(targets: Targets, static_path: str) -> list[Page]:
    """Every page measured, in the order measured."""
    chosen = urlencode({"category": targets.category, "level": targets.level})
    return [
        Page("static", "stylesheet, WhiteNoise", static_path, "cached"),
        Page("static_nginx", "stylesheet, nginx", static_path, "nginx"),
        Page("matrix_cached", "matrix `/`, repeated (page cache)", "/", "cached"),
        Page("matrix", "matrix `/`", "/"),
        Page("list_html", "provision list with facets", "/provisions/"),
        Page(
            "filter_html",
            "filtered list with facets",
            f"/provisions/?{chosen}",
            question="filter_html",
        ),
        Page(
            "filter_json",
            "filter JSON, 50 a page",
            f"/api/provisions.json?{chosen}&page_size=50",
            question="filter_json",
        ),
        # In instrument order, as Datasette is asked: a search is otherwise by relevance.
        Page(
            "search_rare",
            f"search JSON, rare `{targets.rare_word}`",
            f"/api/provisions.json?q={targets.rare_word}&sort=instrument&page_size=50",
            question="search_json",
        ),
        Page(
            "search_common",
            f"search JSON, common `{COMMON_WORD}`",
            f"/api/provisions.json?q={COMMON_WORD}&page_size=50",
        ),
        Page(
            "provision",
            "provision page",
            f"/instruments/{targets.instrument}/{targets.provision}/",
            "cached",
        ),
        Page(
            "instrument",
            f"instrument page ({targets.instrument_provisions} provisions)",
            f"/instruments/{targets.instrument}/",
            "cached",
        ),
    ]


def cached_paths(page_list: list[Page]) -> list[str]:
    """The pages the page cache answers, for the cached run under load."""
    return [p.path for p in page_list if p.server == "computed"]


# Datasette ------------------------------------------------------------------------------------
# Each question is written as one would write it by hand for SQLite, with the application's
# joins, filter, ordering, page size and fields: the page is chosen first, then topics,
# assessments and (for the search) the excerpt are added for those rows only.

# The application's instrument order (instruments.models.display_order), then the provisions'.
_ORDER = "i.status_group, i.adopted_on IS NULL, i.adopted_on, i.position, i.slug, p.position, p.id"
_FROM = "provisions_provision p JOIN instruments_instrument i ON i.id = p.instrument_id"
_FILTER = (
    "i.published = 1 AND EXISTS (SELECT 1 FROM gaps_coverage c JOIN gaps_threatcategory k "
    "ON k.id = c.category_id WHERE c.provision_id = p.id AND k.slug = :category "
    "AND c.level = :level)"
)
_SEARCH = (
    "i.published = 1 AND p.id IN (SELECT rowid FROM provisions_provision_fts "
    "WHERE provisions_provision_fts MATCH :q)"
)
_EXTRAS = (
    "(SELECT group_concat(t.slug, ';') FROM provisions_provision_topics pt JOIN provisions_topic t "
    "ON t.id = pt.topic_id WHERE pt.provision_id = page.id) AS topics, "
    "(SELECT group_concat(k.slug || ':' || c.level, ';') FROM gaps_coverage c "
    "JOIN gaps_threatcategory k ON k.id = c.category_id WHERE c.provision_id = page.id) AS coverage"
)
_HEADLINE = (
    ", (SELECT snippet(provisions_provision_fts, 2, '<mark>', '</mark>', '…', 24) "
    "FROM provisions_provision_fts WHERE provisions_provision_fts MATCH :q "
    "AND rowid = page.id) AS headline"
)


def _page_sql(where: str, limit: int, headline: bool) -> str:
    return (
        "WITH page AS (SELECT p.id, i.slug || '/' || p.slug AS key, i.slug AS instrument, "
        "p.slug, p.label, p.heading, p.text, p.provenance, i.status_group AS i_group, "
        "i.adopted_on AS i_adopted, i.position AS i_position, i.slug AS i_slug, "
        f"p.position AS p_position FROM {_FROM} WHERE {where} "
        f"ORDER BY {_ORDER} LIMIT {limit}) SELECT page.id, page.key, page.instrument, page.slug, "
        f"page.label, page.heading, page.text, page.provenance, {_EXTRAS}"
        f"{_HEADLINE if headline else ''}, (SELECT count(*) FROM {_FROM} WHERE {where}) AS total "
        "FROM page ORDER BY page.i_group, page.i_adopted IS NULL, page.i_adopted, page.i_position, "
        "page.i_slug, page.p_position, page.id"
    )


def _all_keys_sql(where: str) -> str:
    return (
        "SELECT count(*) AS n, group_concat(key, ' ') AS keys FROM (SELECT i.slug || '/' || "
        f"p.slug AS key FROM {_FROM} WHERE {where} ORDER BY {_ORDER})"
    )


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    path: str  # on Datasette
    all_keys_path: str  # every matching row's key, in order, in one row
    ours_all_keys_path: str  # the application's whole answer (CSV)


def questions(targets: Targets, database: str) -> list[Question]:
    chosen = {"category": targets.category, "level": targets.level}
    search = {"q": '"' + targets.rare_word + '"'}  # the FTS5 phrase the application's search builds

    def url(sql: str, params: dict, fmt: str = ".json") -> str:
        return f"/{database}{fmt}?" + urlencode({"sql": sql, **params})

    ours_filter = "/api/provisions.csv?" + urlencode(chosen)
    ours_search = "/api/provisions.csv?" + urlencode({"q": targets.rare_word, "sort": "instrument"})
    return [
        Question(
            "filter_json",
            "filter JSON, 50 rows",
            url(_page_sql(_FILTER, 50, False), chosen),
            url(_all_keys_sql(_FILTER), chosen),
            ours_filter,
        ),
        Question(
            "search_json",
            f"search `{targets.rare_word}` JSON, 50 rows",
            url(_page_sql(_SEARCH, 50, True), search),
            url(_all_keys_sql(_SEARCH), search),
            ours_search,
        ),
        Question(
            "filter_html",
            "filtered HTML table, 25 rows",
            url(_page_sql(_FILTER, 25, False), chosen, ""),
            url(_all_keys_sql(_FILTER), chosen),
            ours_filter,
        ),
    ]


_OUR_ROW_LINK = re.compile(rb'<h3><a href="/instruments/([^/"]+)/([^/"]+)/"')
_DATASETTE_KEY_CELL = re.compile(rb'<td class="col-key[^"]*">([^<]*)</td>')


def json_keys(body: bytes) -> tuple[list[str], int]:
    """The rows' keys and the total, from the application's JSON or Datasette's."""
    data = json.loads(body)
    if "results" in data:
        return [f"{row['instrument']}/{row['slug']}" for row in data["results"]], data["count"]
    rows = [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]
    return [row["key"] for row in rows], rows[0]["total"] if rows else 0


def keys_from_our_html(body: bytes) -> list[str]:
    """The rows of the provision list, from its list of results only."""
    results = body.split(b'<ol class="results-list"', 1)[-1].split(b"</ol>", 1)[0]
    return [f"{i.decode()}/{p.decode()}" for i, p in _OUR_ROW_LINK.findall(results)]


def keys_from_our_csv(body: bytes) -> list[str]:
    return [f"{r['instrument']}/{r['slug']}" for r in csv.DictReader(io.StringIO(body.decode()))]


def keys_from_datasette_html(body: bytes) -> list[str]:
    return [key.decode() for key in _DATASETTE_KEY_CELL.findall(body)]


def all_keys_from_datasette(body: bytes) -> list[str]:
    count, keys = json.loads(body)["rows"][0]
    return (keys or "").split() if count else []


def differences(ours: list[str], theirs: list[str]) -> list[str]:
    """Why two answers differ (empty when they hold the same rows in the same order)."""
    if ours == theirs:
        return []
    only_ours = [key for key in ours if key not in set(theirs)]
    only_theirs = [key for key in theirs if key not in set(ours)]
    problems = [f"{len(ours)} rows against {len(theirs)}"] if len(ours) != len(theirs) else []
    if only_ours:
        problems.append(f"only in the application: {', '.join(only_ours[:5])}")
    if only_theirs:
        problems.append(f"only in Datasette: {', '.join(only_theirs[:5])}")
    if not problems:
        first = next(n for n, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b)
        problems.append(f"same rows, different order from row {first + 1}")
    return problems


def compare(question: Question, page: Page, ours: Callable, theirs: Callable) -> dict:
    """Stop loudly unless the application and Datasette give the same rows in the same order,
    on the page and in the whole result; `ours` and `theirs` GET a path from each."""
    (status, our_body), (their_status, their_body) = ours(page.path), theirs(question.path)
    if status != 200 or their_status != 200:
        raise SystemExit(f"{question.label}: {status} here, {their_status} from Datasette")
    if question.key.endswith("_html"):
        mine, other = keys_from_our_html(our_body), keys_from_datasette_html(their_body)
    else:
        (mine, my_total), (other, total) = map(json_keys, (our_body, their_body))
        if my_total != total:
            raise SystemExit(f"{question.label}: {my_total} results here, {total} in Datasette")
    all_mine = keys_from_our_csv(ours(question.ours_all_keys_path)[1])
    all_other = all_keys_from_datasette(theirs(question.all_keys_path)[1])
    on_page, in_all = differences(mine, other), differences(all_mine, all_other)
    if on_page or in_all:
        raise SystemExit(
            f"DIFFERENT ROWS for {question.label}: on the page: "
            f"{on_page or 'same'}; in the whole result: {in_all or 'same'}"
        )
    print(
        f"    same rows in the same order as Datasette: {len(mine)} on the page, "
        f"{len(all_mine)} in all ({question.label})",
        flush=True,
    )
    return {"label": question.label, "rows": len(mine), "total": len(all_mine)}


def describe(targets: Targets) -> dict:
    return {k: v for k, v in asdict(targets).items() if k != "extra_paths"}
