"""A database that accepts connections and never answers costs one
request at most one connect timeout, on every page, the cached ones included.

The page cache reads the data version before the view runs; when that read timed out, the
view connected again and waited a second time (6 s for a 3 s timeout). A real gunicorn in
production mode is pointed at a loopback port that accepts and never answers; the test counts
the connection attempts it receives and times each answer.
"""

from __future__ import annotations

import pytest

from config.errors import RETRY_AFTER
from tests.redis_servers import BlackHole
from tests.servers import Server, get, production_env

CONNECT_TIMEOUT = 1  # seconds (DB_CONNECT_TIMEOUT); libpq honours a 1 s timeout
# Process start-up of a cold worker, rendering the 503, loopback: well under half a second.
SLACK = 0.5
PATHS = [
    "/",  # the page cache
    "/provisions/?q=weapon",  # the page cache
    "/api/matrix.json",  # the page cache
    "/api/provisions.json",  # the page cache
    "/instruments/",  # not cached
    "/healthz",
]


@pytest.fixture
def stuck_database(tmp_path):
    hole = BlackHole()
    env = production_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{hole.port}/stuck",
        DB_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
    )
    server = Server.gunicorn(env, tmp_path / "server.log")
    try:
        server.wait_until_listening()
        yield server, hole
    finally:
        server.stop()
        hole.close()


def test_a_stuck_database_costs_each_request_one_connect_timeout_at_most(stuck_database):
    server, hole = stuck_database
    get(server.port, "/healthz", timeout=30)  # warm the worker up
    for path in PATHS:
        attempts_before = hole.accepted
        reply = get(server.port, path, timeout=30)
        assert reply.status == 503, path
        assert reply.headers["retry-after"] == str(RETRY_AFTER), path
        assert hole.accepted - attempts_before == 1, f"{path}: more than one connection attempt"
        assert reply.seconds < CONNECT_TIMEOUT + SLACK, f"{path}: {reply.seconds:.2f} s"
