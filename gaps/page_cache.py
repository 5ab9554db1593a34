"""Whole answers of the public read-only pages, cached under the data version.

The views named in the setting PAGE_CACHE_VIEWS ("namespace:name") are answered from the
cache when the same address was asked for since the data last changed: one query (the data
version) instead of the view's dozen. `DataVersion` changes on every save or delete of the
data these pages show (gaps/signals.py), so no answer is ever stale; entries under old
versions are never read again and age out.

Only GET answers with status 200 that set no cookie and are not streamed are stored, and the
key is the absolute address (scheme, host, path and query), since pages show absolute links.
The pages cached show the same thing to everyone, signed in or not. PAGE_CACHE=0 in the
environment turns this off (the benchmark's uncached run).

Answers are stored gzip-compressed, once, and sent so to clients that accept gzip (browsers
do), as WhiteNoise sends static files: a matrix of hundreds of instruments is a few hundred
kilobytes of HTML and a tenth of that compressed. Compressing is safe here (no BREACH): these
pages hold no secret, neither CSRF token nor anything about the user.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .models import DataVersion

CACHE_SECONDS = 24 * 60 * 60
# Larger answers (compressed) are not kept, so that a few cannot fill a worker's memory.
MAX_BYTES = 512 * 1024
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def data_version(request: HttpRequest) -> str:
    """The data version's token, read once per request (this middleware may have read it)."""
    token = getattr(request, "data_version", None)
    if token is None:
        token = request.data_version = DataVersion.objects.current()
    return token


def page_key(token: str, address: str) -> str:
    """The key of an answer: the data version, the day (a page's citation gives the date it
    was accessed) and the address."""
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"gaps:page:{token}:{timezone.localdate().isoformat()}:{digest}"


class PageCacheMiddleware:
    """Answer repeated requests for the pages in PAGE_CACHE_VIEWS from the cache.

    It sits before the session, CSRF and authentication middleware: a cached answer needs
    none of them (GET only, and these pages are the same for everyone), so a hit skips them.
    The answer still passes back through the security and CSP middleware around it; the
    headers the inner middleware added (X-Frame-Options, ...) were stored with it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        cached = cache.get(key)
        if cached is not None:
            return self._answer(request, *cached)
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Encoding",))
        if response.status_code == 200 and not response.streaming and not response.cookies:
            compressed = gzip.compress(response.content, compresslevel=6, mtime=0)
            if len(compressed) <= MAX_BYTES:
                headers = {
                    name: value
                    for name, value in response.headers.items()
                    if name.lower() != "content-length"
                }
                cache.set(key, (compressed, headers), CACHE_SECONDS)
        return response

    def _key(self, request: HttpRequest) -> str | None:
        if request.method != "GET":
            return None
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            return None
        if view_name not in settings.PAGE_CACHE_VIEWS:
            return None
        try:
            # Read even with the page cache off: the view finds it as request.data_version,
            # and the provision list caches its facets under it (provisions cannot ask gaps).
            token = data_version(request)
        except DatabaseError as exc:
            # Noted for the outage handling, which answers before the view runs: the view would
            # connect again, and a database that does not answer would cost a second timeout.
            request.database_error = exc
            return None
        if not settings.PAGE_CACHE:
            return None
        return page_key(token, request.build_absolute_uri())

    def _answer(self, request: HttpRequest, compressed: bytes, headers: dict) -> HttpResponse:
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(compressed, headers=headers)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(compressed), headers=headers)
        response["Content-Length"] = str(len(response.content))
        return response
