"""Error pages (400, 403, 404, 500) are plain pages, JSON under /api/, and reveal nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.error_urls import SECRET_TEXT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

LEAKS = ["Traceback", 'File "', "RuntimeError", "ProgrammingError", "SELECT", "settings.py"]


@pytest.fixture
def client() -> Client:
    # Like a real server: an exception becomes the 500 page instead of failing the test.
    return Client(raise_request_exception=False)


def assert_reveals_nothing(body: str) -> None:
    for leak in [*LEAKS, SECRET_TEXT, settings.SECRET_KEY]:
        assert leak not in body


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/probe/suspicious/", 400, "Bad request"),
        ("/probe/forbidden/", 403, "Not allowed"),
        ("/no/such/page/", 404, "Page not found"),
        ("/probe/crash/", 500, "Server error"),
        ("/probe/sql-error/", 500, "Server error"),
    ],
)
def test_errors_are_plain_pages_that_reveal_nothing(client, path, status, title):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert f"<h1>{title}</h1>" in body
    assert_reveals_nothing(body)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/probe/suspicious/", 400),
        ("/api/probe/forbidden/", 403),
        ("/api/no/such/endpoint.json", 404),
        ("/api/probe/crash/", 500),
        ("/api/probe/sql-error/", 500),
    ],
)
def test_errors_under_api_are_json_that_reveals_nothing(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"error", "status"}
    assert data["status"] == status
    assert data["error"]
    assert_reveals_nothing(response.content.decode())


def test_a_request_for_an_unknown_host_is_a_bad_request(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert b"<h1>Bad request</h1>" in response.content


def test_the_500_page_needs_neither_the_database_nor_the_request(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.get("/probe/crash/")
    assert response.status_code == 500
    html = render_to_string("500.html", {"message": "m"})
    assert "<h1>Server error</h1>" in html
    assert 'href="/static/css/site.css"' in html


def test_a_staff_member_without_permission_gets_the_403_page(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    response = client.get(reverse("admin:instruments_instrument_changelist"))
    assert response.status_code == 403
    assert b"<h1>Not allowed</h1>" in response.content


def test_a_csrf_failure_says_what_to_do_and_is_json_under_api(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/probe/query/")
    assert response.status_code == 403
    assert b"Reload the page and try again" in response.content
    response = client.post("/api/probe/query/")
    assert response.status_code == 403
    assert "Reload the page" in response.json()["error"]


def test_unknown_methods_on_public_pages_answer_405_with_a_plain_page(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert b"<h1>Method not allowed</h1>" in response.content
