"""Settings a multi-server deployment needs, read from the environment (docs/deployment.md)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.servers import ROOT, production_env

PG = "postgres://app@db.internal:6432/treaties"


def database_settings(**env: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_server_side_cursors_stay_on_unless_pgbouncer_in_transaction_mode_needs_them_off():
    assert database_settings(DATABASE_URL=PG)["DISABLE_SERVER_SIDE_CURSORS"] is False
    behind_pgbouncer = database_settings(DATABASE_URL=PG, DB_DISABLE_SERVER_SIDE_CURSORS="1")
    assert behind_pgbouncer["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_the_planner_option_can_be_left_out_for_a_pooler_that_refuses_startup_options():
    assert "random_page_cost=1.1" in database_settings(DATABASE_URL=PG)["OPTIONS"]["options"]
    assert "options" not in database_settings(DATABASE_URL=PG, PG_RANDOM_PAGE_COST="")["OPTIONS"]
