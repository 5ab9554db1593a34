"""The figures of a run as Markdown, and each target as met or missed.

Pure functions of the results dictionary that scripts/bench.py writes to
bench-data/results.json, so that the report can be rebuilt from a saved run
(`scripts/bench.py --report-only bench-data/results.json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BEGIN = "<!-- bench:begin (written by scripts/bench.py; edit outside these markers) -->"
END = "<!-- bench:end -->"

STATIC = "static"
LARGEST = "100k"
MIDDLE = "10k"

# The targets, in the words.
UNCACHED_MEDIAN_MS = 150
SEARCH_MEDIAN_MS = 30
STATIC_RATIO = 0.5
DATASETTE_RATIO = 2.0
MEMORY_MB = 150
# "Grows with cells, not provisions": from 10k to 100k provisions the cells stay the same, so
# the uncached matrix may take at most this factor longer for ten times the provisions.
PROVISION_GROWTH_LIMIT = 1.5


@dataclass
class Verdict:
    target: str
    figures: str
    met: bool | None  # None: not measured in this run

    @property
    def word(self) -> str:
        return {True: "**met**", False: "**missed**", None: "not measured"}[self.met]


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return numerator / denominator


def fmt(value: float | None, digits: int = 1, suffix: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{suffix}"


def _scales(results: dict) -> list[tuple[str, dict]]:
    return list(results["scales"].items())


def static_rps(scale: dict) -> float | None:
    """The static file's throughput: the mean of its runs at the start and at the end."""
    page = scale["pages"][STATIC]
    runs = [page["computed"]["rps"], page.get("computed_again", {}).get("rps")]
    runs = [rps for rps in runs if rps]
    return sum(runs) / len(runs) if runs else None


def _figure(scale: dict, key: str, variant: str, name: str) -> float | None:
    measured = scale["pages"].get(key, {}).get(variant)
    return measured.get(name) if measured else None


def query_count_verdict(results: dict) -> Verdict:
    target = "Query counts identical at all three scales"
    scales = _scales(results)
    if len(scales) < 2:
        return Verdict(target, "one scale only", None)
    differing, compared = [], 0
    for key in scales[0][1]["pages"]:
        for variant in ("computed", "cached"):
            counts = [_figure(scale, key, variant, "queries") for _, scale in scales]
            if counts[0] is None:
                continue
            compared += 1
            if len(set(counts)) != 1:
                differing.append(f"{key} ({variant}): {' / '.join(str(c) for c in counts)}")
    if differing:
        return Verdict(target, "; ".join(differing), False)
    names = ", ".join(name for name, _ in scales)
    figures = f"all {compared} counts (pages computed and repeated) identical at {names}"
    return Verdict(target, figures, True if len(scales) == 3 else None)


def static_ratio_verdict(results: dict) -> Verdict:
    figures, met = [], True
    for name, scale in _scales(results):
        value = ratio(_figure(scale, "matrix", "cached", "rps"), static_rps(scale))
        figures.append(f"{name} {fmt(value, 2)}")
        met = met and value is not None and value >= STATIC_RATIO
    return Verdict(
        f"Cached matrix ≥ {STATIC_RATIO} × the static file's throughput", ", ".join(figures), met
    )


def uncached_verdicts(results: dict) -> list[Verdict]:
    scales = results["scales"]
    median_target = f"Uncached matrix at 100k: median < {UNCACHED_MEDIAN_MS} ms"
    growth_target = "Uncached matrix grows with cells, not provisions"
    if LARGEST not in scales:
        return [Verdict(median_target, "–", None), Verdict(growth_target, "–", None)]
    largest = _figure(scales[LARGEST], "matrix", "computed", "p50_ms")
    median = Verdict(median_target, f"{fmt(largest)} ms", largest < UNCACHED_MEDIAN_MS)
    if MIDDLE not in scales:
        return [median, Verdict(growth_target, "–", None)]
    middle = scales[MIDDLE]
    growth = ratio(largest, _figure(middle, "matrix", "computed", "p50_ms"))
    provisions = ratio(scales[LARGEST]["counts"]["provisions"], middle["counts"]["provisions"])
    cells = ratio(scales[LARGEST].get("matrix_cells"), middle.get("matrix_cells"))
    figures = (
        f"10k → 100k: provisions × {fmt(provisions)}, cells × {fmt(cells)}, "
        f"median × {fmt(growth, 2)}"
    )
    met = cells == 1 and growth is not None and growth <= PROVISION_GROWTH_LIMIT
    return [median, Verdict(growth_target, figures, met)]


