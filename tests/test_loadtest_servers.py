"""The load test spreads its connections over several servers and reports each."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys

import pytest

from tests.servers import ROOT, Server, production_env


def load_test_main():
    return runpy.run_path(str(ROOT / "scripts" / "loadtest.py"))["main"]


@pytest.mark.load
def test_the_load_test_spreads_requests_over_several_servers_and_reports_each(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, timeout=120)
    servers = [Server.gunicorn(env, tmp_path / f"server{n}.log") for n in (1, 2)]
    try:
        for server in servers:
            server.wait_until_listening()
        urls = [f"http://127.0.0.1:{server.port}" for server in servers]
        figures = tmp_path / "figures.json"
        arguments = ["--target", urls[0], "--target", urls[1], "--concurrency", "4"]
        code = load_test_main()([*arguments, "--duration", "2", "--json", str(figures)])
    finally:
        for server in servers:
            server.stop()
    summary = json.loads(figures.read_text())
    assert code == 0
    assert set(summary["servers"]) == set(urls)
    per_server = [summary["servers"][url] for url in urls]
    assert all(part["requests"] > 0 for part in per_server)
    assert sum(part["requests"] for part in per_server) == summary["requests"]
    for part in per_server:
        assert part["connection_errors"] == 0
        assert not any(int(code) >= 500 for code in part["statuses"])
        assert 0 < part["latency_ms"]["p50"] <= part["latency_ms"]["max"]


def test_every_target_must_be_on_this_machine(capsys):
    with pytest.raises(SystemExit) as stopped:
        load_test_main()(["--target", "http://127.0.0.1:8001", "--target", "http://192.0.2.1:8000"])
    assert stopped.value.code == 2
    assert "'192.0.2.1' is not a loopback address" in capsys.readouterr().err


def test_each_target_needs_a_connection(capsys):
    with pytest.raises(SystemExit) as stopped:
        load_test_main()(
            ["--target", "http://127.0.0.1:8001", "--target", "http://127.0.0.1:8002",
             "--concurrency", "1"]
        )  # fmt: skip
    assert stopped.value.code == 2
    assert "leaves a server without connections" in capsys.readouterr().err
