"""Workers are replaced now and then (max_requests), each at its own count (the jitter), so
that they never all restart, and lose their local caches, at the same moment."""

from __future__ import annotations

import runpy

from tests.servers import ROOT

CONFIG = str(ROOT / "config" / "gunicorn.conf.py")


def config(monkeypatch, **env: str) -> dict:
    for name in ("GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(CONFIG)


def test_workers_are_replaced_after_2000_to_3000_requests_each(monkeypatch):
    values = config(monkeypatch)
    assert values["max_requests"] == 2000
    # gunicorn draws each worker's limit from max_requests + randint(0, jitter).
    assert values["max_requests_jitter"] == 1000


def test_the_jitter_follows_the_limit_and_can_be_set(monkeypatch):
    assert config(monkeypatch, GUNICORN_MAX_REQUESTS="500")["max_requests_jitter"] == 250
    values = config(monkeypatch, GUNICORN_MAX_REQUESTS="500", GUNICORN_MAX_REQUESTS_JITTER="50")
    assert (values["max_requests"], values["max_requests_jitter"]) == (500, 50)


def test_no_limit_means_no_jitter_either(monkeypatch):
    values = config(monkeypatch, GUNICORN_MAX_REQUESTS="0")
    assert (values["max_requests"], values["max_requests_jitter"]) == (0, 0)
