"""The shared cache of a multi-server deployment: Django's Redis backend, made to fail soft.

Everything this project caches (computed matrices, whole pages) can be computed again from the
database, so a cache that is away must cost a request some time, never its answer. Django's
`RedisCache` raises `redis.ConnectionError` or `redis.TimeoutError` when Redis is away or slow;
`FailSoftRedisCache` turns that into a miss (reads) or a no-op (writes), logs it, and then
leaves Redis alone for `RETRY_SECONDS` in this process, so that a dead Redis costs one short
socket timeout every few seconds instead of one or more on every request.

With a KEY_PREFIX, `clear()` deletes only this prefix's keys instead of the whole Redis
database, so that several users of one Redis (test runs, sites) cannot empty each other's.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What a dead, unreachable or overloaded Redis raises (TimeoutError is a ConnectionError in some
# redis-py versions, not in others; both are named).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class FailSoftRedisCache(RedisCache):
    """`RedisCache` whose failures are misses: a request never fails because of the cache."""

    # Seconds during which a process skips Redis after a failure, then tries it again.
    RETRY_SECONDS = 5.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", self.RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0

    # --- the breaker ---------------------------------------------------------------------

    def is_available(self) -> bool:
        """False while this process is skipping Redis after a failure."""
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, exc: BaseException) -> None:
        if self.is_available():
            logger.warning(
                "Cache unavailable (%s: %s); computing without it for %.0f s",
                operation,
                exc,
                self.retry_seconds,
            )
        self._down_until = time.monotonic() + self.retry_seconds

    def _call(self, operation: str, fallback: Any, call, *args: Any, **kwargs: Any) -> Any:
        if not self.is_available():
            return fallback
        try:
            return call(*args, **kwargs)
        except UNAVAILABLE as exc:
            self._failed(operation, exc)
            return fallback

    # --- Django's cache API --------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        if not self.is_available():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as exc:
            self._failed("incr", exc)
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).") from exc

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        # BaseCache's version reads, adds and reads again: three round trips to a dead Redis.
        # Here a failure of the first read skips the other two (the breaker is then open).
        value = self.get(key, _MISSING, version=version)
        if value is not _MISSING:
            return value
        if callable(default):
            default = default()
        if not self.is_available():
            return default
        self.add(key, default, timeout=timeout, version=version)
        return self.get(key, default, version=version)

    def clear(self):
        if not self.key_prefix:
            return self._call("clear", False, super().clear)
        return self._call("clear", False, self._delete_prefixed)

    def _delete_prefixed(self) -> bool:
        client = self._cache.get_client(write=True)
        # Django's keys are "<prefix>:<version>:<key>"; glob characters in the prefix are escaped.
        pattern = "".join(f"\\{c}" if c in "*?[]\\" else c for c in self.key_prefix) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
        return True


_MISSING = object()
