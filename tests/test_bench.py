"""The benchmark's own logic: percentiles, comparing answers, the questions put to Datasette,
and the verdicts on the targets (scripts/bench.py and scripts/benchmark/)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark import pages, report  # noqa: E402
from benchmark.scales import Targets, fingerprint  # noqa: E402
from loadtest import percentile  # noqa: E402

from tests.provisions.builders import cast  # noqa: E402

# Percentiles and fingerprints -------------------------------------------------------------


def test_percentile_takes_the_nearest_rank_of_the_sorted_values():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.5) == 51.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 1.0) == 100.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.5) == 0.0


def test_fingerprints_differ_when_one_row_differs_and_count_the_rows():
    rows = [(1, "ost", "art-1"), (2, "ost", "art-2")]
    assert fingerprint(rows) == fingerprint(list(rows))
    assert fingerprint(rows)[0] == 2
    assert fingerprint(rows) != fingerprint([(1, "ost", "art-1"), (3, "ost", "art-2")])


# Comparing answers -------------------------------------------------------------------------


def test_identical_answers_have_no_differences():
    assert pages.differences(["a/1", "a/2"], ["a/1", "a/2"]) == []


def test_answers_with_other_rows_name_them():
    problems = pages.differences(["a/1", "a/2"], ["a/1", "b/9"])
    assert "only in the application: a/2" in problems
    assert "only in Datasette: b/9" in problems


def test_answers_with_the_same_rows_in_another_order_say_where_they_part():
    assert pages.differences(["a/1", "a/2", "a/3"], ["a/1", "a/3", "a/2"]) == [
        "same rows, different order from row 2"
    ]


def test_a_shorter_answer_is_reported_with_both_lengths():
    assert pages.differences(["a/1"], ["a/1", "a/1"])[0] == "1 rows against 2"


def test_keys_are_read_from_each_kind_of_answer():
    ours_html = (
        b'<a href="/instruments/x/y/">not a result</a><ol class="results-list" start="1">'
        b'<li><article class="result"><h3><a href="/instruments/ost-1967/art-4/">OST</a></h3>'
        b'<li><article class="result"><h3><a href="/instruments/ost-1967/art-9/">OST</a></h3>'
        b"</ol>"
    )
    assert pages.keys_from_our_html(ours_html) == ["ost-1967/art-4", "ost-1967/art-9"]
    assert pages.keys_from_our_html(b"<p>No provision matches these filters.</p>") == []
    theirs_html = (
        b'<td class="col-id type-int">3</td><td class="col-key type-str">ost-1967/art-4</td>'
    )
    assert pages.keys_from_datasette_html(theirs_html) == ["ost-1967/art-4"]
    assert pages.keys_from_our_csv(b"instrument,label,slug\r\nost-1967,Article IV,art-4\r\n") == [
        "ost-1967/art-4"
    ]
    assert pages.all_keys_from_datasette(b'{"rows": [[2, "a/1 b/2"]]}') == ["a/1", "b/2"]
    assert pages.all_keys_from_datasette(b'{"rows": [[0, null]]}') == []


# The questions put to Datasette ask what the application is asked ---------------------------


def _run_datasette_sql(url: str) -> list[dict]:
    """Run a question's SQL as Datasette would: SQLite, named parameters."""
    query = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    sql = query.pop("sql")
    raw = connection.connection
    raw.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in raw.execute(sql, query).fetchall()]
    finally:
        raw.row_factory = None


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="Datasette reads SQLite")
@pytest.mark.parametrize(
    ("category", "level", "word"),
    [
        ("weapons", "indirect", "weapons"),
        ("wmd", "prohibits", "orbit"),
        ("force", "restricts", "use"),
    ],
)
def test_datasette_questions_return_the_rows_the_api_returns(client, category, level, word):
    cast()
    targets = Targets("ost", 1, "art-1", category, level, 1, search_word=word)
    questions = {q.key: q for q in pages.questions(targets, "db")}
    api = client.get("/api/provisions.json", {"category": category, "level": level}).json()
    rows = _run_datasette_sql(questions["filter_json"].path)
    assert [row["key"] for row in rows] == [
        f"{r['instrument']}/{r['slug']}" for r in api["results"]
    ]
    assert all(row["total"] == api["count"] for row in rows)
    assert {row["coverage"] for row in rows} == {
        ";".join(f"{c['category']}:{c['level']}" for c in r["coverage"]) for r in api["results"]
    }
    searched = client.get("/api/provisions.json", {"q": word, "sort": "instrument"}).json()
    rows = _run_datasette_sql(questions["search_json"].path)
    assert searched["count"] > 0
    assert [row["key"] for row in rows] == [
        f"{r['instrument']}/{r['slug']}" for r in searched["results"]
    ]
    everything = _run_datasette_sql(questions["search_json"].all_keys_path)[0]
    assert everything["n"] == searched["count"]


def test_the_html_question_asks_for_a_page_of_the_html_list():
    targets = Targets("ost", 1, "art-1", "weapons", "prohibits", 1)
    html = next(q for q in pages.questions(targets, "db") if q.key == "filter_html")
    assert html.path.startswith("/db?")
    assert "LIMIT+25" in html.path
    ours = next(p for p in pages.pages(targets, "/static/x.css") if p.question == "filter_html")
    assert ours.path == "/provisions/?category=weapons&level=prohibits"


