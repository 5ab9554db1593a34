"""The shared cache (CACHE_URL=redis://...): the page and matrix caches go through Redis, and a
Redis that is away or stuck costs a request a short timeout at most, never its answer.

Against a real Redis: CACHE_URL when it names one (CI's run), else the machine's on port 6379
(database 1), each test under its own key prefix. Without Redis they are skipped locally and
fail under CI=true. The outage tests need no Redis: a closed port, and a port that accepts
and never answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from config.cache import FailSoftRedisCache
from gaps import matrix_cache
from gaps.models import DataVersion
from gaps.page_cache import page_key
from provisions.models import Provision
from tests.provisions.builders import cast
from tests.redis_servers import BlackHole, free_port, require_shared_redis, unique_prefix
from tests.servers import ROOT

pytestmark = pytest.mark.django_db

TIMEOUT = 0.2  # seconds; the socket timeouts these tests configure


def redis_caches(url: str, prefix: str, retry_seconds: float = 5.0) -> dict:
    return {
        "default": {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {
                "socket_connect_timeout": TIMEOUT,
                "socket_timeout": TIMEOUT,
                "RETRY_SECONDS": retry_seconds,
            },
        }
    }


def raw_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=2)


@pytest.fixture
def shared():
    """The default cache is a real Redis under a fresh prefix; its keys are removed after."""
    url = require_shared_redis()
    prefix = unique_prefix()
    with override_settings(CACHES=redis_caches(url, prefix)):
        assert isinstance(caches["default"], FailSoftRedisCache)
        yield url, prefix
        caches["default"].clear()
    assert not raw_client(url).keys(f"{prefix}:*")


def keys(url: str, prefix: str, kind: str) -> list[bytes]:
    return raw_client(url).keys(f"{prefix}:1:gaps:{kind}:*")


# --- Settings -------------------------------------------------------------------------------


def settings_caches(**env: str) -> subprocess.CompletedProcess:
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.CACHES, default=str))"
    )
    environment = {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env}
    base = {k: v for k, v in os.environ.items() if not k.startswith("CACHE_")}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_cache_url_each_process_caches_in_its_own_memory():
    result = settings_caches()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["default"]["BACKEND"].endswith("LocMemCache")


def test_cache_url_selects_the_fail_soft_redis_backend_with_short_timeouts():
    result = settings_caches(CACHE_URL="redis://cache.internal:6379/2", CACHE_KEY_PREFIX="treaties")
    assert result.returncode == 0, result.stderr
    default = json.loads(result.stdout)["default"]
    assert default["BACKEND"] == "config.cache.FailSoftRedisCache"
    assert default["LOCATION"] == "redis://cache.internal:6379/2"
    assert default["KEY_PREFIX"] == "treaties"
    assert default["OPTIONS"]["socket_connect_timeout"] == 0.5
    assert default["OPTIONS"]["socket_timeout"] == 0.5
    assert issubclass(FailSoftRedisCache, RedisCache)


def test_a_cache_url_that_is_not_redis_is_refused_with_a_clear_message():
    result = settings_caches(CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a Redis URL" in result.stderr
    assert "'memcached'" in result.stderr


# --- Through a real Redis -------------------------------------------------------------------


def test_the_page_cache_stores_pages_in_redis_and_answers_from_there(
    client, shared, django_assert_max_num_queries
):
    url, prefix = shared
    cast()
    first = client.get("/provisions/?q=weapons")
    assert first.status_code == 200
    stored = keys(url, prefix, "page")
    assert len(stored) == 1
    token = DataVersion.objects.current()
    address = "http://testserver/provisions/?q=weapons"
    assert stored[0].decode() == f"{prefix}:1:{page_key(token, address)}"
    with django_assert_max_num_queries(1):  # the data version
        again = client.get("/provisions/?q=weapons", HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip"  # what only a cached answer carries


def test_the_matrix_cache_stores_matrices_in_redis(client, shared):
    url, prefix = shared
    cast()
    assert client.get("/api/matrix.json?scope=all&format=json").status_code == 200
    token = DataVersion.objects.current()
    catalogue = matrix_cache.get_catalogue(token)
    assert catalogue
    assert len(keys(url, prefix, "matrix")) >= 2  # the catalogue and one matrix


def test_a_change_is_seen_through_redis_on_the_next_request(client, shared):
    cast()
    before = client.get("/provisions/?q=weapons").content.decode()
    provision = Provision.objects.get(instrument__slug="ost", slug="art-4-para-2")
    provision.heading = "Renamed while cached in Redis"
    provision.save()
    after = client.get("/provisions/?q=weapons").content.decode()
    assert "Renamed while cached in Redis" not in before
    assert "Renamed while cached in Redis" in after


def test_clear_deletes_only_the_keys_of_its_own_prefix(shared):
    url, prefix = shared
    neighbour = f"{unique_prefix()}:1:theirs"
    raw_client(url).set(neighbour, b"kept", ex=60)
    try:
        cache.set("mine", {"a": 1})
        assert cache.get("mine") == {"a": 1}
        assert cache.clear() is True
        assert cache.get("mine") is None
        assert raw_client(url).get(neighbour) == b"kept"
    finally:
        raw_client(url).delete(neighbour)


def test_redis_coming_back_is_used_again_after_the_retry_pause():
    url = require_shared_redis()
    prefix = unique_prefix()
    backend = FailSoftRedisCache(url, redis_caches(url, prefix, retry_seconds=0.3)["default"])
    try:
        backend._failed("get", ConnectionError("pretend"))
        backend.set("k", 1)  # skipped: the pause is on
        assert backend.get("k") is None
        time.sleep(0.35)
        backend.set("k", 1)
        assert backend.get("k") == 1
    finally:
        backend.clear()


# --- Redis away or stuck: pages are computed, never a 500 -----------------------------------


@pytest.mark.parametrize("kind", ["refused", "stuck"])
def test_pages_are_computed_when_redis_is_away(client, kind, caplog):
    cast()
    expected = client.get("/provisions/?q=weapons").content  # with the local cache
    hole = BlackHole() if kind == "stuck" else None
    port = hole.port if hole else free_port()  # nothing listens on a free port
    try:
        with override_settings(CACHES=redis_caches(f"redis://127.0.0.1:{port}/0", "away")):
            started = time.monotonic()
            first = client.get("/provisions/?q=weapons")
            first_took = time.monotonic() - started
            started = time.monotonic()
            others = [client.get(path) for path in ("/", "/api/matrix.json", "/provisions/")]
            others_took = time.monotonic() - started
    finally:
        if hole:
            hole.close()
    assert first.status_code == 200
    assert first.content == expected
    assert [reply.status_code for reply in others] == [200, 200, 200]
    assert "Cache unavailable" in caplog.text
    # One failed cache call, then this process leaves Redis alone: a stuck Redis is connected
    # to once, not once per cache call (each of which would cost a timeout). The times are
    # loose bounds, for a loaded machine; the count is the exact check.
    if hole:
        assert hole.accepted == 1, "Redis was tried again during the pause"
    assert first_took < 2.0
    assert others_took < 2.0


def test_every_cache_operation_fails_soft():
    backend = FailSoftRedisCache(
        f"redis://127.0.0.1:{free_port()}/0", redis_caches("", "x", retry_seconds=0)["default"]
    )
    assert backend.get("k", "default") == "default"
    assert backend.get_or_set("k", lambda: "computed") == "computed"
    assert backend.set("k", 1) is None
    assert backend.add("k", 1) is False
    assert backend.touch("k") is False
    assert backend.delete("k") is False
    assert backend.get_many(["k"]) == {}
    assert backend.has_key("k") is False
    assert backend.set_many({"k": 1}) == ["k"]
    assert backend.delete_many(["k"]) is None
    assert backend.clear() is False
    with pytest.raises(ValueError):
        backend.incr("k")
