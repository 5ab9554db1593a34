"""The figures of a run as Markdown, and a verdict on each target: met, missed, or within
noise when the target's line lies within the spread of the figure's rounds.

Pure functions of the results that scripts/bench.py saves in bench-data/results.json, so the
report can be written again from a saved run (`scripts/bench.py --report-only FILE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BEGIN = "<!-- bench:begin (written by scripts/bench.py; edit outside these markers) -->"
END = "<!-- bench:end -->"
LARGEST = "100k"

# The targets of issue 20.
DATASETTE_EVERY, DATASETTE_LARGEST = 1.0, 2.0  # computed, per core, against Datasette
FACETS_MS = MATRIX_MS = 100  # p50 at 100k, computed
SEARCH_MS = 30  # p50 at 100k, computed
LOAD_P99_MS = 50  # cached pages under load, production workers
RSS_MB = 150  # a worker after 10,000 requests at 100k
STATIC_RATIO = 0.5  # the cached matrix against the stylesheet from nginx, requests per second

MET, MISSED, NOISE = "met", "missed", "within noise"


@dataclass(frozen=True)
class Figure:
    """A figure: the median of its rounds, and the lowest and highest round."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, summary: dict | None) -> Figure | None:
        return cls(summary["median"], summary["low"], summary["high"]) if summary else None

    @classmethod
    def ratio(cls, ours: dict | None, theirs: dict | None) -> Figure | None:
        """Round by round: both were measured seconds apart in the same round."""
        if not ours or not theirs:
            return None
        values = sorted(a / b for a, b in zip(ours["rounds"], theirs["rounds"], strict=True) if b)
        if not values:
            return None
        middle = len(values) // 2
        median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
        return cls(median, values[0], values[-1])

    def text(self, digits: int = 1, unit: str = "") -> str:
        if self.low == self.high:
            return f"{self.median:,.{digits}f}{unit}"
        return f"{self.median:,.{digits}f}{unit} ({self.low:,.{digits}f}–{self.high:,.{digits}f})"


def judge(figure: Figure | None, line: float, below: bool) -> str | None:
    """`below`: the target is a figure under the line (a time); otherwise at or above it (a
    ratio). A line within the spread of the rounds is neither met nor missed."""
    if figure is None:
        return None
    if figure.low <= line <= figure.high:
        return NOISE
    return MET if (figure.median < line if below else figure.median >= line) else MISSED


def combine(words: list[str | None]) -> str | None:
    """Several scales or pages: missed if one is, else within noise if one is, else met."""
    words = [word for word in words if word is not None]
    for word in (MISSED, NOISE, MET):
        if word in words:
            return word
    return None


@dataclass
class Verdict:
    target: str
    figures: str
    word: str | None  # None: not measured in this run

    @property
    def label(self) -> str:
        return f"**{self.word}**" if self.word in (MET, MISSED) else self.word or "not measured"


def _page(scale: dict, key: str, name: str) -> dict | None:
    return scale["pages"].get(key, {}).get(name)


def query_counts(results: dict) -> Verdict:
    """Judged on the synthetic scales, which differ only in size. The shipped corpus holds
    what they do not (position papers whose claims the matrix reads, searches rare enough to
    ask for "did you mean"), so its counts are shown beside them, not compared."""
    target = "Query counts identical at every synthetic scale (shipped shown beside)"
    scales = [(name, s) for name, s in results["scales"].items() if name != "shipped"]
    if len(scales) < 2:
        return Verdict(target, "one synthetic scale only", None)
    differing = [
        f"{key}: {' / '.join(str(s['queries'].get(key)) for _, s in scales)}"
        for key in scales[0][1]["queries"]
        if len({s["queries"].get(key) for _, s in scales}) != 1
    ]
    names = ", ".join(name for name, _ in scales)
    figures = "; ".join(differing) or f"{len(scales[0][1]['queries'])} pages, same at {names}"
    shipped = results["scales"].get("shipped")
    if shipped:
        other = [
            f"{key} {count}"
            for key, count in shipped["queries"].items()
            if count != scales[0][1]["queries"].get(key)
        ]
        figures += f" (shipped: {', '.join(other) if other else 'the same'})"
    return Verdict(target, figures, MISSED if differing else MET)


