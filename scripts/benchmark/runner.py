"""One scale of the benchmark: build it, count queries, start the servers, measure, compare.

Three servers run side by side, all pinned to the same core and idle unless measured: the
application with its caches (`make serve`), the application with the matrix and page caches
off (MATRIX_CACHE=0 PAGE_CACHE=0), and Datasette. Each page is measured on the first (when
the page cache may answer it: a repeated question) and on the second (computed); each
question put to Datasette is measured right after the application's answers to it, so that
the ratio compares figures taken a few seconds apart on this shared machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from loadtest import free_port

from . import pages as pages_module
from . import servers
from .measure import Timing, get, measure
from .scales import (
    DATA,
    ROOT,
    SCALES,
    Targets,
    build_postgres,
    build_sqlite,
    choose_targets,
    describe,
    pg_url,
    verify_export,
)

BENCH_VENV = ROOT / ".venv-bench"


class Clock:
    """The run's time limit: every step checks it, so no run goes on for ever."""

    def __init__(self, minutes: float) -> None:
        self.started = time.monotonic()
        self.limit = minutes * 60

    def check(self, step: str) -> None:
        if time.monotonic() - self.started > self.limit:
            raise SystemExit(f"time limit of {self.limit / 60:.0f} min reached before {step}")

    @property
    def minutes(self) -> float:
        return (time.monotonic() - self.started) / 60


def static_path() -> str:
    """The hashed name of site.css in the manifest that `make serve`'s collectstatic wrote."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def count_queries(database_url: str, page_list: list[pages_module.Page]) -> dict:
    """Each page's queries, counted in-process by scripts/benchmark/queries.py."""
    payload = [{"key": p.key, "path": p.path, "cached": p.cached} for p in page_list]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "0",
    }
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark" / "queries.py"), json.dumps(payload)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if completed.returncode:
        raise SystemExit(f"counting queries failed:\n{completed.stderr[-3000:]}")
    counts = json.loads(completed.stdout.strip().splitlines()[-1])
    for page in page_list:
        for variant in counts[page.key].values():
            if variant is not None and variant["status"] != 200:
                raise SystemExit(f"{page.path} answered {variant['status']} in-process")
    return counts


