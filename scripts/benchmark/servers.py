"""Starting, pinning, watching and stopping the servers under test.

The application runs under `make serve` (gunicorn, WhiteNoise, DEBUG off) with one worker;
Datasette under `datasette serve --immutable`. Each is pinned to the same single core with
`taskset`, and so are the PostgreSQL sessions the application's worker uses, since Datasette
runs its SQLite queries in its own process: each side then gets exactly one core for all of
its work. The load generator (this process) runs on another core.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from loadtest import free_port, is_loopback, start_server, stop_server, wait_for_health

from .scales import ROOT

SERVER_CORE = 0
CLIENT_CORE = 1
START_TIMEOUT = 180


def is_loopback_url(url: str) -> bool:
    """Whether a database URL points at this machine (no host: a local socket)."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname
    return host is None or is_loopback(host)


def cores() -> int:
    return len(os.sched_getaffinity(0))


def can_pin() -> bool:
    return cores() >= 2 and shutil.which("taskset") is not None


def pin_self(core: int | None) -> None:
    """Run this process (the load generator) on one core, or on all of them again."""
    if not can_pin():
        return
    os.sched_setaffinity(0, {core} if core is not None else set(range(os.cpu_count() or 1)))


def _taskset() -> tuple[str, ...]:
    return ("taskset", "-c", str(SERVER_CORE)) if can_pin() else ()


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path
    database: str | None = None  # the PostgreSQL database whose sessions get pinned
    pinned_backends: set[int] = field(default_factory=set)

    def stop(self) -> None:
        stop_server(self.process)


def start_app(
    port: int, database_url: str, database: str, log: Path, extra_env: dict[str, str]
) -> Server:
    env = {
        "DATABASE_URL": database_url,
        # One synchronous worker on one core: the per-core comparison with Datasette.
        "WEB_CONCURRENCY": "1",
        # Keep the one worker for the whole run, so that its peak memory covers every page.
        "GUNICORN_MAX_REQUESTS": "0",
        # Keep its database session too, so that the session stays pinned with it.
        "CONN_MAX_AGE": "3600",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-" + "x" * 40,
        **extra_env,
    }
    process = start_server(port, log, env=env, prefix=_taskset())
    server = Server("application", process, port, log, database=database)
    _wait(server)
    return server


def start_datasette(executable: Path, sqlite_file: Path, log: Path) -> Server:
    port = free_port()
    command = [
        *_taskset(),
        str(executable),
        "serve",
        "--immutable",
        str(sqlite_file),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        # Only so that checking whole result sets cannot hit the 1 s default; no timed
        # question comes near it.
        "--setting",
        "sql_time_limit_ms",
        "20000",
    ]
    print(f"Starting Datasette on 127.0.0.1:{port}; its output goes to {log}", flush=True)
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server("datasette", process, port, log)
    _wait(server, health=f"/{sqlite_file.stem}.json")
    return server


def _wait(server: Server, health: str = "/healthz") -> None:
    import http.client

    deadline = time.monotonic() + START_TIMEOUT
    if health == "/healthz":
        try:
            wait_for_health("127.0.0.1", server.port, timeout=START_TIMEOUT)
            return
        except SystemExit:
            server.stop()
            raise SystemExit(f"{server.name} did not start; see {server.log}") from None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
            conn.request("GET", health)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise SystemExit(f"{server.name} did not start; see {server.log}")


# Processes ---------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields follow the last ")".
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def gunicorn_workers(server: Server) -> list[int]:
    """The gunicorn worker processes under the server's process (children of the master)."""
    tree = _children()
    pending, descendants = [server.process.pid], []
    while pending:
        pid = pending.pop()
        for child in tree.get(pid, []):
            descendants.append(child)
            pending.append(child)
    gunicorns = {pid for pid in descendants if "gunicorn" in _cmdline(pid)}
    return sorted(
        pid for pid in gunicorns if any(pid in tree.get(parent, []) for parent in gunicorns)
    )


def status_kb(pid: int, field_name: str) -> int | None:
    """A memory figure from /proc/<pid>/status, e.g. VmHWM (peak resident set), in kB."""
    try:
        for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def pin_database_sessions(server: Server, admin_url: str) -> set[int]:
    """Pin the PostgreSQL sessions connected to the server's database to the server's core.

    Returns the sessions' process ids. A session opened later (after a reconnection) is
    pinned the next time this runs: before every measurement.
    """
    if server.database is None or not can_pin():
        return set()
    with psycopg2.connect(admin_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'",
            [server.database],
        )
        pids = {row[0] for row in cursor.fetchall()}
    connection.close()
    for pid in pids - server.pinned_backends:
        try:
            os.sched_setaffinity(pid, {SERVER_CORE})
        except OSError as error:
            raise SystemExit(
                f"cannot pin PostgreSQL session {pid} to core {SERVER_CORE} ({error}); run the "
                "benchmark as a user allowed to (root or the postgres user), or with --no-pin-db"
            ) from None
    server.pinned_backends |= pids
    return pids