def static_ratio(results: dict) -> Verdict:
    figures, words = [], []
    for name, scale in results["scales"].items():
        nginx = Figure.ratio(
            _page(scale, "matrix_cached", "rps"), _page(scale, "static_nginx", "rps")
        )
        whitenoise = Figure.ratio(
            _page(scale, "matrix_cached", "rps"), _page(scale, "static", "rps")
        )
        if nginx is None and whitenoise is None:
            continue
        words.append(judge(nginx, STATIC_RATIO, below=False))
        figures.append(
            f"{name}: ÷ nginx {nginx.text(2) if nginx else '–'}, ÷ WhiteNoise "
            f"{whitenoise.text(2) if whitenoise else '–'}"
        )
    target = f"Cached matrix ≥ {STATIC_RATIO} × the stylesheet from nginx (req/s; WhiteNoise too)"
    return Verdict(target, "; ".join(figures) or "–", combine(words))


def datasette(results: dict, key: str, question: str, label: str) -> Verdict:
    figures, words = [], []
    for name, scale in results["scales"].items():
        theirs = scale.get("datasette", {}).get(question)
        value = Figure.ratio(_page(scale, key, "rps"), theirs and theirs["rps"])
        if value is not None:
            line = DATASETTE_LARGEST if name == LARGEST else DATASETTE_EVERY
            words.append(judge(value, line, below=False))
            figures.append(f"{name} {value.text(2)}")
    target = (
        f"{label}, computed, ≥ {DATASETTE_EVERY:g} × Datasette per core at every scale, "
        f"≥ {DATASETTE_LARGEST:g} × at {LARGEST} (req/s)"
    )
    word = combine(words)
    if LARGEST not in results["scales"] and word != MISSED:
        word = None  # not met without the largest scale
    return Verdict(target, ", ".join(figures) or "Datasette skipped", word)


def at_largest(results: dict, key: str, label: str, line: float, note: str = "") -> Verdict:
    target = f"{label}, computed, at {LARGEST}: p50 < {line:g} ms"
    scale = results["scales"].get(LARGEST)
    figure = Figure.of(_page(scale, key, "p50_ms")) if scale else None
    figures = f"{figure.text(1, ' ms')}{note}" if figure else "–"
    return Verdict(target, figures, judge(figure, line, below=True))


def under_load(results: dict) -> Verdict:
    figures, words = [], []
    for name, scale in results["scales"].items():
        load = scale.get("load")
        if load:
            figure = Figure.of(load["p99_ms"])
            words.append(judge(figure, LOAD_P99_MS, below=True))
            figures.append(
                f"{name} {figure.text(1, ' ms')} ({load['started_later']} workers recycled)"
            )
    target = f"Cached pages under load, production workers recycled: p99 < {LOAD_P99_MS} ms"
    return Verdict(target, ", ".join(figures) or "–", combine(words))


def memory(results: dict) -> Verdict:
    scale = results["scales"].get(LARGEST, {})
    measured = scale.get("memory")
    target = f"Worker memory after 10,000 requests at {LARGEST}: resident < {RSS_MB} MB"
    if not measured:
        return Verdict(target, "–", None)
    figure = Figure(measured["rss_mb"], measured["rss_mb"], measured["rss_mb"])
    figures = f"{measured['rss_mb']} MB after {measured['requests']:,} requests"
    if measured["requests"] < 10_000:  # the time limit came first: too few to say
        return Verdict(target, figures + " (stopped at its time limit)", None)
    return Verdict(target, figures, judge(figure, RSS_MB, below=True))


def verdicts(results: dict) -> list[Verdict]:
    hits = results["scales"].get(LARGEST, {}).get("hits", {})

    def found(word: str) -> str:
        return f", {hits[word]:,} provisions hold the word" if word in hits else ""

    return [
        query_counts(results),
        datasette(results, "filter_json", "filter_json", "Filter JSON"),
        datasette(results, "filter_html", "filter_html", "Filtered HTML list"),
        at_largest(results, "list_html", "List with facets, unfiltered", FACETS_MS),
        at_largest(results, "filter_html", "List with facets, filtered", FACETS_MS),
        at_largest(results, "matrix", "Uncached matrix", MATRIX_MS),
        at_largest(
            results, "search_common", "Search JSON, a common word", SEARCH_MS, found("common")
        ),
        at_largest(results, "search_rare", "Search JSON, a rare word", SEARCH_MS, found("rare")),
        under_load(results),
        memory(results),
        static_ratio(results),
    ]


# Markdown -------------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows] + [""]


def _text(summary: dict | None, digits: int = 1) -> str:
    figure = Figure.of(summary)
    return figure.text(digits) if figure else "–"


