"""Bounded load test: mixed traffic against the production server on this machine.

    python scripts/loadtest.py --duration 30 --concurrency 8          # starts `make serve`
    python scripts/loadtest.py --url http://127.0.0.1:8000 --duration 10   # a running server
    python scripts/loadtest.py --target http://127.0.0.1:8001 --target http://127.0.0.1:8002
    python scripts/loadtest.py --servers 2                        # starts two `make serve`

Without --url or --target it starts `make serve` (gunicorn, DEBUG off, the DATABASE_URL and
CACHE_URL of the environment) on a free loopback port, or --servers of them on as many ports,
waits for /healthz, runs for a fixed time and stops the servers again. With several servers
the connections are dealt out over them in turn (--concurrency 8 over two: four each), as a
load balancer would, and the report adds a line per server. Only loopback addresses are
accepted: this is not a tool for loading someone else's site. Reports throughput, latency
percentiles and every non-2xx answer; exits 1 on any 5xx or connection error (and on any
non-2xx with --strict).
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# The mix: the matrix, the lists, a search, an instrument and a provision page, the API.
PATHS = [
    "/",
    "/instruments/",
    "/provisions/",
    "/provisions/?q=weapon",
    "/api/matrix.json",
    "/api/provisions.json",
]


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    by_path: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    non_2xx: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, path: str, status: int | None, seconds: float, error: str = "") -> None:
        with self.lock:
            if status is None:
                self.errors[f"{path}: {error}"] += 1
                return
            self.latencies.append(seconds)
            self.by_path.setdefault(path, []).append(seconds)
            self.statuses[status] += 1
            if not 200 <= status < 300:
                self.non_2xx[f"{status} {path}"] += 1


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The value at `fraction` (0..1) of the sorted values, nearest rank; 0 when empty."""
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    return response.status, response.read()


def discover_pages(host: str, port: int) -> list[str]:
    """An instrument page and a provision page, found by following links from the list."""
    conn = http.client.HTTPConnection(host, port, timeout=10)
    found = []
    _status, body = fetch(conn, "/instruments/")
    instruments = [
        link
        for link in re.findall(rb'href="(/instruments/[a-z0-9-]+/)"', body)
        if link != b"/about/"
    ]
    if instruments:
        found.append(instruments[0].decode())
        _status, body = fetch(conn, found[0])
        provision = re.search(rb'href="(/instruments/[a-z0-9-]+/[a-z0-9-]+/)"', body)
        if provision:
            found.append(provision.group(1).decode())
    conn.close()
    if len(found) < 2:
        print("warning: no instrument or provision found; load the corpus first", file=sys.stderr)
    return found


