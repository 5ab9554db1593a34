"""Two application servers, one PostgreSQL database, one Redis.

Two `make serve` instances (gunicorn, production settings, the same SECRET_KEY, each with its
own collected static files) on two loopback ports share the test's PostgreSQL database and a
redis-server of the test's own, and are asked as a load balancer would ask them: with the
site's Host header. The test checks that

- a page computed on one server is a cache hit on the other (a page-cache hit is the only
  answer sent gzip-compressed, and Redis holds one entry for the page, not two);
- an admin edit made through one is visible through the other on the next request, and an
  admin session opened on one is valid on the other;
- with Redis stopped, both compute their pages (never a 500, no long wait), and when it
  is back they cache again, without a restart.

It needs DATABASE_URL to name PostgreSQL (else skipped: `make test` on SQLite) and
redis-server (skipped without it locally, failed under CI=true).
"""

from __future__ import annotations

import gzip
import http.client
import shutil
import time

import pytest
import redis
from django.db import connection

from instruments.models import Instrument
from tests.conftest import make_category, make_coverage, make_instrument, make_provision
from tests.http_session import HttpSession
from tests.redis_servers import RedisServer, absent
from tests.servers import ROOT, Reply, Server, free_port, production_env

SITE = {"Host": "localhost", "Accept-Encoding": "gzip"}  # what the proxy would pass on
PAGES = ["/", "/provisions/?q=weapon", "/api/matrix.json", "/api/provisions.json"]
OTHER_PAGES = ["/instruments/", "/instruments/treaty-a/", "/gaps/", "/healthz"]
PASSWORD = "two servers, one database"


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "two servers share one PostgreSQL database; DATABASE_URL is not PostgreSQL "
            "(run with DATABASE_URL=postgres://..., as CI's PostgreSQL run does)"
        )
    if shutil.which("make") is None or not (ROOT / ".venv" / ".installed").exists():
        absent("make serve needs make and the project's .venv (make install)")
    return connection.settings_dict


def database_url(settings: dict) -> str:
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def page(reply) -> tuple[bool, str]:
    """Whether the answer came from the page cache (gzip), and its text."""
    raw = reply.body.encode("latin-1")
    if reply.headers.get("content-encoding") == "gzip":
        return True, gzip.decompress(raw).decode()
    return False, raw.decode()


class Served:
    """`make serve` on a free port; its answers are read as bytes (gzip bodies)."""

    def __init__(self, env: dict[str, str], folder) -> None:
        self.port = free_port()
        command = ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"]
        self.server = Server([*command, f"PORT={self.port}"], env, self.port, folder / "serve.log")

    def get(self, path: str, headers: dict | None = None) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        started = time.monotonic()
        try:
            conn.request("GET", path, headers={**SITE, **(headers or {})})
            response = conn.getresponse()
            body = response.read().decode("latin-1")  # bytes kept one to one
            found = {name.lower(): value for name, value in response.getheaders()}
            return Reply(response.status, found, body, time.monotonic() - started)
        finally:
            conn.close()


def test_two_servers_share_the_database_the_sessions_and_the_page_cache(
    postgresql, redis_server, tmp_path, django_user_model
):
    treaty = make_instrument("treaty-a", short_name="Treaty A")
    weapons = make_category("weapons", name="Weapons in orbit")
    make_coverage(make_provision(treaty, "art-1", text="No weapon in orbit."), weapons)
    draft = make_instrument(
        "hidden-draft",
        short_name="Hidden Draft",
        status=Instrument.Status.DRAFT,
        binding=False,
        published=False,
    )
    make_coverage(make_provision(draft, "art-1", text="No weapon at all."), weapons)
    django_user_model.objects.create_superuser("editor", "e@example.org", PASSWORD)

    env = production_env(
        DATABASE_URL=database_url(postgresql),
        CACHE_URL=redis_server.url,
        CACHE_RETRY_SECONDS="1",
        WEB_CONCURRENCY="2",
    )
    servers = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        servers.append(Served({**env, "STATIC_ROOT": str(folder / "static")}, folder))
    a, b = servers
    store = redis.Redis.from_url(redis_server.url)
    try:
        for served in servers:
            served.server.wait_until_listening(timeout=240)
        for served in servers:
            assert served.get("/healthz").status == 200

        # --- The page cache is shared: computed on B, a hit on A, and one entry in Redis.
        for path in PAGES:
            computed = b.get(path)
            assert computed.status == 200, path
            assert page(computed)[0] is False, f"{path}: B should have computed it"
            hit = a.get(path)
            assert hit.status == 200, path
            assert page(hit) == (True, page(computed)[1]), f"{path}: not a hit on A"
        assert len(store.keys("*:gaps:page:*")) == len(PAGES)
        assert "Hidden Draft" not in page(a.get("/?scope=drafts"))[1]

        # --- An admin edit through A is seen through B on the next request.
        editor = HttpSession(a.port, {"Host": "localhost"})
        assert editor.log_in("editor", PASSWORD).status == 302
        changelist = "/admin/instruments/instrument/"
        published = editor.post_form(
            changelist, [("action", "publish"), ("_selected_action", str(draft.pk))]
        )
        assert published.status == 302, published.body[:2000]
        shown = b.get("/?scope=drafts")
        assert shown.status == 200
        assert page(shown)[0] is False  # the data version moved on: computed afresh
        assert "Hidden Draft" in page(shown)[1]
        assert "Hidden Draft" in page(b.get("/api/matrix.json?scope=drafts"))[1]
        # The session opened on A is valid on B (sessions live in the database).
        on_b = HttpSession(b.port, {"Host": "localhost"})
        on_b.cookies = dict(editor.cookies)
        assert on_b.get("/admin/").status == 200

        # --- Redis stopped: both compute, never a 500, and quickly.
        redis_server.stop()
        for served in servers:
            for path in [*PAGES, *OTHER_PAGES]:
                reply = served.get(path)
                assert reply.status == 200, f"{path} on port {served.port}: {reply.status}"
                assert page(reply)[0] is False, path
                assert reply.seconds < 2, f"{path}: {reply.seconds:.2f} s without Redis"
        assert "Hidden Draft" in page(a.get("/?scope=drafts"))[1]

        # --- Redis back: after the pause (CACHE_RETRY_SECONDS=1) pages are cached again.
        redis_server.start()
        time.sleep(1.2)
        computed = b.get("/?scope=all")
        again = a.get("/?scope=all")
        assert page(computed)[0] is False
        assert page(again) == (True, page(computed)[1])
    finally:
        for served in servers:
            served.server.stop()
    for served in servers:
        log = served.server.log.read_text()
        assert "Internal Server Error" not in log, log[-3000:]
        assert "Cache unavailable" in log  # the outage was noticed and logged, once a pause
