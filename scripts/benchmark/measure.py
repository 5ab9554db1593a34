"""How the benchmark measures: the servers on one core, latency and throughput in rounds, the
cached pages under load with production workers, worker memory, and py-spy profiles.

Every server is pinned with `taskset` to core 0, and so are the PostgreSQL sessions of the
application's workers (Datasette runs its SQLite queries in its own process); the load
generator, this process, runs on core 1. Every step is bounded in time and every answer must
be a 200, or the run stops with the reason.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
from loadtest import hammer, is_loopback, percentile, start_server, stop_server

from .pages import DATA, ROOT, Page

HOST = "127.0.0.1"
SERVER_CORE, CLIENT_CORE = 0, 1
START_TIMEOUT = 180
MIN_LATENCY_REQUESTS = 5  # per round, however slow the page
STEP_TIMEOUT = 120  # seconds for any one latency or throughput run
PROFILE_MS = 20  # computed pages at least this slow (p50) are profiled with --profile
BENCH_VENV = ROOT / ".venv-bench"


class Clock:
    """The run's time limit: every step checks it, so no run goes on for ever."""

    def __init__(self, minutes: float) -> None:
        self.started, self.limit = time.monotonic(), minutes * 60

    def check(self, step: str) -> None:
        print(f"  {time.strftime('%H:%M:%S')} {step}", flush=True)
        if time.monotonic() - self.started > self.limit:
            raise SystemExit(f"time limit of {self.limit / 60:.0f} min reached before {step}")

    @property
    def minutes(self) -> float:
        return (time.monotonic() - self.started) / 60


# Cores and ports ------------------------------------------------------------------------------


def can_pin() -> bool:
    return len(os.sched_getaffinity(0)) >= 2 and shutil.which("taskset") is not None


def pin_self(core: int | None) -> None:
    """Run this process (the load generator) on one core, or on all of them again."""
    if can_pin():
        os.sched_setaffinity(0, {core} if core is not None else set(range(os.cpu_count() or 1)))


def taskset() -> tuple[str, ...]:
    return ("taskset", "-c", str(SERVER_CORE)) if can_pin() else ()


PORTS: list[int] = []  # --ports: the range to take ports from; empty: any free port


def free_port() -> int:
    for port in PORTS or [0]:
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise SystemExit(f"no free port in {PORTS[0]}-{PORTS[-1]}")


def is_loopback_url(url: str) -> bool:
    """Whether a database or Redis URL points at this machine (no host: a local socket)."""
    host = urlsplit(url).hostname
    return host is None or is_loopback(host)


def delete_keys(cache_url: str, prefix: str) -> None:
    """Delete the run's keys from Redis, and only those."""
    import redis

    client = redis.Redis.from_url(cache_url, socket_timeout=5)
    keys = list(client.scan_iter(match=prefix + "*", count=1000))
    if keys:
        client.delete(*keys)
    print(f"    deleted the run's {len(keys)} keys from Redis", flush=True)


