"""The lockout page says when to retry, and behind a reverse proxy the
failures are counted against the real client, so one attacker cannot lock out every editor.

Before the fix the 429 had no Retry-After, and CLIENT_IP_HEADER set only a django-ipware
setting although django-ipware is not installed: axes counted every attempt against the
proxy's address.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.http_session import HttpSession
from tests.servers import ROOT, Server, production_env

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"  # the reverse proxy's address, as the application server sees it
ATTACKER = "203.0.113.9"
EDITOR = "198.51.100.7"
BEHIND_X_REAL_IP = {
    "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
    "CLIENT_IP_TRUSTED_PROXIES": ["10.0.0.0/24"],
    "CLIENT_IP_PROXY_COUNT": 1,
}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "e@example.org", PASSWORD)


def log_in(username: str, password: str, peer: str = "192.0.2.1", **headers: str):
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=peer,
        headers=headers,
    )
    return response


def fail_five_times(peer: str, **headers: str) -> None:
    """Five failed logins from one client, under five user names: the fifth is the lockout."""
    statuses = [
        log_in(f"guess-{number}", "wrong", peer, **headers).status_code
        for number in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]


# --- Retry-After ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lockout_answer_says_how_long_to_wait(editor):
    fail_five_times("192.0.2.1")
    response = log_in("editor", PASSWORD, "192.0.2.1")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert b"Too many login attempts" in response.content
    assert b"0:15:00" in response.content  # the page says it too


@pytest.mark.django_db
def test_retry_after_follows_the_configured_cool_off(editor, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=2, seconds=30)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in("editor", "wrong")
    response = log_in("editor", PASSWORD, "198.51.100.99")  # locked by user name
    assert response.status_code == 429
    assert response["Retry-After"] == "150"


# --- Behind a reverse proxy -----------------------------------------------------------------


@pytest.mark.django_db
@override_settings(**BEHIND_X_REAL_IP)
def test_behind_a_proxy_an_attacker_locks_out_only_their_own_address(editor):
    fail_five_times(PROXY, x_real_ip=ATTACKER)
    assert log_in("someone", "wrong", PROXY, x_real_ip=ATTACKER).status_code == 429
    response = log_in("editor", PASSWORD, PROXY, x_real_ip=EDITOR)
    assert response.status_code == 302, "the attacker locked out an editor behind the same proxy"


@pytest.mark.django_db
def test_without_the_proxy_setting_everyone_behind_the_proxy_shares_one_lockout(editor):
    # What CLIENT_IP_HEADER is for: without it, the proxy's address is everyone's.
    fail_five_times(PROXY, x_real_ip=ATTACKER)
    assert log_in("editor", PASSWORD, PROXY, x_real_ip=EDITOR).status_code == 429


@pytest.mark.django_db
@override_settings(**BEHIND_X_REAL_IP)
def test_the_header_is_ignored_from_a_client_that_is_not_a_trusted_proxy(editor):
    # A client reaching the server directly cannot pick a new address for every attempt.
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(f"guess-{number}", "wrong", ATTACKER, x_real_ip=f"192.0.2.{number + 10}")
    assert log_in("other", "wrong", ATTACKER, x_real_ip="192.0.2.99").status_code == 429
    assert log_in("editor", PASSWORD, EDITOR).status_code == 302


@pytest.mark.django_db
@override_settings(**{**BEHIND_X_REAL_IP, "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR"})
def test_with_x_forwarded_for_the_address_the_proxy_saw_counts_not_what_the_client_wrote(editor):
    # The client writes anything into X-Forwarded-For; the proxy appends the address it saw.
    for number in range(settings.AXES_FAILURE_LIMIT):
        forged = f"192.0.2.{number + 10}, {ATTACKER}"
        log_in(f"guess-{number}", "wrong", PROXY, x_forwarded_for=forged)
    assert log_in("x", "wrong", PROXY, x_forwarded_for=f"192.0.2.99, {ATTACKER}").status_code == 429
    assert log_in("editor", PASSWORD, PROXY, x_forwarded_for=EDITOR).status_code == 302


@pytest.mark.django_db
@override_settings(**BEHIND_X_REAL_IP)
def test_a_proxy_that_sends_no_usable_address_leaves_the_proxy_address(editor):
    from axes.models import AccessAttempt

    log_in("a", "wrong", PROXY)  # header missing
    log_in("b", "wrong", PROXY, x_real_ip="not an address")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


def test_the_proxy_settings_come_from_the_environment():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.CLIENT_IP_HEADER,"
        " s.CLIENT_IP_PROXY_COUNT, s.CLIENT_IP_TRUSTED_PROXIES, s.AXES_CLIENT_IP_CALLABLE,"
        " s.AXES_LOCKOUT_CALLABLE]))"
    )
    env = production_env(
        CLIENT_IP_HEADER="X-Forwarded-For",
        CLIENT_IP_PROXY_COUNT="2",
        FORWARDED_ALLOW_IPS="10.0.0.5",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "HTTP_X_FORWARDED_FOR",
        2,
        ["10.0.0.5"],
        "config.auth.client_ip",
        "config.auth.lockout_response",
    ]


# --- For real: gunicorn in production mode behind a "proxy" on loopback -----------------------


def test_a_production_server_behind_a_proxy_locks_out_the_attacker_only(tmp_path):
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CLIENT_IP_HEADER="X-Real-IP",
        FORWARDED_ALLOW_IPS="127.0.0.1",  # the test plays the proxy, from loopback
        AXES_COOLOFF_MINUTES="3",
    )
    for command in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env={**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
            check=True,
            timeout=120,
        )
    server = Server.gunicorn(env, tmp_path / "server.log", workers=2)
    try:
        server.wait_until_listening()
        attacker = HttpSession(server.port, {"X-Real-IP": ATTACKER})
        statuses = [attacker.log_in(f"guess-{n}", "wrong").status for n in range(5)]
        locked = attacker.log_in("editor", PASSWORD)
        editor = HttpSession(server.port, {"X-Real-IP": EDITOR}).log_in("editor", PASSWORD)
    finally:
        server.stop()
    assert statuses == [200] * 4 + [429]
    assert locked.status == 429
    assert locked.headers["retry-after"] == "180"
    assert editor.status == 302 and editor.headers["location"] == "/admin/"
