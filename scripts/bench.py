"""The benchmark: three scales on PostgreSQL, against a static file and Datasette.

    make bench                          # everything (about 20 minutes), writes docs/benchmarks.md
    make bench BENCH_ARGS=--smoke       # the shipped corpus only, about a second per page (CI)
    python scripts/bench.py --scales 10k --reuse --no-docs   # one scale, keeping its databases

For each scale it builds a PostgreSQL database (perf_<scale>) and the same data in SQLite
(bench-data/<scale>.sqlite3), counts each page's SQL queries in-process, and starts three
servers pinned to core 0: `make serve` with one worker (its PostgreSQL session pinned too),
the same with the matrix and page caches off, and Datasette. From core 1 it measures each
page's latency and throughput, computed and (where the page cache may answer) repeated, a
static file from the same server, and Datasette on the same questions after checking that
both answer with the same rows. Loopback only; every step is bounded in time; the figures go
to bench-data/results.json and into docs/benchmarks.md (see benchmark/ for the parts).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from benchmark import report, servers
from benchmark.runner import BENCH_VENV, Clock, run_scale
from benchmark.scales import DATA, PREFIX, ROOT, SCALES, check_prefix, pg_url

DOCS = ROOT / "docs" / "benchmarks.md"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="Shipped scale, short runs (CI).")
    parser.add_argument(
        "--scales", default="shipped,10k,100k", help="Comma-separated: shipped, 10k, 100k."
    )
    parser.add_argument("--reuse", action="store_true", help="Keep databases already built.")
    parser.add_argument(
        "--database-prefix",
        default=os.environ.get("BENCH_DATABASE_PREFIX", PREFIX),
        help=f"PostgreSQL databases are <prefix><scale> (default {PREFIX}); only such are dropped.",
    )
    parser.add_argument(
        "--drop", action="store_true", help="Drop each scale's databases when it is measured."
    )
    parser.add_argument(
        "--database-server",
        default=os.environ.get("BENCH_DATABASE_SERVER", DEFAULT_SERVER),
        help="PostgreSQL server URL without a database name (BENCH_DATABASE_SERVER).",
    )
    parser.add_argument("--seconds", type=float, help="Throughput run per page (default 8).")
    parser.add_argument(
        "--latency-seconds", type=float, help="Sequential latency run per page (default 5)."
    )
    parser.add_argument("--concurrency", type=int, default=4, help="Connections under load.")
    parser.add_argument(
        "--rounds", type=int, help="Throughput rounds over all pages (default 4; smoke 2)."
    )
    parser.add_argument("--no-datasette", action="store_true", help="Skip the Datasette part.")
    parser.add_argument(
        "--no-pin-db", action="store_true", help="Leave the PostgreSQL sessions unpinned."
    )
    parser.add_argument(
        "--profile", action="store_true", help="py-spy stacks per page (bench-data/profiles/)."
    )
    parser.add_argument("--max-minutes", type=float, default=90, help="Abort after this long.")
    parser.add_argument("--no-docs", action="store_true", help="Do not touch docs/benchmarks.md.")
    parser.add_argument("--report-only", type=Path, help="Rewrite the docs from a results file.")
    args = parser.parse_args(argv)
    if args.smoke:
        args.scales = "shipped"
    args.seconds = args.seconds or (1.0 if args.smoke else 8.0)
    args.latency_seconds = args.latency_seconds or (0.5 if args.smoke else 5.0)
    args.rounds = max(1, args.rounds or (2 if args.smoke else 4))
    args.scale_names = [name.strip() for name in args.scales.split(",") if name.strip()]
    unknown = set(args.scale_names) - set(SCALES)
    if unknown:
        parser.error(f"unknown scales: {', '.join(sorted(unknown))}")
    check_prefix(args.database_prefix)
    if not servers.is_loopback_url(args.database_server):
        parser.error("the benchmark only runs against a PostgreSQL server on this machine")
    return args


# Machine and versions -----------------------------------------------------------------------


def _run(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or "?",
    )
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = next((int(line.split()[1]) for line in meminfo.splitlines() if "MemTotal" in line), 0)
    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "ram_gb": total / 1024 / 1024,
        "load_before": ", ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


def versions(database_server: str, datasette: Path | None) -> dict:
    from importlib.metadata import version

    import psycopg2

    connection = psycopg2.connect(pg_url(database_server, "postgres"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0].split()[0]
    finally:
        connection.close()
    found = {
        "Python": platform.python_version(),
        "Django": version("django"),
        "PostgreSQL": postgres,
        "psycopg2": version("psycopg2-binary"),
        "gunicorn": version("gunicorn"),
        "WhiteNoise": version("whitenoise"),
    }
    if datasette is not None:
        found["Datasette"] = _run([str(datasette), "--version"]).split()[-1]
        found["SQLite (Datasette)"] = _run(
            [
                str(datasette.parent / "python"),
                "-c",
                "import sqlite3; print(sqlite3.sqlite_version)",
            ]
        )
    return found


def commands(args) -> list[str]:
    lines = [f"make bench{' BENCH_ARGS=' + repr(' '.join(sys.argv[1:])) if sys.argv[1:] else ''}"]
    lines += [
        "# per scale, into perf_<scale> on PostgreSQL and bench-data/<scale>.sqlite3:",
        "manage.py migrate && manage.py load_corpus                      # shipped",
        "manage.py generate_synthetic --instruments 200 --provisions 10000 --categories 40 \\",
        "    --seed 1                                                      # 10k",
        "manage.py generate_synthetic --instruments 200 --provisions 100000 --categories 40 \\",
        "    --seed 1                                                      # 100k",
        "VACUUM ANALYZE (PostgreSQL); ANALYZE; VACUUM (SQLite)",
        "# three servers side by side, each on core 0; the load generator on core 1:",
        "WEB_CONCURRENCY=1 GUNICORN_MAX_REQUESTS=0 CONN_MAX_AGE=3600 taskset -c 0 make serve",
        "MATRIX_CACHE=0 PAGE_CACHE=0 WEB_CONCURRENCY=1 ... taskset -c 0 make serve  # computed",
        "taskset -c 0 .venv-bench/bin/datasette serve --immutable bench-data/<scale>.sqlite3",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.report_only:
        results = json.loads(args.report_only.read_text())
        report.write(DOCS, results, "Benchmarks")
        print(f"wrote {DOCS}")
        return 0
    clock = Clock(args.max_minutes)
    DATA.mkdir(exist_ok=True)
    datasette = None if args.no_datasette else BENCH_VENV / "bin" / "datasette"
    if datasette is not None and not datasette.exists():
        raise SystemExit(f"{datasette} is missing: run `make bench`, which installs it")
    pinning = (
        f"application (1 gunicorn worker{'' if args.no_pin_db else ' and its PostgreSQL session'})"
        f" and Datasette on core {servers.SERVER_CORE}, load generator on core "
        f"{servers.CLIENT_CORE}; PostgreSQL parallel query off for the benchmark databases"
        if servers.can_pin()
        else "none (fewer than two cores or no taskset): figures are not per core"
    )
    results = {
        "mode": "smoke" if args.smoke else "full",
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(args.database_server, datasette),
        "settings": {
            "latency_seconds": args.latency_seconds,
            "seconds": args.seconds,
            "concurrency": args.concurrency,
            "rounds": args.rounds,
            "pinning": pinning,
        },
        "commands": commands(args),
        "scales": {},
    }
    print(f"Benchmark: scales {', '.join(args.scale_names)}; {pinning}", flush=True)
    for name in args.scale_names:
        results["scales"][name] = run_scale(args, clock, name, datasette)
    results["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    results["load_after"] = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    results["duration_min"] = clock.minutes
    output = DATA / ("results-smoke.json" if args.smoke else "results.json")
    output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nFigures in {output}")
    if args.smoke or args.no_docs:
        markdown = DATA / ("benchmarks-smoke.md" if args.smoke else "benchmarks.md")
        report.write(markdown, results, "Benchmark (not committed)")
        print(f"Report in {markdown}")
    else:
        report.write(DOCS, results, "Benchmarks")
        print(f"Report in {DOCS}")
    print()
    failed = False
    for verdict in report.verdicts(results):
        print(f"  {verdict.word.strip('*'):>12}  {verdict.target}: {verdict.figures}")
        if verdict.target.startswith("Query counts") and verdict.met is False:
            print("QUERY COUNTS DIFFER BETWEEN SCALES", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
