"""When the database is unreachable, pages and API answer 503 with Retry-After, quickly, and
the same workers serve again as soon as it is back. Mocked, and for real with gunicorn."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection, connections
from django.db.backends.utils import CursorWrapper
from django.test import Client

from config.errors import RETRY_AFTER
from tests.conftest import make_category, make_instrument, make_provision
from tests.public_urls import load_small_corpus, public_patterns, real_urls
from tests.servers import Server, TcpProxy, production_env

# A 503 must come back well before a proxy or a person gives up.
QUICKLY = 5.0


def database_down(error: type[Exception] = OperationalError):
    """Every query fails as it does when the server is gone."""
    return mock.patch.object(
        CursorWrapper, "execute", side_effect=error("could not connect to server")
    )


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    body = response.content.decode()
    assert "Traceback" not in body and "could not connect" not in body


# --- Mocked outage -------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_public_page_answers_503_while_the_database_is_down(client):
    load_small_corpus()
    urls = [url for urls in real_urls().values() for url in urls]
    with database_down():
        responses = {url: client.get(url) for url in urls}
    for url, response in responses.items():
        # A page that reads nothing still answers: the diff picker without parameters (400),
        # the redirects from earlier addresses (301, 302).
        if response.status_code not in (200, 301, 302, 400):
            assert_unavailable(response)
            if url.startswith("/api/"):
                assert response.json() == {"error": response.json()["error"], "status": 503}
            elif url != "/healthz":
                assert b"The database is not answering" in response.content, url
    assert responses["/"].status_code == 503
    assert responses["/healthz"].json() == {"status": "unavailable"}


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_an_api_endpoint_answers_503_in_json_while_the_database_is_down(client, error):
    with database_down(error):
        response = client.get("/api/probe/query/")
    assert_unavailable(response)
    assert response.json() == {
        "error": "The database is not answering at the moment. Please try again in a minute.",
        "status": 503,
    }


@pytest.mark.django_db
def test_an_outage_met_in_a_middleware_still_answers_503(admin_user):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    # The signed-in user's session is looked up in a middleware, before any view runs.
    with database_down():
        response = client.post("/")
    assert_unavailable(response)


@pytest.mark.django_db
def test_the_admin_answers_503_while_the_database_is_down(admin_client):
    with database_down():
        assert_unavailable(admin_client.get("/admin/"))


@pytest.mark.django_db(transaction=True)
def test_the_broken_connection_is_dropped_and_the_next_request_reconnects(client, monkeypatch):
    make_category("debris")
    closed = []
    wrapper_class = type(connections["default"])
    original_close = wrapper_class.close

    def close(self):
        closed.append(self.alias)
        original_close(self)

    monkeypatch.setattr(wrapper_class, "close", close)
    with database_down():
        assert client.get("/").status_code == 503
    assert closed == ["default"]
    response = client.get("/")
    assert response.status_code == 200
    assert b"Debris" in response.content


@pytest.mark.django_db
def test_the_health_check_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


# --- Real outage ---------------------------------------------------------------------------


def test_a_server_whose_database_is_unreachable_answers_503_quickly(tmp_path):
    # Nothing listens on port 1: the connection is refused, as when PostgreSQL is stopped.
    env = production_env(DATABASE_URL="postgres://postgres@127.0.0.1:1/unreachable")
    server = Server.gunicorn(env, tmp_path / "server.log")
    try:
        server.wait_until_listening()
        fixed_paths = ["/" + p.route for p in public_patterns() if not p.parameters]
        replies = {path: server.get(path) for path in [*fixed_paths, "/instruments/treaty-a/"]}
    finally:
        server.stop()
    for path, reply in replies.items():
        assert reply.seconds < QUICKLY, path
        if reply.status in (200, 301, 302, 400):  # a page that reads nothing (see above)
            continue
        assert reply.status == 503, path
        assert reply.headers["retry-after"] == str(RETRY_AFTER)
        assert "Traceback" not in reply.body
        if path.startswith(("/api/", "/healthz")):
            assert reply.headers["content-type"] == "application/json", path
        else:
            assert "The database is not answering" in reply.body, path
    assert replies["/"].status == 503
    assert replies["/healthz"].status == 503


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the recovery test cuts a real PostgreSQL connection; DATABASE_URL is not one")
    return connection.settings_dict


def test_the_same_workers_recover_by_themselves_when_the_database_returns(postgresql, tmp_path):
    treaty = make_instrument("treaty-a")
    make_provision(treaty, "art-1")
    make_category("debris")
    proxy = TcpProxy(postgresql["HOST"] or "127.0.0.1", int(postgresql["PORT"] or 5432))
    proxy.start()
    user = postgresql["USER"] + (f":{postgresql['PASSWORD']}" if postgresql["PASSWORD"] else "")
    url = f"postgres://{user}@127.0.0.1:{proxy.port}/{postgresql['NAME']}"
    server = Server.gunicorn(production_env(DATABASE_URL=url), tmp_path / "server.log")
    paths = ["/", "/instruments/treaty-a/", "/instruments/treaty-a/art-1/", "/healthz"]
    try:
        server.wait_until_listening()
        before = {path: server.get(path).status for path in paths}
        workers = server.worker_pids()

        proxy.stop()  # the database is gone; the PostgreSQL server itself keeps running
        during = {path: server.get(path) for path in paths}

        proxy.start()  # back, on the same address
        after = {path: server.get(path).status for path in paths}
        workers_after = server.worker_pids()
    finally:
        server.stop()
        proxy.stop()
    assert before == dict.fromkeys(paths, 200)
    for path, reply in during.items():
        assert reply.status == 503, path
        assert reply.headers["retry-after"] == str(RETRY_AFTER)
        assert reply.seconds < QUICKLY, path
    assert after == dict.fromkeys(paths, 200)
    assert workers and workers_after == workers, "a worker had to be restarted"
