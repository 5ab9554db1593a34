"""The production configuration: `check --deploy` is clean, the defaults are the safe ones,
and `make serve` serves the site with gunicorn, whitenoise and every security header."""

from __future__ import annotations

import json
import multiprocessing
import re
import runpy
import shutil
import subprocess
import sys

import pytest

from tests.servers import ROOT, Server, free_port, production_env

PRODUCTION = {"DEBUG": "0", "ALLOWED_HOSTS": "spacetreaties.example.org"}
SETTINGS_SHOWN = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_PROXY_SSL_HEADER",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "DATABASES",
    "STORAGES",
]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = production_env(**PRODUCTION)
    environment.pop("SECURE_SSL_REDIRECT")  # the production default, not make serve's
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**env: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {SETTINGS_SHOWN!r}}}, "
        "default=str))"
    )
    result = manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_reports_nothing_under_the_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_would_report_a_weakened_setting():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_production_defaults_are_https_only_with_secure_cookies():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # trusted only when configured
    assert "CompressedManifestStaticFilesStorage" in str(values["STORAGES"])


def test_a_proxy_setup_is_configured_from_the_environment():
    values = production_settings(
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto", CLIENT_IP_HEADER="X-Real-IP"
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_REAL_IP", "REMOTE_ADDR"]


def test_postgresql_connections_give_up_after_a_few_seconds():
    values = production_settings(DATABASE_URL="postgres://app@db.internal:5432/treaties")
    assert values["DATABASES"]["default"]["OPTIONS"]["connect_timeout"] == 3
    values = production_settings(
        DATABASE_URL="postgres://app@db.internal:5432/treaties?connect_timeout=7"
    )
    assert values["DATABASES"]["default"]["OPTIONS"]["connect_timeout"] == 7


def test_gunicorn_runs_workers_by_cpu_count_on_the_configured_address(monkeypatch):
    path = str(ROOT / "config" / "gunicorn.conf.py")
    for name in ("WEB_CONCURRENCY", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(path)
    assert config["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert config["bind"] == "127.0.0.1:8000"
    assert config["timeout"] > 3  # longer than the database connect timeout
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "9000")
    config = runpy.run_path(path)
    assert (config["workers"], config["bind"]) == (3, "0.0.0.0:9000")


# --- make serve, for real ------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if shutil.which("make") is None or not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("make serve needs make and the project's .venv (make install)")
    folder = tmp_path_factory.mktemp("serve")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        WEB_CONCURRENCY="2",
    )
    for name in ("SECRET_KEY", "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS"):
        env.pop(name)  # what make serve does without them is part of the test
    port = free_port()
    # -o: use the installed .venv as it is, never reinstall from inside a test.
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"]
    server = Server([*command, f"PORT={port}"], env, port, folder / "serve.log")
    try:
        server.wait_until_listening(timeout=240)
        yield server
    finally:
        server.stop()


def test_make_serve_migrates_collects_static_and_warns_about_the_throwaway_key(served):
    assert served.get("/healthz").status == 200
    log = served.log.read_text()
    assert "SECRET_KEY is not set; using a throwaway key" in log
    assert "Starting gunicorn" in log
    assert (served.log.parent / "static" / "staticfiles.json").exists()


def test_make_serve_sends_the_security_headers(served):
    reply = served.get("/")
    assert reply.status == 200
    assert "default-src 'self'" in reply.headers["content-security-policy"]
    assert reply.headers["x-frame-options"] == "DENY"
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in reply.headers  # plain HTTP on loopback


def test_make_serve_sends_hsts_and_secure_cookies_behind_a_tls_proxy(served):
    https = {"X-Forwarded-Proto": "https"}
    reply = served.get("/", https)
    assert reply.headers["strict-transport-security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    cookie = served.get("/admin/login/", https).headers["set-cookie"]
    assert "csrftoken=" in cookie and "Secure" in cookie


def test_make_serve_serves_hashed_compressed_static_files_for_a_year(served):
    page = served.get("/").body
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page should link the hashed stylesheet"
    reply = served.get(stylesheet.group(1), {"Accept-Encoding": "gzip"})
    assert reply.status == 200
    assert reply.headers["content-encoding"] == "gzip"
    assert "immutable" in reply.headers["cache-control"]


def test_make_serve_answers_errors_plainly(served):
    page = served.get("/no/such/page/")
    assert page.status == 404 and "Page not found" in page.body
    api = served.get("/api/no/such/endpoint.json")
    assert api.status == 404 and json.loads(api.body)["status"] == 404
    assert "Traceback" not in page.body + api.body
    assert served.get("/", {"Host": "attacker.example"}).status == 400


# --- make loadtest ---------------------------------------------------------------------------


def load_test_module() -> dict:
    return runpy.run_path(str(ROOT / "scripts" / "loadtest.py"))


def test_the_load_test_refuses_a_server_that_is_not_on_this_machine(capsys):
    with pytest.raises(SystemExit) as stopped:
        load_test_module()["main"](["--url", "http://192.0.2.1:8000", "--duration", "1"])
    assert stopped.value.code == 2
    assert "not a loopback address" in capsys.readouterr().err


@pytest.mark.load
def test_the_load_test_reports_throughput_percentiles_and_non_2xx(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, timeout=120)
    server = Server.gunicorn(env, tmp_path / "server.log", workers=2)
    try:
        server.wait_until_listening()
        url = f"http://127.0.0.1:{server.port}"
        figures = tmp_path / "figures.json"
        code = load_test_module()["main"](["--url", url, "--duration", "2", "--json", str(figures)])
    finally:
        server.stop()
    summary = json.loads(figures.read_text())
    assert code == 0  # no 5xx, no connection error
    assert summary["requests"] == sum(summary["statuses"].values()) > 0
    assert summary["connection_errors"] == 0
    assert summary["non_2xx"] == sum(summary["non_2xx_by_url"].values())
    latency = summary["latency_ms"]
    assert 0 < latency["p50"] <= latency["p95"] <= latency["p99"] <= latency["max"]
    assert summary["throughput_rps"] > 0