def search_verdict(results: dict) -> Verdict:
    target = (
        "Full-text search JSON (50 results) at 100k on PostgreSQL: "
        f"median < {SEARCH_MEDIAN_MS} ms, computed"
    )
    if LARGEST not in results["scales"]:
        return Verdict(target, "–", None)
    scale = results["scales"][LARGEST]
    value = _figure(scale, "search_json", "computed", "p50_ms")
    repeated = _figure(scale, "search_json", "cached", "p50_ms")
    figures = f"{fmt(value)} ms ({fmt(repeated)} ms repeated, from the page cache)"
    return Verdict(target, figures, value < SEARCH_MEDIAN_MS)


def datasette_verdicts(results: dict) -> list[Verdict]:
    verdicts = []
    for key, label in [("filter_json", "Filter JSON"), ("filter_html", "Filtered HTML list")]:
        for variant, how in [("cached", "repeated (page cache)"), ("computed", "computed")]:
            figures, met = [], True
            for name, scale in _scales(results):
                theirs = scale.get("datasette", {}).get(key)
                if theirs is None:
                    continue
                value = ratio(_figure(scale, key, variant, "rps"), theirs["rps"])
                figures.append(f"{name} {fmt(value, 2)}")
                met = met and value is not None and value >= DATASETTE_RATIO
            verdicts.append(
                Verdict(
                    f"{label} ≥ {DATASETTE_RATIO:g} × Datasette's throughput per core, {how}",
                    ", ".join(figures) or "Datasette skipped",
                    met if figures else None,
                )
            )
    return verdicts


def memory_verdict(results: dict) -> Verdict:
    name, scale = _scales(results)[-1]
    peak = max((kb for kb in scale.get("memory_kb", {}).values() if kb), default=None)
    megabytes = peak / 1024 if peak else None
    return Verdict(
        f"Worker memory < {MEMORY_MB} MB at the largest scale",
        f"{fmt(megabytes)} MB peak resident ({name})",
        None if megabytes is None or name != LARGEST else megabytes < MEMORY_MB,
    )


def verdicts(results: dict) -> list[Verdict]:
    return [
        query_count_verdict(results),
        static_ratio_verdict(results),
        *uncached_verdicts(results),
        search_verdict(results),
        *datasette_verdicts(results),
        memory_verdict(results),
    ]


# Markdown -------------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _queries(value: int | None) -> str:
    return "–" if value is None else str(value)


def scale_table(scale: dict) -> list[str]:
    static = static_rps(scale)
    rows = []
    for key, page in scale["pages"].items():
        computed, cached = page["computed"], page["cached"]
        rps = static if key == STATIC else computed["rps"]
        row = [
            page["label"],
            _queries(computed["queries"]),
            fmt(computed["p50_ms"]),
            fmt(computed["p95_ms"]),
            fmt(rps, 0),
            fmt(ratio(rps, static), 2),
        ]
        if cached:
            row += [
                _queries(cached["queries"]),
                fmt(cached["p50_ms"]),
                fmt(cached["rps"], 0),
                fmt(ratio(cached["rps"], static), 2),
            ]
        else:
            row += ["", "", "", ""]
        rows.append(row)
    header = ["page", "queries", "p50 ms", "p95 ms", "req/s", "÷ static"]
    header += ["repeated: queries", "p50 ms", "req/s", "÷ static"]
    return _table(header, rows)


def datasette_table(scale: dict) -> list[str]:
    rows = []
    for key, theirs in scale.get("datasette", {}).items():
        computed, cached = scale["pages"][key]["computed"], scale["pages"][key]["cached"]
        rows.append(
            [
                theirs["label"],
                f"{theirs['rows']} of {theirs['total']}",
                fmt(theirs["p50_ms"]),
                fmt(theirs["rps"], 0),
                fmt(computed["p50_ms"]),
                fmt(computed["rps"], 0),
                fmt(ratio(computed["rps"], theirs["rps"]), 2),
                fmt(cached["rps"], 0) if cached else "",
                fmt(ratio(cached["rps"], theirs["rps"]), 2) if cached else "",
            ]
        )
    header = ["question", "rows (same, same order)", "Datasette p50 ms", "Datasette req/s"]
    header += ["ours computed p50 ms", "req/s", "÷ Datasette", "ours repeated req/s"]
    header += ["÷ Datasette"]
    return _table(header, rows)


