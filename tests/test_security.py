"""Security headers and the Content Security Policy on every page, login throttling, CSRF,
and no write from an anonymous user anywhere."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from instruments.models import Instrument
from provisions.models import ThreatCategory
from tests.html_checks import inline_code
from tests.public_urls import load_small_corpus, public_patterns, real_urls

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # Every login attempt hashes a password; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def corpus(db) -> None:
    load_small_corpus()


def assert_security_headers(response) -> None:
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# --- Content Security Policy and headers ------------------------------------------------------


def test_every_public_url_pattern_answers_a_real_request(client, corpus):
    for pattern, urls in real_urls().items():
        statuses = {url: client.get(url).status_code for url in urls}
        assert any(status != 404 for status in statuses.values()), (
            f"{pattern.name}: no real URL found; teach tests/public_urls.py its parameters "
            f"({statuses})"
        )


def test_every_public_page_sends_the_policy_and_has_no_inline_script_or_style(client, corpus):
    pages = 0
    for urls in real_urls().values():
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            assert_security_headers(response)
            if response["Content-Type"].startswith("text/html"):
                pages += 1
                assert inline_code(response.content.decode()) == [], url
    assert pages >= 5


def test_error_pages_send_the_policy_and_have_no_inline_script_or_style(client, corpus):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)
    assert inline_code(response.content.decode()) == []


def test_the_inline_code_check_finds_what_the_policy_would_block():
    page = (
        '<p style="color: red" onclick="go()">x</p><script>alert(1)</script>'
        '<style>p {}</style><a href="javascript:go()">y</a>'
        '<script src="/static/js/ok.js"></script><script type="application/json">{}</script>'
    )
    assert len(inline_code(page)) == 5


def test_the_admin_works_under_the_policy(admin_client, corpus):
    instrument = Instrument.objects.get(slug="treaty-a")
    pages = [
        reverse("admin:index"),
        reverse("admin:instruments_instrument_changelist"),
        reverse("admin:instruments_instrument_change", args=[instrument.pk]),
        reverse("admin:instruments_instrument_add"),
        reverse("admin:provisions_provision_change", args=[instrument.provisions.first().pk]),
        reverse("admin:provisions_threatcategory_add"),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        html = response.content.decode()
        # Its behaviour comes from script files on the same origin, which 'self' allows.
        assert '<script src="/static/admin/js/' in html, url
        assert inline_code(html) == [], url


def test_the_admin_login_page_works_under_the_policy(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_security_headers(response)
    assert inline_code(response.content.decode()) == []


# --- Login throttling ----------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "e@example.org", PASSWORD)


def log_in(client: Client, username: str, password: str, ip: str = "192.0.2.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def test_a_right_password_logs_in(client, editor):
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_after_five_failures_for_an_account_even_the_right_password_is_refused(client, editor):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for _attempt in range(limit - 1):
        response = log_in(client, "editor", "wrong")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    assert log_in(client, "editor", "wrong").status_code == 429
    # The sixth attempt, from another address, with the right password.
    response = log_in(client, "editor", PASSWORD, ip="198.51.100.7")
    assert response.status_code == 429
    assert b"Too many login attempts" in response.content
    assert b"even with the right password" in response.content
    assert not is_logged_in(client)


def test_after_five_failures_from_one_address_every_account_is_refused(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess-{number}", "wrong", ip="203.0.113.9")
    assert log_in(client, "editor", PASSWORD, ip="203.0.113.9").status_code == 429
    assert not is_logged_in(client)
    # Another client is not affected by that address's lockout.
    other = Client()
    assert log_in(other, "editor", PASSWORD, ip="203.0.113.10").status_code == 302


def test_logging_in_works_again_after_the_cool_off(client, editor):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong")
    assert log_in(client, "editor", PASSWORD).status_code == 429
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    # Let the cool-off pass: the recorded attempts move back in time by that long.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(seconds=1)
    )
    assert log_in(client, "editor", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_a_lockout_does_not_touch_sessions_opened_without_the_login_form(client, admin_client):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "admin", "wrong", ip="127.0.0.1")
    assert log_in(client, "admin", "password", ip="127.0.0.1").status_code == 429
    assert admin_client.get(reverse("admin:index")).status_code == 200


# --- CSRF ----------------------------------------------------------------------------------


def test_the_admin_login_refuses_a_post_without_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 403
    assert b"security token was missing" in response.content
    assert not is_logged_in(client)


def test_the_admin_login_accepts_the_same_post_with_its_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("admin:login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert is_logged_in(client)


def test_admin_forms_refuse_a_post_without_a_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    data = {"slug": "new", "name": "New", "definition": "About new.", "position": "0"}
    url = reverse("admin:provisions_threatcategory_add")
    response = client.post(url, data)
    assert response.status_code == 403
    assert not ThreatCategory.objects.filter(slug="new").exists()
    client.get(url)
    data["csrfmiddlewaretoken"] = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert client.post(url, data).status_code == 302
    assert ThreatCategory.objects.filter(slug="new").exists()


# --- No anonymous writes -------------------------------------------------------------------

WRITE_METHODS = ["post", "put", "patch", "delete"]
BODY = {"slug": "hostile", "name": "Hostile", "title": "Hostile", "text": "Hostile"}


def database_contents() -> dict[str, list[dict]]:
    """Every row of every table, sessions and login attempts aside."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in {"sessions", "axes"}
    }


@pytest.mark.parametrize("enforce_csrf", [False, True], ids=["csrf-exempt", "csrf-enforced"])
def test_anonymous_writes_to_every_public_url_are_refused(corpus, enforce_csrf):
    client = Client(enforce_csrf_checks=enforce_csrf)
    before = database_contents()
    urls = [url for urls in real_urls().values() for url in urls]
    assert urls
    for url in urls:
        for method in WRITE_METHODS:
            response = getattr(client, method)(url, BODY)
            assert response.status_code == 405, f"{method.upper()} {url}"
            assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert database_contents() == before


def test_anonymous_writes_under_api_are_refused_in_json(client):
    response = client.post("/api/anything.json", BODY)
    assert response.status_code == 405
    assert response.json() == {"error": response.json()["error"], "status": 405}


@pytest.mark.parametrize("enforce_csrf", [False, True], ids=["csrf-exempt", "csrf-enforced"])
def test_anonymous_writes_to_every_admin_form_are_refused(corpus, enforce_csrf):
    client = Client(enforce_csrf_checks=enforce_csrf)
    before = database_contents()
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:{}_{}_add".format(*info))]
        if obj := model._default_manager.first():
            for view in ("change", "delete", "history"):
                urls.append(reverse("admin:{}_{}_{}".format(*info, view), args=[obj.pk]))
        for url in urls:
            response = client.post(url, {**BODY, "post": "yes"})
            if enforce_csrf:
                assert response.status_code == 403, url
            else:
                assert response.status_code == 302, url
                assert response["Location"].startswith(reverse("admin:login")), url
    assert database_contents() == before


def test_public_urls_are_found_from_the_resolver():
    names = {pattern.name for pattern in public_patterns()}
    assert {"gaps:home", "provisions:instrument_list", "provisions:detail", "healthz"} <= names
    assert not any(name.startswith("admin:") for name in names)