def scale_section(name: str, scale: dict) -> list[str]:
    counts, targets = scale["counts"], scale["targets"]
    out = [
        f"### Scale: {scale['label']} (`{name}`)",
        "",
        f"{counts['instruments']:,} instruments, {counts['provisions']:,} provisions, "
        f"{counts['categories']} threat categories, {counts['assessments']:,} assessments. "
        f"Filter: `category={targets['category']}&level={targets['level']}` "
        f"({targets['category_level_rows']:,} assessments). Load average before "
        f"{scale['load_before']}, after {scale['load_after']}.",
        "",
    ]
    nginx = _page(scale, "static_nginx", "rps")
    rows = [
        [
            page["label"],
            str(scale["queries"].get(key, "–")),
            _text(page["p50_ms"]),
            _text(page["p95_ms"]),
            _text(page["rps"], 0),
            (lambda r: r.text(2) if r else "–")(Figure.ratio(page["rps"], nginx)),
        ]
        for key, page in scale["pages"].items()
    ]
    out += _table(["page", "queries", "p50 ms", "p95 ms", "req/s", "÷ nginx"], rows)
    if scale.get("datasette"):
        rows = []
        for theirs in scale["datasette"].values():
            ours = scale["pages"][theirs["page"]]
            ratio = Figure.ratio(ours["rps"], theirs["rps"])
            rows.append(
                [
                    theirs["label"],
                    f"{theirs['rows']} of {theirs['total']}",
                    _text(theirs["p50_ms"]),
                    _text(theirs["rps"], 0),
                    _text(ours["p50_ms"]),
                    _text(ours["rps"], 0),
                    ratio.text(2) if ratio else "–",
                ]
            )
        header = ["Datasette, same question", "rows (same, same order)", "its p50 ms", "its req/s"]
        out += _table([*header, "ours computed p50 ms", "req/s", "ours ÷ Datasette"], rows)
    if load := scale.get("load"):
        out += [
            f"Cached pages under load ({load['cache']}): {load['workers']} workers "
            f"({load['settings']}), {load['concurrency']} connections, {load['requests']:,} "
            f"requests; p50 {_text(load['p50_ms'])} ms, p99 {_text(load['p99_ms'])} ms, "
            f"{_text(load['rps'], 0)} req/s; {load['started_later']} workers started during "
            f"the run (recycled); highest worker RSS {load['max_rss_mb']} MB.",
            "",
        ]
    if mem := scale.get("memory"):
        out += [
            f"Memory: the one worker of the cached server after {mem['requests']:,} requests "
            f"({mem['seconds']:g} s, a tenth to distinct pages): resident {mem['rss_mb']} MB, "
            f"peak {mem['peak_mb']} MB.",
            "",
        ]
    for key, found in scale.get("profiles", {}).items():
        out += [
            f"Where the time goes, {scale['pages'][key]['label']} "
            f"({found['samples']:,} py-spy samples):",
            "",
        ]
        out += [f"- self {share:.0%}: `{frame}`" for frame, share in found["self"]]
        out += [f"- own {share:.0%}: `{frame}`" for frame, share in found["own"]] + [""]
    return out


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
    ]
    out += _table(
        ["target", "figures: median (lowest–highest round)", "verdict"],
        [[v.target, v.figures, v.label] for v in verdicts(results)],
    )
    out += [
        "### Machine and versions",
        "",
        f"- CPU: {machine['cpu_model']}, {machine['cores']} cores; RAM {machine['ram_gb']:.1f} "
        f"GB; load average before the run {machine['load_before']}, after it "
        f"{results.get('load_after', '?')}.",
        f"- Pinning: {settings['pinning']}.",
        "- " + ", ".join(f"{name} {version}" for name, version in versions.items()) + ".",
        f"- {settings['rounds']} rounds; in each, every page: {settings['latency_seconds']:g} s "
        f"one request at a time (at least 5), then {settings['seconds']:g} s over "
        f"{settings['concurrency']} connections (both divided among the rounds). Under load: "
        f"{settings['load_seconds']:g} s in all.",
        "",
        "```sh",
        *results["commands"],
        "```",
        "",
    ]
    for name, scale in results["scales"].items():
        out += scale_section(name, scale)
    return "\n".join([*out, END]) + "\n"


def write(path: Path, results: dict, heading: str) -> None:
    """Replace the generated part of `path`, keeping what was written around it by hand."""
    generated = render(results)
    if path.exists() and BEGIN in (text := path.read_text()) and END in text:
        before, rest = text.split(BEGIN, 1)
        path.write_text(before + generated.rstrip("\n") + rest.split(END, 1)[1])
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {heading}\n\n{generated}")
