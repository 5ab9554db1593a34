"""Latency and throughput of one URL, with the load test's HTTP client (scripts/loadtest.py).

Latency: one connection, one request at a time, so that the figure is the server's time for
the request plus the loopback round trip, without queueing. Throughput: several connections
at once for a fixed time, enough to keep the server's one worker always busy.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass

from loadtest import fetch, hammer, percentile

HOST = "127.0.0.1"


@dataclass
class Timing:
    p50_ms: float
    p95_ms: float
    latency_requests: int
    rps: float
    requests: int
    concurrency: int
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
    """Request `path` a few times (filling caches); returns the size of the answer."""
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


def measure(
    port: int, path: str, latency_seconds: float, seconds: float, concurrency: int
) -> Timing:
    size = warm_up(port, path)
    sequential, _elapsed = hammer(HOST, port, [path], latency_seconds, 1)
    _check(sequential, path)
    latencies = sorted(sequential.latencies)
    loaded, elapsed = hammer(HOST, port, [path], seconds, concurrency)
    _check(loaded, path)
    return Timing(
        p50_ms=round(percentile(latencies, 0.50) * 1000, 2),
        p95_ms=round(percentile(latencies, 0.95) * 1000, 2),
        latency_requests=len(latencies),
        rps=round(len(loaded.latencies) / elapsed, 1) if elapsed else 0.0,
        requests=len(loaded.latencies),
        concurrency=concurrency,
        body_bytes=size,
    )
