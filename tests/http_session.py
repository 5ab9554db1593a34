"""A minimal HTTP client with cookies and CSRF tokens, for tests against real servers
(gunicorn): log in to the admin and post its forms as a browser would."""

from __future__ import annotations

import http.client
import re
import time
from urllib.parse import urlencode

from tests.servers import Reply

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class HttpSession:
    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.headers = headers or {}

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict | None = None
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            found: dict[str, str] = {}
            for name, value in response.getheaders():
                key = name.lower()
                if key == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
                found[key] = f"{found[key]}\n{value}" if key in found else value
            return Reply(response.status, found, text, time.monotonic() - started)
        finally:
            conn.close()

    def get(self, path: str, headers: dict | None = None) -> Reply:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict | list, headers: dict | None = None) -> Reply:
        """POST `fields` with the CSRF token of the form at `path` (fetched first)."""
        page = self.get(path, headers)
        token = CSRF_FIELD.search(page.body)
        assert token, f"no CSRF token in the form at {path} ({page.status})"
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        body = urlencode([("csrfmiddlewaretoken", token.group(1)), *items])
        return self.request("POST", path, body, headers)

    def log_in(self, username: str, password: str, headers: dict | None = None) -> Reply:
        return self.post_form(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
            headers,
        )
