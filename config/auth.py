"""Login throttling: the backend that checks logins made over HTTP, the client address that
failures count against (also behind a proxy), and the lockout page with its Retry-After."""

from __future__ import annotations

import ipaddress
import logging
import math
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with a request.

    Every login over HTTP (the admin's login form) passes its request and is checked.
    Code that authenticates without one (the test client's `login()`, a shell) is not an
    attack from the network; axes would raise for it, so it is left to the next backend.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address that login failures are counted against (AXES_CLIENT_IP_CALLABLE).

    Without CLIENT_IP_HEADER it is the peer's address, REMOTE_ADDR. Behind a reverse proxy
    the peer is always the proxy, so five failures from anyone would lock out everyone: the
    proxy then names the client in a header it always sets (X-Real-IP, or X-Forwarded-For).
    That header is read only on requests whose peer is a trusted proxy (FORWARDED_ALLOW_IPS):
    anyone else could write any address into it. Of a list (X-Forwarded-For, one address
    appended by each proxy) the CLIENT_IP_PROXY_COUNT-th from the right is taken: the address
    the outermost trusted proxy saw, which no client can forge.
    """
    peer = request.META.get("REMOTE_ADDR")
    header = getattr(settings, "CLIENT_IP_HEADER", None)
    if not header or not is_trusted_proxy(peer):
        return peer
    hops = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
    count = getattr(settings, "CLIENT_IP_PROXY_COUNT", 1)
    if len(hops) < count:
        logger.warning(
            "%s from the proxy %s has no client address; using the proxy's", header, peer
        )
        return peer
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        logger.warning("%s holds %r, not an address; using the proxy's", header, candidate[:64])
        return peer


def is_trusted_proxy(address: str | None) -> bool:
    trusted = getattr(settings, "CLIENT_IP_TRUSTED_PROXIES", [])
    if "*" in trusted:
        return True
    try:
        peer = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    for entry in trusted:
        try:
            if peer in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The lockout page (429), with Retry-After: the seconds of the cool-off.

    Every refused attempt counts as an attempt, and the cool-off runs from the last one, so
    a client that waits this long (and tries nothing meanwhile) may log in again.
    """
    context: dict[str, Any] = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
    }
    cool_off = get_cool_off(request)
    if cool_off:
        context["cooloff_timedelta"] = cool_off
    response = render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response