def worker(
    host: str,
    port: int,
    paths: list[str],
    deadline: float,
    results: Results,
    also: Results | None = None,
) -> None:
    """One connection's requests until `deadline`, recorded in `results` (and in `also`)."""
    rng = random.Random()
    conn = http.client.HTTPConnection(host, port, timeout=30)
    sinks = [results] if also is None else [results, also]
    while time.monotonic() < deadline:
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            status, _body = fetch(conn, path)
        except (OSError, http.client.HTTPException) as exc:
            for sink in sinks:
                sink.record(path, None, 0.0, type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            continue
        seconds = time.perf_counter() - started
        for sink in sinks:
            sink.record(path, status, seconds)
    conn.close()


def hammer(
    host: str, port: int, paths: list[str], duration: float, concurrency: int
) -> tuple[Results, float]:
    """Request `paths` (chosen at random) over `concurrency` connections for `duration` s.

    Each connection sends its next request as soon as the previous answer is read.
    scripts/bench.py measures one path at a time with this.
    """
    results, _per_server, elapsed = hammer_servers([(host, port)], paths, duration, concurrency)
    return results, elapsed


def hammer_servers(
    servers: list[tuple[str, int]], paths: list[str], duration: float, concurrency: int
) -> tuple[Results, list[Results], float]:
    """`hammer` over several servers: connection i goes to server i mod len(servers).

    Returns the results of all requests, those of each server (in the order given) and the
    time taken.
    """
    results = Results()
    per_server = [Results() for _ in servers]
    deadline = time.monotonic() + duration
    threads = []
    for number in range(concurrency):
        index = number % len(servers)
        host, port = servers[index]
        arguments = (host, port, paths, deadline, results, per_server[index])
        threads.append(threading.Thread(target=worker, args=arguments))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, per_server, time.monotonic() - started


def run(
    servers: list[tuple[str, int]], duration: float, concurrency: int
) -> tuple[Results, list[Results], float, list]:
    paths = PATHS + discover_pages(*servers[0])
    results, per_server, elapsed = hammer_servers(servers, paths, duration, concurrency)
    return results, per_server, elapsed, paths


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine's loopback interface."""
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(host: str, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            if fetch(conn, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server on {host}:{port} did not become healthy in {timeout:.0f} s")


def start_server(
    port: int, log: Path, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.Popen:
    """Start `make serve` on loopback in its own process group; `env` adds variables and
    `prefix` goes before the command (the benchmark pins the server with `taskset`)."""
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "GUNICORN_ACCESS_LOG": "",
        **(env or {}),
    }
    print(f"Starting `make serve` on 127.0.0.1:{port}; its output goes to {log}", flush=True)
    with log.open("wb") as output:
        return subprocess.Popen(
            [*prefix, "make", "--no-print-directory", "serve", f"PORT={port}", "HOST=127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def figures(results: Results, elapsed: float) -> dict:
    """Requests, throughput, latency percentiles, status codes and errors of `results`."""
    latencies = sorted(results.latencies)
    total = len(latencies)
    return {
        "requests": total,
        "throughput_rps": round(total / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            name: round(percentile(latencies, fraction) * 1000, 1)
            for name, fraction in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))
        },
        "statuses": dict(sorted(results.statuses.items())),
        "non_2xx": sum(results.non_2xx.values()),
        "non_2xx_by_url": dict(results.non_2xx.most_common()),
        "connection_errors": sum(results.errors.values()),
    }


def report(
    results: Results,
    elapsed: float,
    paths: list[str],
    concurrency: int,
    per_server: dict[str, Results] | None = None,
) -> dict:
    summary = {
        "duration_s": round(elapsed, 1),
        "concurrency": concurrency,
        **figures(results, elapsed),
        "paths": paths,
    }
    total = summary["requests"]
    latency = summary["latency_ms"]
    print(
        f"\n{total} requests in {elapsed:.1f} s with {concurrency} connections: "
        f"{summary['throughput_rps']} requests/s\n"
        f"latency p50 {latency['p50']} ms, p95 {latency['p95']} ms, "
        f"p99 {latency['p99']} ms, max {latency['max']} ms\n"
        f"status codes: {summary['statuses']}\n"
        f"non-2xx: {summary['non_2xx']}   connection errors: {summary['connection_errors']}"
    )
    print(f"\n{'requests':>9} {'p50 ms':>8} {'p95 ms':>8}  path")
    for path in paths:
        seconds = sorted(results.by_path.get(path, []))
        p50, p95 = (round(percentile(seconds, f) * 1000, 1) for f in (0.5, 0.95))
        print(f"{len(seconds):>9} {p50:>8} {p95:>8}  {path}")
    for line, count in results.non_2xx.most_common():
        print(f"  {count:>7}  {line}")
    for line, count in results.errors.most_common():
        print(f"  {count:>7}  error {line}")
    if per_server:
        summary["servers"] = {url: figures(part, elapsed) for url, part in per_server.items()}
        print(
            f"\n{'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
            f"{'5xx':>5} {'non-2xx':>7} {'errors':>6}  server"
        )
        for url, part in summary["servers"].items():
            latency = part["latency_ms"]
            server_errors = sum(n for code, n in part["statuses"].items() if code >= 500)
            print(
                f"{part['requests']:>9} {part['throughput_rps']:>7} {latency['p50']:>8} "
                f"{latency['p95']:>8} {latency['max']:>8} {server_errors:>5} "
                f"{part['non_2xx']:>7} {part['connection_errors']:>6}  {url}"
            )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="A running server on loopback (default: start one).")
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="URL",
        help="A running server on loopback; repeat it to spread the load over several.",
    )
    parser.add_argument(
        "--servers", type=int, default=1, help="Without --target: how many servers to start."
    )
    parser.add_argument("--duration", type=float, default=30, help="Seconds of load.")
    parser.add_argument("--concurrency", type=int, default=8, help="Parallel connections.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    parser.add_argument("--strict", action="store_true", help="Fail on any non-2xx answer.")
    args = parser.parse_args(argv)

    urls = ([args.url] if args.url else []) + args.target
    started: list[subprocess.Popen] = []
    if urls:
        targets = []
        for url in urls:
            parts = urlsplit(url)
            targets.append((parts.hostname or "", parts.port or 80))
    else:
        if args.servers < 1:
            parser.error("--servers must be 1 or more")
        targets = [("127.0.0.1", free_port()) for _ in range(args.servers)]
    for host, _port in targets:
        if not is_loopback(host):
            parser.error(f"{host!r} is not a loopback address: this load test only runs locally")
    if args.concurrency < len(targets):
        parser.error(f"--concurrency {args.concurrency} leaves a server without connections")
    try:
        if not urls:
            # One after the other: each `make serve` migrates before it serves.
            for number, (host, port) in enumerate(targets):
                log = Path(tempfile.gettempdir()) / f"loadtest-server{number or ''}.log"
                started.append(start_server(port, log))
                wait_for_health(host, port, timeout=180)
        for host, port in targets:
            wait_for_health(host, port, timeout=180)
        results, per_server, elapsed, paths = run(targets, args.duration, args.concurrency)
    finally:
        for server in started:
            stop_server(server)
    names = [f"http://{host}:{port}" for host, port in targets]
    summary = report(
        results,
        elapsed,
        paths,
        args.concurrency,
        dict(zip(names, per_server, strict=True)) if len(targets) > 1 else None,
    )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    failed = summary["connection_errors"] or any(status >= 500 for status in results.statuses)
    return 1 if failed or (args.strict and summary["non_2xx"]) else 0


if __name__ == "__main__":
    sys.exit(main())
