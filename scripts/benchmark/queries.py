"""Count the SQL queries of each page, in-process, against one scale's database.

    DATABASE_URL=postgres://.../perf_10k python scripts/benchmark/queries.py PAGES_JSON

PAGES_JSON is a list of {"key", "path", "cached"}. Each page is counted computed (matrix and
page caches off, as the benchmark's second server runs) and, if the page cache may answer
it, repeated (caches on, on the second request). Prints {"key": {"computed": {"status",
"queries"}, "cached": {...} or null}, ..., "matrix_cells": n, ...} as JSON on the last line.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host in
    pages = json.loads(sys.argv[1])
    client = Client()
    counts: dict = {}
    for page in pages:
        counts[page["key"]] = {"computed": None, "cached": None}
        for variant, caches in (("computed", False), ("cached", True)):
            if caches and not page["cached"]:
                continue
            totals, database = [], []
            with override_settings(MATRIX_CACHE=caches, PAGE_CACHE=caches):
                client.get(page["path"])
                for _ in range(3):
                    started = time.perf_counter()
                    with CaptureQueriesContext(connection) as captured:
                        response = client.get(page["path"])
                    totals.append(time.perf_counter() - started)
                    database.append(sum(float(query["time"]) for query in captured))
            counts[page["key"]][variant] = {
                "status": response.status_code,
                "queries": len(captured),
                # In-process, the median of three requests: how the time divides between the
                # database (as the driver sees it, round trips included) and the rest.
                "total_ms": round(statistics.median(totals) * 1000, 1),
                "database_ms": round(statistics.median(database) * 1000, 1),
            }
    matrix = client.get("/api/matrix.json").json()
    counts["matrix_cells"] = len(matrix["instruments"]) * len(matrix["categories"])
    counts["matrix_columns"] = len(matrix["instruments"])
    counts["matrix_rows"] = len(matrix["categories"])
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
