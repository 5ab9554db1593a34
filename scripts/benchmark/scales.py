"""The three scales: a PostgreSQL database each, the same data exported to SQLite, and the
pages of each that the benchmark asks for.

Every database is built from scratch (dropped and created again) unless `--reuse` is given
and the database already holds exactly the scale asked for. Only databases whose names start
with `perf_` are ever dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench-data"
PREFIX = "perf_"
SEED = 1
# A word of middling frequency (about 1.4 % of the synthetic provisions) and a frequent one
# (about 17 %); both stem alike in PostgreSQL's english configuration and FTS5's porter.
SEARCH_WORD = "sovereignty"
FREQUENT_WORD = "weapons"
BUILD_TIMEOUT = 1800  # seconds for one step of building a scale


@dataclass(frozen=True)
class Scale:
    name: str
    label: str
    # (instruments, provisions, categories) for generate_synthetic; None: the shipped corpus.
    synthetic: tuple[int, int, int] | None = None
    seed: int = SEED

    def database(self, prefix: str = PREFIX) -> str:
        return prefix + self.name

    @property
    def sqlite_file(self) -> Path:
        return DATA / f"{self.name}.sqlite3"

    @property
    def spec(self) -> str:
        """What the databases hold, to decide whether --reuse may keep them: the scale, and
        the code and fixtures the data is made from."""
        return json.dumps(
            {
                "scale": self.name,
                "synthetic": self.synthetic,
                "seed": self.seed,
                "sources": _sources_digest(),
            }
        )


def _sources_digest() -> str:
    digest = hashlib.sha256()
    sources = [ROOT / "gaps" / "synthetic.py", *sorted((ROOT / "fixtures").rglob("*.yaml"))]
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# The two synthetic scales share 200 instruments and 40 categories, so that their matrices
# have the same cells and differ only in the number of provisions behind them.
SCALES = {
    "shipped": Scale("shipped", "shipped corpus"),
    "10k": Scale("10k", "10,000 provisions", (200, 10_000, 40)),
    "100k": Scale("100k", "100,000 provisions", (200, 100_000, 40)),
}


@dataclass
class Targets:
    """The concrete pages and questions asked at one scale (chosen from its data)."""

    instrument: str
    instrument_provisions: int
    provision: str
    category: str
    level: str
    category_level_rows: int
    search_word: str = SEARCH_WORD
    frequent_word: str = FREQUENT_WORD


def pg_url(server: str, database: str) -> str:
    return f"{server.rstrip('/')}/{quote(database)}"


def _admin(server: str):
    connection = psycopg2.connect(pg_url(server, "postgres"))
    connection.autocommit = True
    return connection


def check_prefix(prefix: str) -> str:
    """Database names are `<prefix><scale>`; only such databases are ever dropped."""
    if not prefix.endswith("_") or not prefix.replace("_", "").isalnum() or prefix[0].isdigit():
        raise SystemExit(f"database prefix {prefix!r}: letters, digits and _, ending with _")
    return prefix


def _manage(args: list[str], database_url: str, label: str) -> None:
    """Run a manage.py command for a scale, its output indented under the benchmark's."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    command = [sys.executable, "manage.py", *args]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            print(f"    [{label}] {line.rstrip()}", flush=True)
        process.wait(timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        raise SystemExit(f"{' '.join(args)} took longer than {BUILD_TIMEOUT} s") from None
    if process.returncode:
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
                f"--seed={scale.seed}",
            ],
            database_url,
            label,
        )


def build_postgres(
    scale: Scale, server: str, reuse: bool, prefix: str = PREFIX
) -> tuple[str, str, float | None]:
    """Create and fill the scale's PostgreSQL database; returns its name, its URL and the
    build time (None when an existing database was kept)."""
    database = scale.database(check_prefix(prefix))
    url = pg_url(server, database)
    # psycopg2's `with connection` opens a transaction, where DROP DATABASE cannot run.
    admin = _admin(server)
    try:
        cursor = admin.cursor()
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database],
        )
        row = cursor.fetchone()
        if reuse and row is not None and row[0] == scale.spec:
            print(f"  PostgreSQL {database}: kept (--reuse)", flush=True)
            return database, url, None
        started = time.monotonic()
        print(f"  PostgreSQL {database}: building", flush=True)
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{database}"')
        # One core per server: a parallel query would borrow the load generator's core.
        cursor.execute(f'ALTER DATABASE "{database}" SET max_parallel_workers_per_gather = 0')
    finally:
        admin.close()
    _fill(scale, url, f"{scale.name} pg")
    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        cursor = connection.cursor()
        cursor.execute("VACUUM ANALYZE")
        # Recorded last: a half-built database is never mistaken for a finished one.
        cursor.execute(f'COMMENT ON DATABASE "{database}" IS %s', [scale.spec])
    finally:
        connection.close()
    return database, url, time.monotonic() - started


