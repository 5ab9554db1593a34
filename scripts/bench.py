"""The benchmark: the application on one core at three scales on PostgreSQL, against nginx
serving the stylesheet and Datasette answering the same questions (docs/benchmarks.md).

    make bench                          # everything, writes docs/benchmarks.md
    make bench BENCH_ARGS=--smoke       # the shipped corpus, short runs (CI, 1-2 minutes)
    python scripts/bench.py --scales 10k --reuse --no-docs   # one scale, keeping its databases

benchmark/pages.py defines the scales, pages and peers, benchmark/measure.py measures and
benchmark/report.py writes the verdicts; this file runs one scale after the other.
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

from benchmark import measure, report
from benchmark.measure import Item, Server, summary
from benchmark.pages import (
    COMMON_WORD,
    DATA,
    PREFIX,
    RARE_WORD,
    ROOT,
    SCALES,
    build_postgres,
    build_sqlite,
    check_prefix,
    choose_targets,
    compare,
    describe,
    drop_postgres,
    pages,
    pg_url,
    questions,
)

DOCS = ROOT / "docs" / "benchmarks.md"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--smoke", action="store_true", help="The shipped corpus, short runs (CI).")
    add("--scales", default="shipped,10k,100k", help="Comma-separated: shipped, 10k, 100k.")
    add("--reuse", action="store_true", help="Keep databases already built for a scale.")
    add("--drop", action="store_true", help="Drop each scale's databases once measured.")
    add(
        "--database-prefix",
        default=os.environ.get("BENCH_DATABASE_PREFIX", PREFIX),
        help=f"Databases are <prefix><scale> (default {PREFIX}); only those are dropped.",
    )
    add(
        "--database-server",
        default=os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL on this machine, no database.",
    )
    add(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", os.environ.get("CACHE_URL", "")),
        help="Redis for the run under load (default $BENCH_CACHE_URL or $CACHE_URL).",
    )
    add(
        "--cache-key-prefix",
        default=os.environ.get("CACHE_KEY_PREFIX") or "bench_",
        help="Keys under <prefix><scale>_<pid>, deleted afterwards.",
    )
    add("--rounds", type=int, help="Rounds over all pages (default 4; smoke 2).")
    add("--latency-seconds", type=float, help="One request at a time, per page (default 5).")
    add("--seconds", type=float, help="Throughput per page (default 8).")
    add("--concurrency", type=int, default=4, help="Connections for throughput.")
    add("--load-seconds", type=float, help="Cached pages under load (default 40).")
    add("--load-concurrency", type=int, default=8, help="Connections under load.")
    add(
        "--max-requests",
        type=int,
        help="Workers' GUNICORN_MAX_REQUESTS under load "
        "(default the production setting; smoke 100, so that they recycle).",
    )
    add("--memory-requests", type=int, help="Requests before reading RSS (default 10,000).")
    add("--no-datasette", action="store_true", help="Skip Datasette.")
    add("--no-nginx", action="store_true", help="Skip nginx.")
    add("--no-pin-db", action="store_true", help="Leave the PostgreSQL sessions unpinned.")
    add("--profile", action="store_true", help="py-spy on each slow computed page.")
    add("--ports", help="Take ports from this range, e.g. 8160-8179 (default: any free).")
    add("--max-minutes", type=float, default=90, help="Stop after this long.")
    add("--no-docs", action="store_true", help="Write the report to bench-data/ only.")
    add("--report-only", type=Path, help="Write the docs again from a results file.")
    args = parser.parse_args(argv)
    if not args.no_nginx and not Path(measure.nginx()).exists():
        print("warning: nginx is missing (apt-get install -y nginx); measuring without it")
        args.no_nginx = True
    smoke = args.smoke
    if smoke:
        args.scales = "shipped"
    args.rounds = max(1, args.rounds or (2 if smoke else 4))
    args.latency_seconds = args.latency_seconds or (0.6 if smoke else 5.0)
    args.seconds = args.seconds or (1.0 if smoke else 8.0)
    args.load_seconds = args.load_seconds or (4.0 if smoke else 40.0)
    args.memory_requests = args.memory_requests or (1000 if smoke else 10_000)
    if args.max_requests is None and smoke:
        args.max_requests = 100
    args.scale_names = [name.strip() for name in args.scales.split(",") if name.strip()]
    if unknown := set(args.scale_names) - set(SCALES):
        parser.error(f"unknown scales: {', '.join(sorted(unknown))}")
    check_prefix(args.database_prefix)
    if not measure.is_loopback_url(args.database_server):
        parser.error("the benchmark only runs against a PostgreSQL server on this machine")
    if args.cache_url and not measure.is_loopback_url(args.cache_url):
        parser.error("the benchmark only uses a Redis on this machine")
    if args.ports:
        low, _, high = args.ports.partition("-")
        measure.PORTS[:] = range(int(low), int(high or low) + 1)
    return args


def _run(command: list[str], stderr: bool = False) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        return (done.stderr if stderr else done.stdout).strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def _load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> dict:
    cpuinfo, meminfo = Path("/proc/cpuinfo").read_text(), Path("/proc/meminfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or "?",
    )
    total = next(int(line.split()[1]) for line in meminfo.splitlines() if "MemTotal" in line)
    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "ram_gb": total / 1024 / 1024,
        "load_before": _load(),
    }


def versions(args) -> dict:
    from importlib.metadata import version

    import psycopg2

    connection = psycopg2.connect(pg_url(args.database_server, "postgres"), connect_timeout=10)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    connection.close()
    found = {
        "Python": platform.python_version(),
        "Django": version("django"),
        "PostgreSQL": postgres,
        "gunicorn": version("gunicorn"),
        "WhiteNoise": version("whitenoise"),
    }
    if not args.no_nginx:
        found["nginx"] = _run([measure.nginx(), "-v"], stderr=True).split("/")[-1]
    if not args.no_datasette:
        found["Datasette"] = _run([str(measure.BENCH_VENV / "bin" / "datasette"), "--version"])
        found["Datasette"] = found["Datasette"].split()[-1]
    return found


def static_path() -> str:
    """The hashed name of site.css in the manifest that `make serve`'s collectstatic wrote."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def run_scale(args, clock: measure.Clock, name: str) -> dict:
    scale = SCALES[name]
    print(f"\n== Scale {name}: {scale.label}", flush=True)
    load_before, admin_url = _load(), pg_url(args.database_server, "postgres")
    clock.check(f"{name}: databases")
    database, url = build_postgres(scale, args.database_server, args.reuse, args.database_prefix)
    if not args.no_datasette:
        build_sqlite(scale, args.reuse)
    targets = choose_targets(url)
    print(f"  pages chosen: {describe(targets)}", flush=True)
    started: list[Server] = []
    one_worker = {"WEB_CONCURRENCY": "1", "GUNICORN_MAX_REQUESTS": "0"}
    try:
        clock.check(f"{name}: starting the servers")
        servers = {"cached": measure.start_app(f"{name}-cached", url, database, one_worker)}
        started.append(servers["cached"])
        servers["computed"] = measure.start_app(
            f"{name}-computed",
            url,
            database,
            {**one_worker, "MATRIX_CACHE": "0", "PAGE_CACHE": "0"},
        )
        started.append(servers["computed"])
        if not args.no_nginx:
            started.append(servers.setdefault("nginx", measure.start_nginx()))
        if not args.no_datasette:
            started.append(
                servers.setdefault("datasette", measure.start_datasette(scale.sqlite_file))
            )
        page_list = [p for p in pages(targets, static_path()) if p.server in servers]
        clock.check(f"{name}: counting queries in-process")
        queries = measure.count_queries(url, page_list)
        asked = {q.key: q for q in questions(targets, scale.sqlite_file.stem)}
        items, answers = [], {}
        for page in page_list:
            items.append(Item(page.key, page.label, servers[page.server], page.path))
            if page.question and "datasette" in servers:
                question = asked[page.question]
                answers[question.key] = compare(
                    question,
                    page,
                    lambda path: measure.get(servers["computed"].port, path, timeout=300),
                    lambda path: measure.get(servers["datasette"].port, path, timeout=300),
                )
                answers[question.key]["page"] = page.key
                items.append(
                    Item(
                        "datasette_" + question.key,
                        f"Datasette, {question.label}",
                        servers["datasette"],
                        question.path,
                    )
                )
        hits = {}
        for kind, word in (("rare", RARE_WORD), ("common", COMMON_WORD)):
            answer = measure.get(servers["computed"].port, f"/api/provisions.json?q={word}")[1]
            hits[kind] = json.loads(answer)["count"]
        measure.run_rounds(items, args, clock, admin_url)
        results = {}
        for item in items:
            if not item.key.startswith("datasette_"):
                page = next(p for p in page_list if p.key == item.key)
                results[item.key] = {
                    "label": page.label,
                    "path": page.path,
                    "server": page.server,
                    **summary(item.rounds),
                }
            else:
                answers[item.key.removeprefix("datasette_")].update(summary(item.rounds))
        profiles = {}
        if args.profile:
            for item in items:
                slow = results.get(item.key, {}).get("p50_ms", {}).get("median", 0)
                if item.server is servers["computed"] and slow >= measure.PROFILE_MS:
                    clock.check(f"{name}: py-spy on {item.label}")
                    if found := measure.profile(item.server, item, args.latency_seconds, name):
                        profiles[item.key] = found
        clock.check(f"{name}: memory after {args.memory_requests:,} requests")
        cached_pages = [p.path for p in page_list if p.server == "computed"]
        memory = measure.memory_run(
            servers["cached"],
            cached_pages,
            list(targets.extra_paths),
            args.memory_requests,
            limit=600,
        )
        print(f"    {memory}", flush=True)
        measure.stop_all(started)
        started.clear()
        load = cached_load(args, clock, name, url, database, cached_pages, admin_url)
    finally:
        measure.stop_all(started)
        if args.drop:
            drop_postgres(database, args.database_server)
            for path in (scale.sqlite_file, scale.sqlite_file.with_suffix(".json")):
                path.unlink(missing_ok=True)
    return {
        "label": scale.label,
        "counts": targets.counts,
        "targets": describe(targets),
        "queries": queries,
        "hits": hits,
        "pages": results,
        "datasette": answers,
        "profiles": profiles,
        "memory": memory,
        "load": load,
        "load_before": load_before,
        "load_after": _load(),
    }


