"""Middleware for failure behaviour: database outages, failed admin saves, anonymous writes."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .errors import database_unavailable, error_response, is_connection_error

logger = logging.getLogger(__name__)

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class DatabaseUnavailableMiddleware:
    """Answer 503 when the database is away, and say "nothing saved" when a save fails.

    Django rolls back the admin's atomic save before the exception reaches this point, so
    a failed save has written nothing; the editor is sent back to the form with a message
    instead of an error page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *_view) -> HttpResponse | None:
        # A middleware that met the outage before the view (the page cache, reading the data
        # version) leaves the error here: answer now instead of letting the view connect again,
        # so that one request costs at most one connect timeout.
        exception = getattr(request, "database_error", None)
        if is_connection_error(exception):
            return database_unavailable(request, exception)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_connection_error(exception):
            return database_unavailable(request, exception)
        if isinstance(exception, DatabaseError) and is_admin_write(request):
            logger.error("Admin change refused by the database: %s", request.path, exc_info=True)
            messages.error(
                request,
                "Nothing was saved: the database refused the change "
                f"({type(exception).__name__}). No part of it was written; "
                "please enter it again or ask the maintainer.",
            )
            return HttpResponseRedirect(request.get_full_path(), status=303)
        return None


def is_admin_write(request: HttpRequest) -> bool:
    match = request.resolver_match
    return request.method == "POST" and match is not None and match.app_name == "admin"


class ReadOnlyForAnonymousMiddleware:
    """Refuse every write (POST, PUT, PATCH, DELETE...) from anonymous users outside the admin.

    The public site and the API only read. The admin's own login form is the one place an
    anonymous user may post to, and the admin checks permissions itself; views elsewhere
    that accept writes from signed-in users must check permissions too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method not in READ_METHODS
            and not request.path.startswith(reverse("admin:index"))
            and not request.user.is_authenticated
        ):
            response = error_response(request, 405)
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        return self.get_response(request)
