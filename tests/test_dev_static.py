"""The development server (DEBUG=1, runserver's static handler) answers a
static path that leaves the static folders with 404, not 500, and never serves the file.

A real `manage.py runserver` on a free loopback port, and raw HTTP requests (http.client
sends the path as written; a browser would have removed the `..` itself).
"""

from __future__ import annotations

import http.client
import os
import sys

import pytest

from tests.servers import ROOT, Server, free_port

TRAVERSALS = [
    "/static/../config/settings.py",
    "/static/..%2fconfig/settings.py",
    "/static/%2e%2e/config/settings.py",
    "/static/admin/../../config/settings.py",
    "/static/css/../../manage.py",
    "/static/../../../../etc/passwd",
]


def raw_get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def runserver(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runserver")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}")
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    server = Server(command, env, port, folder / "runserver.log")
    try:
        server.wait_until_listening(timeout=60)
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_path_out_of_the_static_folders_is_not_found(runserver, path):
    status, body = raw_get(runserver.port, path)
    assert status == 404, f"{path}: {status}\n{runserver.log.read_text()[-2000:]}"
    assert b"SECRET_KEY" not in body and b"root:" not in body


def test_static_files_are_still_served(runserver):
    status, body = raw_get(runserver.port, "/static/css/site.css")
    assert status == 200
    assert body == (ROOT / "static" / "css" / "site.css").read_bytes()
    assert raw_get(runserver.port, "/static/admin/css/base.css")[0] == 200  # an app's file
    assert raw_get(runserver.port, "/static/css/no-such-file.css")[0] == 404


def test_the_finders_answer_not_found_for_a_path_outside_their_folders():
    from django.contrib.staticfiles import finders

    assert finders.find("../config/settings.py") is None
    assert finders.find("../config/settings.py", find_all=True) == []
    assert finders.find("css/site.css") == str(ROOT / "static" / "css" / "site.css")