def cached_load(args, clock, name: str, url: str, database: str, paths, admin_url) -> dict:
    """The cached pages under load on `make serve` with its production workers, recycled
    after GUNICORN_MAX_REQUESTS (with jitter), sharing CACHE_URL's Redis when given."""
    env, prefix = {}, f"{args.cache_key_prefix}{name}_{os.getpid()}"
    if args.max_requests is not None:
        env["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
    if args.cache_url:
        env.update(CACHE_URL=args.cache_url, CACHE_KEY_PREFIX=prefix)
    clock.check(f"{name}: cached pages under load")
    server = measure.start_app(f"{name}-production", url, database, env)
    try:
        load = measure.under_load(server, paths, args, clock, admin_url)
    finally:
        server.stop()
        if args.cache_url:
            measure.delete_keys(args.cache_url, prefix)
    recycling = f"max_requests {args.max_requests}" if args.max_requests else "production"
    load["settings"] = f"{recycling} recycling with jitter"
    load["cache"] = f"Redis {args.cache_url}" if args.cache_url else "each worker's own memory"
    return load


def commands(args) -> list[str]:
    return [
        f"make bench{' BENCH_ARGS=' + repr(' '.join(sys.argv[1:])) if sys.argv[1:] else ''}",
        "manage.py generate_synthetic --instruments 200 --provisions N --categories 40 --seed 1",
        "# per scale, on core 0 (the load generator on core 1):",
        "WEB_CONCURRENCY=1 GUNICORN_MAX_REQUESTS=0 CONN_MAX_AGE=3600 taskset -c 0 make serve",
        "MATRIX_CACHE=0 PAGE_CACHE=0 WEB_CONCURRENCY=1 ... taskset -c 0 make serve  # computed",
        "taskset -c 0 nginx -c bench-data/nginx/nginx.conf  # the stylesheet, one process",
        "taskset -c 0 .venv-bench/bin/datasette serve --immutable bench-data/<scale>.sqlite3",
        "CACHE_URL=... taskset -c 0 make serve  # production workers, for the run under load",
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.report_only:
        report.write(DOCS, json.loads(args.report_only.read_text()), "Benchmarks")
        print(f"wrote {DOCS}")
        return 0
    DATA.mkdir(exist_ok=True)
    if not args.no_datasette and not (measure.BENCH_VENV / "bin" / "datasette").exists():
        raise SystemExit(
            "Datasette is missing from .venv-bench: run `make bench`, which installs it"
        )
    pinning = (
        f"servers on core {measure.SERVER_CORE} (and the PostgreSQL sessions of the "
        f"application's workers{', not' if args.no_pin_db else ''}), load generator on core "
        f"{measure.CLIENT_CORE}; parallel query off in the benchmark's databases"
        if measure.can_pin()
        else "none (fewer than two cores or no taskset): not per core"
    )
    settings = {
        k: getattr(args, k)
        for k in (
            "rounds",
            "latency_seconds",
            "seconds",
            "concurrency",
            "load_seconds",
            "load_concurrency",
            "memory_requests",
        )
    }
    results = {
        "mode": "smoke" if args.smoke else "full",
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(args),
        "settings": {**settings, "pinning": pinning},
        "commands": commands(args),
        "scales": {},
    }
    print(f"Benchmark: scales {', '.join(args.scale_names)}; {pinning}", flush=True)
    clock = measure.Clock(args.max_minutes)
    for name in args.scale_names:
        results["scales"][name] = run_scale(args, clock, name)
    results.update(
        finished=datetime.datetime.now().isoformat(timespec="seconds"),
        load_after=_load(),
        duration_min=clock.minutes,
    )
    output = DATA / ("results-smoke.json" if args.smoke else "results.json")
    output.write_text(json.dumps(results, indent=2) + "\n")
    markdown = DATA / "benchmarks.md" if args.smoke or args.no_docs else DOCS
    report.write(markdown, results, "Benchmark (not committed)")
    print(f"\nFigures in {output}, report in {markdown}\n")
    for verdict in report.verdicts(results):
        print(f"  {verdict.label.strip('*'):>14}  {verdict.target}: {verdict.figures}")
    counts = report.query_counts(results)
    if counts.word == report.MISSED:
        print(f"QUERY COUNTS DIFFER BETWEEN SCALES: {counts.figures}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