def _sqlite(path, **options) -> sqlite3.Connection:
    """A plain connection that, like Django's, knows REGEXP: VACUUM rebuilds the tables and
    checks their constraints, and one of them (a State's code) is a regular expression."""
    connection = sqlite3.connect(path, **options)
    connection.create_function(
        "REGEXP",
        2,
        lambda pattern, value: value is not None and re.search(pattern, value) is not None,
    )
    return connection


def build_sqlite(scale: Scale, reuse: bool) -> float | None:
    """The same data in SQLite for Datasette: the same commands, so the same primary keys."""
    marker = scale.sqlite_file.with_suffix(".json")
    if reuse and scale.sqlite_file.exists() and marker.exists():
        if marker.read_text() == scale.spec:
            print(f"  SQLite {scale.sqlite_file.name}: kept (--reuse)", flush=True)
            return None
    started = time.monotonic()
    print(f"  SQLite {scale.sqlite_file.name}: building", flush=True)
    DATA.mkdir(exist_ok=True)
    for path in (scale.sqlite_file, marker):
        path.unlink(missing_ok=True)
    _fill(scale, f"sqlite:///{scale.sqlite_file}", f"{scale.name} sqlite")
    with _sqlite(scale.sqlite_file) as connection:
        connection.execute("ANALYZE")  # statistics for SQLite's planner, as for PostgreSQL's
    connection.close()
    with _sqlite(scale.sqlite_file, isolation_level=None) as connection:
        connection.execute("VACUUM")
    connection.close()
    marker.write_text(scale.spec)
    return time.monotonic() - started


# The rows that must be identical in both databases, with their primary keys.
FINGERPRINT_QUERIES = {
    "provisions": "SELECT p.id, i.slug, p.slug, p.position FROM provisions_provision p "
    "JOIN instruments_instrument i ON i.id = p.instrument_id ORDER BY p.id",
    "assessments": "SELECT provision_id, category_id, level FROM gaps_coverage "
    "ORDER BY provision_id, category_id",
    "categories": "SELECT id, slug, position FROM gaps_threatcategory ORDER BY id",
    "instruments": "SELECT id, slug, position FROM instruments_instrument ORDER BY id",
}


def fingerprint(rows) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(repr(tuple(row)).encode())
        count += 1
    return count, digest.hexdigest()[:16]


def verify_export(scale: Scale, database_url: str) -> dict[str, int]:
    """Fail unless PostgreSQL and the SQLite export hold the same rows under the same keys."""
    counts = {}
    pg = psycopg2.connect(database_url)
    lite = sqlite3.connect(scale.sqlite_file)
    try:
        for name, sql in FINGERPRINT_QUERIES.items():
            with pg.cursor() as cursor:
                cursor.execute(sql)
                theirs = fingerprint(cursor)
            ours = fingerprint(lite.execute(sql))
            if theirs != ours:
                raise SystemExit(
                    f"{scale.name}: the SQLite export differs from PostgreSQL in {name} "
                    f"(PostgreSQL {theirs}, SQLite {ours}); the generator must be deterministic"
                )
            counts[name] = ours[0]
    finally:
        pg.close()
        lite.close()
    return counts


def choose_targets(database_url: str) -> Targets:
    """Pick, by fixed rules, the pages to measure at this scale.

    The instrument page: the published instrument whose provision count is nearest the
    median. The provision page: the middle provision of that instrument. The filter: the
    (category, level) pair assessed most often.
    """
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.slug, count(p.id) FROM instruments_instrument i "
            "JOIN provisions_provision p ON p.instrument_id = i.id WHERE i.published "
            "GROUP BY i.id ORDER BY count(p.id), i.position, i.slug"
        )
        sizes = cursor.fetchall()
        instrument, provisions = sizes[(len(sizes) - 1) // 2]
        cursor.execute(
            "SELECT p.slug FROM provisions_provision p JOIN instruments_instrument i "
            "ON i.id = p.instrument_id WHERE i.slug = %s ORDER BY p.position, p.id",
            [instrument],
        )
        slugs = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT k.slug, c.level, count(*) FROM gaps_coverage c "
            "JOIN gaps_threatcategory k ON k.id = c.category_id "
            "JOIN provisions_provision p ON p.id = c.provision_id "
            "JOIN instruments_instrument i ON i.id = p.instrument_id WHERE i.published "
            "GROUP BY k.slug, k.position, c.level ORDER BY count(*) DESC, k.position, c.level "
            "LIMIT 1"
        )
        category, level, rows = cursor.fetchone()
    connection.close()
    return Targets(
        instrument=instrument,
        instrument_provisions=provisions,
        provision=slugs[len(slugs) // 2],
        category=category,
        level=level,
        category_level_rows=rows,
    )


def describe(targets: Targets) -> dict:
    return asdict(targets)


def drop_postgres(database: str, server: str) -> None:
    """Drop a database the benchmark built (--drop: CI leaves nothing behind)."""
    check_prefix(database[: database.rindex("_") + 1])
    admin = _admin(server)
    try:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        admin.close()