class Session:
    """The measurements of one scale, with its servers."""

    def __init__(self, args, clock: Clock, name: str) -> None:
        self.args, self.clock, self.name = args, clock, name
        self.profile_dir = DATA / "profiles"

    def timing(self, server: servers.Server, path: str, what: str) -> Timing:
        self.clock.check(f"{self.name}: {what}")
        if server.database is not None and not self.args.no_pin_db:
            servers.pin_database_sessions(server, pg_url(self.args.database_server, "postgres"))
        profiler = self._profiler(server, what)
        servers.pin_self(servers.CLIENT_CORE)
        try:
            args = self.args
            return measure(server.port, path, args.latency_seconds, args.seconds, args.concurrency)
        finally:
            servers.pin_self(None)
            if profiler is not None:
                profiler.wait(timeout=self.args.seconds + self.args.latency_seconds + 60)

    def say(self, what: str, timing: Timing, queries: int | None = None) -> None:
        counted = f"{queries} queries, " if queries is not None else ""
        print(
            f"  [{self.name}] {what}: {counted}p50 {timing.p50_ms} ms, p95 {timing.p95_ms} ms, "
            f"{timing.rps} req/s",
            flush=True,
        )

    def _profiler(self, server: servers.Server, what: str):
        if not self.args.profile:
            return None
        workers = servers.gunicorn_workers(server)
        spy = BENCH_VENV / "bin" / "py-spy"
        if not workers or not spy.exists():
            return None
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        slug = "".join(c if c.isalnum() else "-" for c in what.lower()).strip("-")
        # Collapsed stacks: one line per distinct stack with its number of samples, readable
        # as text and by flame graph tools (flamegraph.pl, speedscope.app).
        output = self.profile_dir / f"{self.name}-{slug}.txt"
        duration = int(self.args.latency_seconds + self.args.seconds + 2)
        return subprocess.Popen(
            [
                str(spy),
                "record",
                "--format",
                "raw",
                "-p",
                str(workers[0]),
                "-d",
                str(duration),
                "-o",
                str(output),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _peak_kb(server: servers.Server) -> int | None:
    peaks = [servers.status_kb(pid, "VmHWM") for pid in servers.gunicorn_workers(server)]
    return max((kb for kb in peaks if kb), default=None)


def _row_counts(database_url: str) -> dict:
    import psycopg2

    tables = {
        "instruments": "instruments_instrument",
        "provisions": "provisions_provision",
        "categories": "gaps_threatcategory",
        "assessments": "gaps_coverage",
    }
    connection = psycopg2.connect(database_url)
    try:
        counts = {}
        with connection.cursor() as cursor:
            for name, table in tables.items():
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[name] = cursor.fetchone()[0]
    finally:
        connection.close()
    return counts


def compare_answers(question, page: pages_module.Page, ours_port: int, theirs_port: int) -> dict:
    """Fail loudly unless the application and Datasette give the same rows, in order."""
    status, ours_body = get(ours_port, page.path)
    status_theirs, theirs_body = get(theirs_port, question.path)
    if status != 200 or status_theirs != 200:
        raise SystemExit(
            f"{question.label}: the application answered {status}, Datasette {status_theirs}: "
            f"{theirs_body[:500]!r}"
        )
    if question.key.endswith("_html"):
        ours = pages_module.keys_from_our_html(ours_body)
        theirs = pages_module.keys_from_datasette_html(theirs_body)
    else:
        ours, ours_total = pages_module.keys_from_our_json(ours_body)
        theirs, total = pages_module.keys_from_datasette_json(theirs_body)
        if ours_total != total:
            raise SystemExit(f"{question.label}: {ours_total} results here, {total} in Datasette")
    on_page = pages_module.differences(ours, theirs)
    _, ours_all = get(ours_port, question.ours_all_keys_path, timeout=300)
    _, theirs_all = get(theirs_port, question.all_keys_path, timeout=300)
    all_ours = pages_module.keys_from_our_csv(ours_all)
    in_all = pages_module.differences(all_ours, pages_module.all_keys_from_datasette(theirs_all))
    if on_page or in_all:
        raise SystemExit(
            f"DIFFERENT ROWS for {question.label}: on the page: {on_page or 'same'}; "
            f"in the whole result: {in_all or 'same'}"
        )
    print(
        f"    same rows in the same order: {len(ours)} on the page, {len(all_ours)} in all "
        f"({question.label})",
        flush=True,
    )
    return {"rows": len(ours), "total": len(all_ours)}


def _build(args, clock: Clock, name: str, datasette: Path | None) -> tuple[str, dict]:
    scale = SCALES[name]
    database_url, pg_seconds = build_postgres(scale, args.database_server, args.reuse)
    clock.check(f"{name}: SQLite export")
    sqlite_seconds = None
    if datasette is not None:
        sqlite_seconds = build_sqlite(scale, args.reuse)
        counts = verify_export(scale, database_url)
        print(f"  SQLite export matches PostgreSQL row for row: {counts}", flush=True)
    return database_url, {"postgres": pg_seconds, "sqlite": sqlite_seconds}


def run_scale(args, clock: Clock, name: str, datasette: Path | None) -> dict:
    scale = SCALES[name]
    print(f"\n== Scale {name}: {scale.label}", flush=True)
    database_url, build_seconds = _build(args, clock, name, datasette)
    targets: Targets = choose_targets(database_url)
    print(f"  pages chosen: {describe(targets)}", flush=True)
    session = Session(args, clock, name)
    started: list[servers.Server] = []
    try:
        cached = servers.start_app(
            free_port(), database_url, scale.database, DATA / f"server-{name}.log", {}
        )
        started.append(cached)
        computed = servers.start_app(
            free_port(),
            database_url,
            scale.database,
            DATA / f"server-{name}-uncached.log",
            {"MATRIX_CACHE": "0", "PAGE_CACHE": "0"},
        )
        started.append(computed)
        page_list = pages_module.pages(targets, static_path())
        counts = count_queries(database_url, page_list)
        theirs = None
        questions = {}
        if datasette is not None:
            theirs = servers.start_datasette(
                datasette, scale.sqlite_file, DATA / f"datasette-{name}.log"
            )
            started.append(theirs)
            questions = {q.key: q for q in pages_module.questions(targets, scale.sqlite_file.stem)}
        results, answers = {}, {}
        for page in page_list:
            results[page.key] = _measure_page(session, page, counts[page.key], cached, computed)
            question = questions.get(page.question or "")
            if question is not None and theirs is not None:
                answers[question.key] = compare_answers(question, page, cached.port, theirs.port)
                timing = session.timing(theirs, question.path, f"Datasette, {question.label}")
                session.say(f"Datasette, {question.label}", timing)
                answers[question.key].update(label=question.label, path=question.path)
                answers[question.key].update(timing.__dict__)
        # The static file again at the end: the machine's load may have changed meanwhile.
        again = session.timing(cached, results[pages_module.STATIC]["path"], "static file again")
        session.say("static file again", again)
        results[pages_module.STATIC]["computed_again"] = again.__dict__
        memory = {"server": _peak_kb(cached), "uncached server": _peak_kb(computed)}
    finally:
        for server in started:
            server.stop()
    return {
        "label": scale.label,
        "counts": _row_counts(database_url),
        "build_seconds": build_seconds,
        "targets": describe(targets),
        "matrix_cells": counts["matrix_cells"],
        "matrix_columns": counts["matrix_columns"],
        "matrix_rows": counts["matrix_rows"],
        "pages": results,
        "datasette": answers,
        "memory_kb": memory,
    }


def _measure_page(session: Session, page, counts: dict, cached, computed) -> dict:
    """The page computed (on the server without caches) and, if cacheable, repeated."""
    result: dict = {"label": page.label, "path": page.path, "cached": None}
    if page.cached:
        timing = session.timing(cached, page.path, f"{page.label}, repeated")
        session.say(f"{page.label}, repeated", timing, counts["cached"]["queries"])
        result["cached"] = {**timing.__dict__, "queries": counts["cached"]["queries"]}
    # Pages the page cache never answers are computed on either server: use the first.
    timing = session.timing(computed if page.cached else cached, page.path, page.label)
    queries = counts["computed"]["queries"] if page.key != pages_module.STATIC else None
    session.say(f"{page.label}{', computed' if page.cached else ''}", timing, queries)
    result["computed"] = {**timing.__dict__, "queries": queries}
    return result