def growth_table(results: dict) -> list[str]:
    scales = _scales(results)
    pairs = list(zip(scales, scales[1:], strict=False))
    header = ["computed, p50 ms", *(name for name, _ in scales)]
    header += [f"× {a} → {b}" for (a, _), (b, _) in pairs]

    def line(label: str, values: list[float | None], digits: int = 1) -> list[str]:
        factors = [fmt(ratio(b, a), 2) for a, b in zip(values, values[1:], strict=False)]
        return [label, *(fmt(v, digits) for v in values), *factors]

    rows = [
        line("provisions", [s["counts"]["provisions"] for _, s in scales], 0),
        line("assessments", [s["counts"]["assessments"] for _, s in scales], 0),
        line("matrix cells (in-force scope)", [s.get("matrix_cells") for _, s in scales], 0),
    ]
    for key, page in scales[0][1]["pages"].items():
        values = [_figure(scale, key, "computed", "p50_ms") for _, scale in scales]
        rows.append(line(page["label"].split(" (")[0], values))
    for part, label in [("database_ms", "database"), ("total_ms", "whole request")]:
        values = [
            (_figure(scale, "matrix", "computed", "in_process") or {}).get(part)
            for _, scale in scales
        ]
        rows.append(line(f"matrix computed, in-process: {label}", values))
    return _table(header, rows)


def render(results: dict) -> str:
    machine, versions, settings = results["machine"], results["versions"], results["settings"]
    out = [
        BEGIN,
        "",
        f"Run of {results['finished']} ({results['mode']} mode, "
        f"{results['duration_min']:.0f} min).",
        "",
        "### Targets",
        "",
        *_table(
            ["target", "figures", "verdict"],
            [[v.target, v.figures, v.word] for v in verdicts(results)],
        ),
        "",
        "### Machine and versions",
        "",
        f"- CPU: {machine['cpu_model']}, {machine['cores']} cores; RAM {machine['ram_gb']:.1f} GB; "
        f"load average before the run {machine['load_before']}, after it "
        f"{results.get('load_after', '?')} (other jobs share this machine).",
        f"- Pinning: {settings['pinning']}.",
        "- " + ", ".join(f"{name} {version}" for name, version in versions.items()) + ".",
        "- Latency: one connection, requests one after another for "
        f"{settings['latency_seconds']:g} s per page (loopback round trip included, no "
        "queueing). Throughput: "
        f"{settings['concurrency']} connections against one gunicorn worker, "
        f"{settings['seconds']:g} s per page in {settings.get('rounds', 1)} rounds that each "
        "visit every page, server and Datasette in turn; the median round is kept, so that "
        "ratios compare figures taken minutes apart at most. Every answer must be a 200, or "
        "the run fails.",
        "- *Computed*: the server with MATRIX_CACHE=0 PAGE_CACHE=0, every request computed. "
        "*Repeated*: the same address asked again on the server with its caches, as the "
        "benchmark asks it again and again: answered from the page cache for one query.",
        "",
        "### Commands",
        "",
        "```sh",
        *results["commands"],
        "```",
        "",
    ]
    for name, scale in _scales(results):
        counts, targets = scale["counts"], scale["targets"]
        memory = ", ".join(
            f"{k} {fmt(v / 1024 if v else None)} MB" for k, v in scale["memory_kb"].items()
        )
        out += [
            f"### Scale: {scale['label']} (`{name}`)",
            "",
            f"{counts['instruments']:,} instruments, {counts['provisions']:,} provisions, "
            f"{counts['categories']} threat categories, {counts['assessments']:,} assessments; "
            f"matrix {scale.get('matrix_rows')} rows × {scale.get('matrix_columns')} columns. "
            f"Filter: `category={targets['category']}&level={targets['level']}` "
            f"({targets['category_level_rows']:,} assessments). Peak worker memory (VmHWM): "
            f"{memory}.",
            "",
            *scale_table(scale),
            "",
        ]
        if scale.get("datasette"):
            out += ["Against Datasette (both on one core):", "", *datasette_table(scale), ""]
    if len(results["scales"]) > 1:
        out += ["### How cost grows", "", *growth_table(results), ""]
    out.append(END)
    return "\n".join(out) + "\n"


def write(path: Path, results: dict, heading: str) -> None:
    """Replace the generated part of `path`, keeping what was written around it by hand."""
    generated = render(results)
    if path.exists() and BEGIN in (text := path.read_text()) and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        path.write_text(before + generated.rstrip("\n") + after)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {heading}\n\n{generated}")
