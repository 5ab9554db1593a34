"""Real Redis for the shared-cache tests: the machine's server, or one a test starts and stops.

Locally a missing Redis skips these tests with the reason; under CI=true (`.ci/run`) it fails
them, since CI must run them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

# The machine's Redis, used when CACHE_URL does not name one (never database 0, which
# other programs on a developer's machine may use).
DEFAULT_URL = "redis://127.0.0.1:6379/1"


def in_ci() -> bool:
    return os.getenv("CI", "").strip().lower() in {"1", "true", "yes"}


def absent(reason: str) -> None:
    """Skip locally; fail under CI, where everything these tests need must be there."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: CI must run this test, so this is a failure)")
    pytest.skip(reason)


def shared_url() -> str:
    url = os.getenv("CACHE_URL", "").strip()
    return url if url.startswith(("redis://", "rediss://")) else DEFAULT_URL


def answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def require_shared_redis() -> str:
    """The URL of a Redis that answers (CACHE_URL, else the machine's on port 6379)."""
    url = shared_url()
    if not answers(url):
        absent(
            f"no Redis answers at {url}: start one (redis-server) or set CACHE_URL "
            "to run the shared-cache tests"
        )
    return url


def unique_prefix() -> str:
    """A key prefix no other run uses: CACHE_KEY_PREFIX (CI's run) plus a random part."""
    base = os.getenv("CACHE_KEY_PREFIX", "").strip() or "tests"
    return f"{base}-{uuid.uuid4().hex[:12]}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of our own on a free loopback port: no disk, stopped by stop()."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            absent("redis-server is not installed (apt-get install redis-server)")
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            self.binary,
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.directory),
        ]  # fmt: skip
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while not answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class BlackHole:
    """A loopback port that accepts connections and never answers: a stuck server.

    `accepted` counts the connections made to it (each one attempt by a client).
    """

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self._held: list[socket.socket] = []
        self._stopping = threading.Event()
        self.listener.settimeout(0.1)
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(conn)  # read nothing, answer nothing

    @property
    def accepted(self) -> int:
        return len(self._held)

    def close(self) -> None:
        self._stopping.set()
        self._thread.join()
        for conn in self._held:
            conn.close()
        self.listener.close()