# Servers --------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path
    database: str | None = None  # the PostgreSQL database whose sessions are pinned
    pinned: set[int] = field(default_factory=set)

    def stop(self) -> None:
        stop_server(self.process)

    def workers(self) -> list[int]:
        """gunicorn's workers: the children of the gunicorn master under this process."""
        tree: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            tree.setdefault(parent, []).append(int(entry.name))
        masters, pending = [], [self.process.pid]
        while pending:
            pid = pending.pop()
            if "gunicorn" in _cmdline(pid) and not masters:
                masters.append(pid)
                continue
            pending += tree.get(pid, [])
        return sorted(tree.get(masters[0], [])) if masters else []


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def memory_kb(pid: int, name: str) -> int | None:
    """VmRSS (resident now) or VmHWM (peak resident) of a process, from /proc, in kB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _wait(server: Server, health: str) -> Server:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            if get(server.port, health, timeout=2)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    tail = server.log.read_text(errors="replace")[-1500:] if server.log.exists() else ""
    raise SystemExit(f"{server.name} did not start in {START_TIMEOUT} s; {server.log}:\n{tail}")


def start_app(name: str, database_url: str, database: str, env: dict[str, str]) -> Server:
    """`make serve` on core 0; `env` chooses its workers, caches and recycling."""
    port, log = free_port(), DATA / f"server-{name}.log"
    env = {
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "3600",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-" + "x" * 40,
        **env,
    }
    process = start_server(port, log, env=env, prefix=taskset())
    return _wait(Server(name, process, port, log, database), "/healthz")


def _start(name: str, command: list[str], health: str, port: int) -> Server:
    log = DATA / f"{name}.log"
    print(f"Starting {name} on {HOST}:{port}; its output goes to {log}", flush=True)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*taskset(), *command],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return _wait(Server(name, process, port, log), health)


def start_datasette(sqlite_file: Path) -> Server:
    port = free_port()
    # A long SQL time limit only so that checking whole result sets cannot hit the 1 s default.
    command = [
        str(BENCH_VENV / "bin" / "datasette"),
        "serve",
        "--immutable",
        str(sqlite_file),
        "--host",
        HOST,
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "20000",
    ]
    return _start("datasette", command, f"/{sqlite_file.stem}.json", port)


NGINX_CONF = """daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen {host}:{port};
        location = /healthz {{ return 200; }}
        location /static/ {{
            alias {static}/;
            gzip_static on;
            expires max;
        }}
    }}
}}
"""


def nginx() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"  # /usr/sbin is not on every PATH


def start_nginx() -> Server:
    """Debian's nginx serving the collected static files, one process, like WhiteNoise's."""
    folder, port = DATA / "nginx", free_port()
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(dir=folder, host=HOST, port=port, static=ROOT / "staticfiles")
    )
    return _start("nginx", [nginx(), "-c", str(conf), "-p", str(folder)], "/healthz", port)


def pin_sessions(server: Server, admin_url: str) -> None:
    """Pin the PostgreSQL sessions of the server's database to the server's core; a session
    opened later (a new worker, a reconnection) is pinned the next time this runs."""
    if server.database is None or not can_pin():
        return
    connection = psycopg2.connect(admin_url, connect_timeout=10)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND "
            "backend_type = 'client backend' AND pid <> pg_backend_pid()",
            [server.database],
        )
        pids = {row[0] for row in cursor.fetchall()} - server.pinned
    connection.close()
    for pid in pids:
        try:
            os.sched_setaffinity(pid, {SERVER_CORE})
        except ProcessLookupError:
            continue
        except OSError as error:
            raise SystemExit(
                f"cannot pin PostgreSQL session {pid} ({error}); run as root or "
                "the postgres user, or with --no-pin-db"
            ) from None
    server.pinned |= pids


# Timing ---------------------------------------------------------------------------------------


def get(port: int, path: str, timeout: float = 60) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _ok(port: int, path: str) -> None:
    status, body = get(port, path)
    if status != 200:
        raise SystemExit(f"GET {path} on port {port} answered {status}: {body[:300]!r}")


def _failures(results, path: str) -> None:
    if results.errors or results.non_2xx:
        raise SystemExit(f"GET {path} failed: {dict(results.errors) | dict(results.non_2xx)}")


@dataclass
class Item:
    """One URL on one server; each round adds its p50, p95 and throughput."""

    key: str
    label: str
    server: Server
    path: str
    rounds: list[dict] = field(default_factory=list)

    def measure(self, latency_seconds: float, seconds: float, concurrency: int) -> dict:
        """A sequential run (latency without queueing), then `concurrency` connections."""
        conn = http.client.HTTPConnection(HOST, self.server.port, timeout=STEP_TIMEOUT)
        started, latencies = time.monotonic(), []
        while time.monotonic() - started < STEP_TIMEOUT and (
            time.monotonic() - started < latency_seconds or len(latencies) < MIN_LATENCY_REQUESTS
        ):
            begun = time.perf_counter()
            conn.request("GET", self.path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"GET {self.path} ({self.label}) answered {response.status}")
            latencies.append(time.perf_counter() - begun)
        conn.close()
        loaded, elapsed = hammer(HOST, self.server.port, [self.path], seconds, concurrency)
        _failures(loaded, self.path)
        latencies.sort()
        figures = {
            "p50_ms": percentile(latencies, 0.5) * 1000,
            "p95_ms": percentile(latencies, 0.95) * 1000,
            "rps": len(loaded.latencies) / elapsed if elapsed else 0.0,
        }
        self.rounds.append(figures)
        return figures


def summary(rounds: list[dict]) -> dict:
    """Each figure as the median of its rounds, with their spread (lowest and highest)."""
    return {
        name: {
            "median": round(statistics.median(values), 2),
            "low": round(min(values), 2),
            "high": round(max(values), 2),
            "rounds": [round(v, 2) for v in values],
        }
        for name in rounds[0]
        for values in [[r[name] for r in rounds]]
    }


def run_rounds(items: list[Item], args, clock: Clock, admin_url: str) -> None:
    """Every item in every round, in turn, so that a burst of other work on this machine
    spoils a round rather than a figure, and a ratio compares figures seconds apart."""
    for number in range(1, args.rounds + 1):
        clock.check(f"round {number}/{args.rounds} over {len(items)} pages")
        for item in items:
            if not args.no_pin_db:
                pin_sessions(item.server, admin_url)
            pin_self(CLIENT_CORE)
            try:
                f = item.measure(
                    args.latency_seconds / args.rounds, args.seconds / args.rounds, args.concurrency
                )
            finally:
                pin_self(None)
            print(f"    {item.label}: p50 {f['p50_ms']:.1f} ms, {f['rps']:.0f} req/s", flush=True)


# In-process query counts ----------------------------------------------------------------------


def count_queries(database_url: str, page_list: list[Page]) -> dict[str, int]:
    """Each page's SQL queries, counted with Django's test client in a child process: with
    the caches off for the pages the computed server answers, on (second request) otherwise."""
    payload = [
        (p.key, p.path, p.server == "cached")
        for p in page_list
        if p.server == "computed" or p.key in ("matrix_cached", "provision", "instrument")
    ]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "PYTHONPATH": str(ROOT / "scripts"),
    }
    code = "from benchmark.measure import _count_in_process; _count_in_process()"
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(payload)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode:
        raise SystemExit(f"counting queries failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _count_in_process() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host in
    client, counts = Client(), {}
    for key, path, caches in json.loads(sys.argv[1]):
        with override_settings(MATRIX_CACHE=caches, PAGE_CACHE=caches):
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} in-process")
        counts[key] = len(captured)
    print(json.dumps(counts))


# Under load, and memory -----------------------------------------------------------------------


class Watcher(threading.Thread):
    """Notes a server's gunicorn workers every 0.2 s (so the ones recycled, and the highest
    resident memory of any), and pins new PostgreSQL sessions to the server's core."""

    def __init__(self, server: Server, admin_url: str | None) -> None:
        super().__init__(daemon=True)
        self.server, self.admin_url, self.stopping = server, admin_url, threading.Event()
        self.seen: set[int] = set(server.workers())
        self.first = set(self.seen)
        self.rss_kb: Counter = Counter()

    def run(self) -> None:
        while not self.stopping.wait(0.2):
            for pid in self.server.workers():
                self.seen.add(pid)
                self.rss_kb[pid] = max(self.rss_kb[pid], memory_kb(pid, "VmRSS") or 0)
            if self.admin_url:
                pin_sessions(self.server, self.admin_url)

    def stop(self) -> dict:
        self.stopping.set()
        self.join(timeout=10)
        return {
            "workers": len(self.first),
            "started_later": len(self.seen - self.first),
            "max_rss_mb": round(max(self.rss_kb.values(), default=0) / 1024, 1),
        }


