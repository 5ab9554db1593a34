"""Error responses: HTML pages for people, JSON for /api/, and what a database outage needs.

Every body here is a fixed, plain message: no exception text, settings or SQL ever reaches
a client. The 500 and 503 pages are rendered without the request and without the database,
because either may be what failed.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# Seconds a client is asked to wait before retrying while the database is away.
RETRY_AFTER = 30

MESSAGES = {
    400: "The request could not be understood. Check the address and the values in it.",
    403: "You are not allowed to do this.",
    404: "There is no page at this address.",
    405: "This address only answers reading requests (GET and HEAD).",
    500: "Something went wrong on our side. The error has been logged; please try again later.",
    503: "The database is not answering at the moment. Please try again in a minute.",
}
CSRF_MESSAGE = (
    "The form could not be submitted: its security token was missing or out of date. "
    "Reload the page and try again."
)


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(
    request: HttpRequest, status: int, message: str | None = None, template: str | None = None
) -> HttpResponse:
    """The error page for `status`, or `{"error": ..., "status": ...}` under /api/."""
    message = message or MESSAGES[status]
    if wants_json(request):
        return JsonResponse({"error": message, "status": status}, status=status)
    body = render_to_string(template or f"{status}.html", {"message": message})
    return HttpResponse(body, status=status)


def is_connection_error(exc: BaseException | None) -> bool:
    """Whether `exc` means the database could not be reached or the connection broke.

    psycopg and sqlite3 report refused, timed-out and dropped connections, and also lock
    timeouts, as OperationalError; a connection closed under Django's feet is an
    InterfaceError. All are transient: retrying later is the right advice.
    """
    return isinstance(exc, OperationalError | InterfaceError)


def close_broken_connections() -> None:
    """Drop connections so that the next request opens a fresh one.

    A connection inside an atomic block belongs to code still running (or to a test's
    transaction) and is left alone. Closing never probes the server, which may not answer.
    """
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close()


def database_unavailable(request: HttpRequest, exc: BaseException | None = None) -> HttpResponse:
    """503 with Retry-After, after dropping the broken connection."""
    # Django logs the 503 itself; this adds why.
    logger.warning("Database unavailable while serving %s: %s", request.path, exc)
    close_broken_connections()
    response = error_response(request, 503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
