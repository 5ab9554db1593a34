"""Latency and throughput of one URL, with the load test's HTTP client (scripts/loadtest.py).

Latency: one connection, one request at a time, so that the figure is the server's time for
the request plus the loopback round trip, without queueing. Throughput: several connections
at once for a fixed time, enough to keep the server's one worker always busy. The benchmark
runs the throughput of all its URLs in interleaved rounds and keeps each URL's median, so
that a burst of other work on this machine spoils one round rather than one URL's figure.
"""

from __future__ import annotations

import http.client
import statistics
from dataclasses import dataclass

from loadtest import fetch, hammer, percentile

HOST = "127.0.0.1"


@dataclass
class Latency:
    p50_ms: float
    p95_ms: float
    latency_requests: int
    body_bytes: int


class MeasurementError(SystemExit):
    pass


def get(port: int, path: str, timeout: float = 60) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def warm_up(port: int, path: str, times: int = 3) -> int:
    """Request `path` a few times (filling caches); returns the size of the answer as sent."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    size = 0
    for _ in range(times):
        status, body = fetch(conn, path)
        if status != 200:
            raise MeasurementError(f"GET {path} answered {status}: {body[:300]!r}")
        size = len(body)
    conn.close()
    return size


def _check(results, path: str) -> None:
    if results.errors or results.non_2xx:
        problems = dict(results.errors) | dict(results.non_2xx)
        raise MeasurementError(f"GET {path} failed under load: {problems}")


def latency(port: int, path: str, seconds: float) -> Latency:
    size = warm_up(port, path)
    sequential, _elapsed = hammer(HOST, port, [path], seconds, 1)
    _check(sequential, path)
    latencies = sorted(sequential.latencies)
    return Latency(
        p50_ms=round(percentile(latencies, 0.50) * 1000, 2),
        p95_ms=round(percentile(latencies, 0.95) * 1000, 2),
        latency_requests=len(latencies),
        body_bytes=size,
    )


def throughput(port: int, path: str, seconds: float, concurrency: int) -> float:
    """Requests per second over `concurrency` connections for `seconds`."""
    loaded, elapsed = hammer(HOST, port, [path], seconds, concurrency)
    _check(loaded, path)
    return len(loaded.latencies) / elapsed if elapsed else 0.0


def median_rps(rounds: list[float]) -> float:
    """The figure kept from several rounds: their median, one decimal."""
    return round(statistics.median(rounds), 1) if rounds else 0.0