def under_load(server: Server, paths: list[str], args, clock: Clock, admin_url) -> dict:
    """The cached pages over `--load-concurrency` connections on production workers, in
    rounds of `--load-seconds / --rounds`: p50 and p99 per round, every answer a 200."""
    for path in paths:  # fill the cache (each worker's own, unless CACHE_URL is shared)
        _ok(server.port, path)
    watcher = Watcher(server, None if args.no_pin_db else admin_url)
    watcher.start()
    rounds, requests = [], 0
    try:
        for number in range(1, args.rounds + 1):
            clock.check(f"cached pages under load, round {number}/{args.rounds}")
            pin_self(CLIENT_CORE)
            try:
                loaded, elapsed = hammer(
                    HOST, server.port, paths, args.load_seconds / args.rounds, args.load_concurrency
                )
            finally:
                pin_self(None)
            _failures(loaded, "(cached pages under load)")
            latencies = sorted(loaded.latencies)
            requests += len(latencies)
            rounds.append(
                {
                    "p50_ms": percentile(latencies, 0.5) * 1000,
                    "p99_ms": percentile(latencies, 0.99) * 1000,
                    "rps": len(latencies) / elapsed,
                }
            )
            print(
                f"    p50 {rounds[-1]['p50_ms']:.1f} ms, p99 {rounds[-1]['p99_ms']:.1f} ms, "
                f"{rounds[-1]['rps']:.0f} req/s",
                flush=True,
            )
    finally:
        workers = watcher.stop()
    return {
        **summary(rounds),
        **workers,
        "requests": requests,
        "concurrency": args.load_concurrency,
    }


