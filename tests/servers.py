"""Real servers for the deployment and outage tests: gunicorn in production mode, and a TCP
proxy in front of PostgreSQL that a test can cut and restore without touching the server."""

from __future__ import annotations

import atexit
import functools
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Variables of the developer's or CI's environment that must not leak into production mode.
DEVELOPMENT_VARIABLES = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "STATIC_ROOT"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _base_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in DEVELOPMENT_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        GUNICORN_ACCESS_LOG="",
    )
    return env


@functools.cache
def collected_static() -> Path:
    """Static files collected once per test run, as `make serve` does before serving."""
    directory = Path(tempfile.mkdtemp(prefix="collected-static-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env={**_base_env(), "STATIC_ROOT": str(directory)},
        check=True,
        timeout=300,
    )
    return directory


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production server on loopback, without TLS in front."""
    return {**_base_env(), "STATIC_ROOT": str(collected_static()), **overrides}


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float


def get(port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 15) -> Reply:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.monotonic()
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        # Header names are case-insensitive; keep every Set-Cookie.
        found: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            found[key] = f"{found[key]}\n{value}" if key in found else value
        return Reply(response.status, found, body, time.monotonic() - started)
    finally:
        conn.close()


class Server:
    """A process serving HTTP on a loopback port, stopped with its whole process group."""

    def __init__(self, command: list[str], env: dict[str, str], port: int, log: Path) -> None:
        self.port = port
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @classmethod
    def gunicorn(cls, env: dict[str, str], log: Path, workers: int = 1) -> Server:
        port = free_port()
        env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
        command = [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py"]
        return cls([*command, "config.wsgi"], env, port, log)

    def wait_until_listening(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped:\n{self.log.read_text()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not listen in time:\n{self.log.read_text()[-3000:]}")

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return get(self.port, path, headers)

    def worker_pids(self) -> set[int]:
        """Process ids of the server's children (gunicorn's workers), read from /proc."""
        pids = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.add(int(stat.parent.name))
        return pids

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class TcpProxy:
    """Forwards a loopback port to the database server; stop() cuts every connection.

    The application is pointed at the proxy, so the test can make the database unreachable
    and bring it back while the shared database server itself keeps running.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._stopping = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._stopping.clear()
        self._thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while not self._stopping.is_set():
                try:
                    client, _address = listener.accept()
                except TimeoutError:
                    continue
                client.settimeout(None)
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    client.close()
                    continue
                upstream.settimeout(None)
                with self._lock:
                    self._sockets |= {client, upstream}
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
