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
from dataclasses import dataclass, field
from pathlib import Path

from loadtest import free_port

from . import pages as pages_module
from . import servers
from .measure import get, latency, median_rps, throughput
from .scales import (
    DATA,
    ROOT,
    SCALES,
    Targets,
    build_postgres,
    build_sqlite,
    choose_targets,
    describe,
    drop_postgres,
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


@dataclass
class Item:
    """One URL on one server: its latency, then its throughput in each round."""

    label: str
    server: servers.Server
    path: str
    figures: dict  # filled in: p50_ms, p95_ms, ..., rps, rps_rounds
    queries: int | None = None
    rounds: list[float] = field(default_factory=list)


class Session:
    """The measurements of one scale, with its servers."""

    def __init__(self, args, clock: Clock, name: str) -> None:
        self.args, self.clock, self.name = args, clock, name
        self.profile_dir = DATA / "profiles"

    def _pin(self, item: Item) -> None:
        if item.server.database is not None and not self.args.no_pin_db:
            servers.pin_database_sessions(
                item.server, pg_url(self.args.database_server, "postgres")
            )

    def latencies(self, items: list[Item]) -> None:
        for number, item in enumerate(items, start=1):
            self.clock.check(f"{self.name}: {item.label}")
            self._pin(item)
            profiler = self._profiler(item)
            servers.pin_self(servers.CLIENT_CORE)
            try:
                measured = latency(item.server.port, item.path, self.args.latency_seconds)
            finally:
                servers.pin_self(None)
                if profiler is not None:
                    profiler.wait(timeout=self.args.latency_seconds + 60)
            item.figures.update(measured.__dict__, queries=item.queries)
            counted = f"{item.queries} queries, " if item.queries is not None else ""
            print(
                f"  [{self.name}] {number}/{len(items)} {item.label}: {counted}"
                f"p50 {measured.p50_ms} ms, p95 {measured.p95_ms} ms",
                flush=True,
            )

    def throughputs(self, items: list[Item]) -> None:
        """Every item's throughput, in rounds that each visit every item once."""
        rounds = self.args.rounds
        for number in range(1, rounds + 1):
            self.clock.check(f"{self.name}: throughput round {number}")
            for item in items:
                self._pin(item)
                servers.pin_self(servers.CLIENT_CORE)
                try:
                    item.rounds.append(
                        throughput(
                            item.server.port,
                            item.path,
                            self.args.seconds / rounds,
                            self.args.concurrency,
                        )
                    )
                finally:
                    servers.pin_self(None)
            print(f"  [{self.name}] throughput round {number}/{rounds} done", flush=True)
        for item in items:
            item.figures.update(
                rps=median_rps(item.rounds),
                rps_rounds=[round(rps, 1) for rps in item.rounds],
                concurrency=self.args.concurrency,
            )
            print(f"  [{self.name}] {item.label}: {item.figures['rps']} req/s", flush=True)

    def _profiler(self, item: Item):
        if not self.args.profile:
            return None
        workers = servers.gunicorn_workers(item.server)
        spy = BENCH_VENV / "bin" / "py-spy"
        if not workers or not spy.exists():
            return None
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        slug = "".join(c if c.isalnum() else "-" for c in item.label.lower()).strip("-")
        # Collapsed stacks: one line per distinct stack with its number of samples, readable
        # as text and by flame graph tools (flamegraph.pl, speedscope.app).
        output = self.profile_dir / f"{self.name}-{slug}.txt"
        duration = int(self.args.latency_seconds + 1)
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


def _build(args, clock: Clock, name: str, datasette: Path | None) -> tuple[str, str, dict]:
    scale = SCALES[name]
    database, database_url, pg_seconds = build_postgres(
        scale, args.database_server, args.reuse, args.database_prefix
    )
    clock.check(f"{name}: SQLite export")
    sqlite_seconds = None
    if datasette is not None:
        sqlite_seconds = build_sqlite(scale, args.reuse)
        counts = verify_export(scale, database_url)
        print(f"  SQLite export matches PostgreSQL row for row: {counts}", flush=True)
    return database, database_url, {"postgres": pg_seconds, "sqlite": sqlite_seconds}


def run_scale(args, clock: Clock, name: str, datasette: Path | None) -> dict:
    scale = SCALES[name]
    print(f"\n== Scale {name}: {scale.label}", flush=True)
    database, database_url, build_seconds = _build(args, clock, name, datasette)
    targets: Targets = choose_targets(database_url)
    print(f"  pages chosen: {describe(targets)}", flush=True)
    session = Session(args, clock, name)
    started: list[servers.Server] = []
    try:
        cached = servers.start_app(
            free_port(), database_url, database, DATA / f"server-{name}.log", {}
        )
        started.append(cached)
        computed = servers.start_app(
            free_port(),
            database_url,
            database,
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
        results, answers, items = {}, {}, []
        for page in page_list:
            results[page.key] = result = {"label": page.label, "path": page.path}
            result["cached"] = result["computed"] = None
            if page.cached:
                result["cached"] = {"in_process": counts[page.key]["cached"]}
                items.append(
                    Item(
                        f"{page.label}, repeated",
                        cached,
                        page.path,
                        result["cached"],
                        counts[page.key]["cached"]["queries"],
                    )
                )
            # Pages the page cache never answers are computed on either server: the first.
            result["computed"] = {"in_process": counts[page.key]["computed"]}
            items.append(
                Item(
                    f"{page.label}, computed" if page.cached else page.label,
                    computed if page.cached else cached,
                    page.path,
                    result["computed"],
                    counts[page.key]["computed"]["queries"] if page.key != "static" else None,
                )
            )
            question = questions.get(page.question or "")
            if question is not None and theirs is not None:
                answers[question.key] = compare_answers(question, page, cached.port, theirs.port)
                answers[question.key].update(label=question.label, path=question.path)
                items.append(
                    Item(
                        f"Datasette, {question.label}", theirs, question.path, answers[question.key]
                    )
                )
        session.latencies(items)
        session.throughputs(items)
        memory = {"server": _peak_kb(cached), "uncached server": _peak_kb(computed)}
        row_counts = _row_counts(database_url)
    finally:
        for server in started:
            server.stop()
        if args.drop:
            drop_postgres(database, args.database_server)
            scale.sqlite_file.unlink(missing_ok=True)
            scale.sqlite_file.with_suffix(".json").unlink(missing_ok=True)
    return {
        "label": scale.label,
        "counts": row_counts,
        "build_seconds": build_seconds,
        "targets": describe(targets),
        "matrix_cells": counts["matrix_cells"],
        "matrix_columns": counts["matrix_columns"],
        "matrix_rows": counts["matrix_rows"],
        "pages": results,
        "datasette": answers,
        "memory_kb": memory,
    }