def memory_run(server: Server, paths: list[str], extra: list[str], requests: int, limit: float):
    """`requests` requests to the server's one worker, a tenth of them to distinct pages
    (provisions, instruments, filters: computed once, then cached), then its resident memory."""
    weight = max(1, 9 * len(extra) // max(1, len(paths)))
    mix, served, started = paths * weight + extra, 0, time.monotonic()
    while served < requests and time.monotonic() - started < limit:
        pin_self(CLIENT_CORE)
        try:
            loaded, _elapsed = hammer(HOST, server.port, mix, 2.0, 4)
        finally:
            pin_self(None)
        _failures(loaded, "(memory run)")
        served += len(loaded.latencies)
        if (seconds := time.monotonic() - started) // 30 != (seconds - 2.0) // 30:
            print(f"    {served:,} of {requests:,} requests in {seconds:.0f} s", flush=True)
    (pid,) = server.workers()
    return {
        "requests": served,
        "seconds": round(time.monotonic() - started, 1),
        "rss_mb": round((memory_kb(pid, "VmRSS") or 0) / 1024, 1),
        "peak_mb": round((memory_kb(pid, "VmHWM") or 0) / 1024, 1),
    }


# Profiles -------------------------------------------------------------------------------------


def profile(server: Server, item: Item, seconds: float, name: str) -> dict | None:
    """py-spy's samples of the worker while the page is asked for one request at a time;
    the collapsed stacks go to bench-data/profiles/, their top frames into the results."""
    spy = BENCH_VENV / "bin" / "py-spy"
    workers = server.workers()
    if not spy.exists() or len(workers) != 1:
        return None
    output = DATA / "profiles" / f"{name}-{item.key}.txt"
    output.parent.mkdir(parents=True, exist_ok=True)
    spying = subprocess.Popen(
        [
            str(spy),
            "record",
            "--format",
            "raw",
            "--nonblocking",
            "-r",
            "250",
            "-d",
            str(int(seconds) + 1),
            "-p",
            str(workers[0]),
            "-o",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(0.5)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        _ok(server.port, item.path)
    try:
        _out, error = spying.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        spying.kill()
        return None
    if spying.returncode or not output.exists():
        print(f"    py-spy failed on {item.label}: {error.decode()[-300:]}", flush=True)
        return None
    return top_frames(output.read_text())


OWN_CODE = ("gaps/", "provisions/", "instruments/", "lib/", "config/", "states/", "positions/")


def top_frames(collapsed: str, count: int = 5) -> dict:
    """From py-spy's collapsed stacks (`frame;frame;... samples`, frames as `function
    (path:line)`): where the samples were (self), and the application's own line deepest in
    each stack, the one that called into Django or the driver (own), as shares of all samples."""
    leaves, own, total = Counter(), Counter(), 0
    for line in collapsed.splitlines():
        stack, _, number = line.rpartition(" ")
        if not stack or not number.isdigit():
            continue
        frames, samples = stack.split(";"), int(number)
        total += samples
        leaves[frames[-1]] += samples
        ours = [f for f in frames if f.partition(" (")[2].startswith(OWN_CODE)]
        if ours:
            own[ours[-1]] += samples
    if not total:
        return {}

    def shares(counter: Counter) -> list:
        return [[frame, round(n / total, 3)] for frame, n in counter.most_common(count)]

    return {"samples": total, "self": shares(leaves), "own": shares(own)}


def stop_all(started: list[Server]) -> None:
    for server in reversed(started):
        try:
            server.stop()
        except (ProcessLookupError, OSError):
            pass