# Verdicts ------------------------------------------------------------------------------------


def _timing(queries: int, p50: float, rps: float) -> dict:
    return {"queries": queries, "p50_ms": p50, "p95_ms": p50 * 2, "rps": rps}


def _page(computed: dict, cached: dict | None = None) -> dict:
    return {"label": "page", "path": "/", "computed": computed, "cached": cached}


def _results(**overrides) -> dict:
    def scale(provisions: int, uncached_p50: float) -> dict:
        return {
            "label": "scale",
            "counts": {"provisions": provisions},
            "matrix_cells": 1200,
            "pages": {
                "static": {
                    **_page(_timing(None, 0.5, 2000)),
                    "computed_again": _timing(None, 0.5, 1800),
                },
                "matrix": _page(_timing(6, uncached_p50, 10), _timing(1, 1.0, 1200)),
                "search_json": _page(_timing(5, 20.0, 50), _timing(1, 1.0, 900)),
                "filter_json": _page(_timing(5, 5.0, 600), _timing(1, 1.0, 1000)),
                "filter_html": _page(_timing(14, 9.0, 450), _timing(1, 1.0, 1000)),
            },
            "datasette": {"filter_json": {"rps": 250}, "filter_html": {"rps": 200}},
            "memory_kb": {"server": 90 * 1024, "uncached server": 100 * 1024},
        }

    results = {
        "scales": {
            "shipped": scale(400, 20.0),
            "10k": scale(10_000, 80.0),
            "100k": scale(100_000, overrides.get("largest_uncached", 100.0)),
        }
    }
    if "largest_queries" in overrides:
        largest = results["scales"]["100k"]["pages"]["filter_json"]["computed"]
        largest["queries"] = overrides["largest_queries"]
    return results


def _verdict(results: dict, start: str) -> report.Verdict:
    return next(v for v in report.verdicts(results) if v.target.startswith(start))


def test_every_target_is_met_by_good_enough_figures():
    assert [v.met for v in report.verdicts(_results())] == [True] * 10


def test_a_query_count_that_changes_with_the_scale_is_flagged():
    verdict = _verdict(_results(largest_queries=6), "Query counts")
    assert verdict.met is False
    assert "filter_json (computed): 5 / 5 / 6" in verdict.figures


def test_an_uncached_matrix_that_grows_with_provisions_misses_its_target():
    verdict = _verdict(_results(largest_uncached=140.0), "Uncached matrix grows")
    assert verdict.met is False
    assert "median × 1.75" in verdict.figures
    assert _verdict(_results(largest_uncached=140.0), "Uncached matrix at").met is True


def test_ratios_below_the_targets_are_missed():
    results = _results()
    results["scales"]["10k"]["pages"]["filter_html"]["computed"]["rps"] = 350.0
    verdict = _verdict(results, "Filtered HTML list ≥ 2 × Datasette's throughput per core, comp")
    assert verdict.met is False
    assert "10k 1.75" in verdict.figures
    assert _verdict(results, "Filtered HTML list ≥ 2 × Datasette's throughput per core, rep").met
    # The static file's throughput is the mean of its two runs: 1,900 req/s here.
    results["scales"]["shipped"]["pages"]["matrix"]["cached"]["rps"] = 940.0
    assert _verdict(results, "Cached matrix").met is False
    assert "shipped 0.49" in _verdict(results, "Cached matrix").figures


def test_one_scale_only_leaves_the_cross_scale_targets_unmeasured():
    results = _results()
    del results["scales"]["10k"], results["scales"]["100k"]
    assert _verdict(results, "Query counts").met is None
    assert _verdict(results, "Uncached matrix at").met is None
    assert _verdict(results, "Worker memory").met is None


def test_the_report_replaces_only_its_own_part_of_the_document(tmp_path):
    document = tmp_path / "benchmarks.md"
    document.write_text(
        f"# Title\n\nBy hand.\n\n{report.BEGIN}\nold figures\n{report.END}\nAfter.\n"
    )
    results = _results()
    results.update(
        mode="full",
        finished="2026-11-22T03:00:00",
        duration_min=25.0,
        machine={"cpu_model": "CPU", "cores": 2, "ram_gb": 8.0, "load_before": "0.1"},
        versions={"Python": "3.12"},
        settings={"latency_seconds": 5, "seconds": 8, "concurrency": 4, "pinning": "core 0"},
        commands=["make bench"],
    )
    for scale in results["scales"].values():
        scale.update(
            targets={"category": "c", "level": "l", "category_level_rows": 3},
            matrix_rows=40,
            matrix_columns=30,
        )
        scale["counts"].update(instruments=200, categories=40, assessments=5)
        for key, page in scale["pages"].items():
            page["label"] = key
        for theirs in scale["datasette"].values():
            theirs.update(label="question", rows=50, total=70, p50_ms=3.0)
    report.write(document, results, "Benchmarks")
    text = document.read_text()
    assert text.startswith("# Title\n\nBy hand.\n\n")
    assert text.endswith(f"{report.END}\nAfter.\n")
    assert "old figures" not in text
    assert "| matrix | 6 | 100.0 | 200.0 | 10 | 0.01 | 1 | 1.0 | 1,200 | 0.63 |" in text
