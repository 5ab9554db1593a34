"""Position papers and their claims next to what the matrix bears out.

/positions/ lists the documents, /positions/<slug>/ shows one with each claim highlighted in
its text and its verdict beside it, /claims/ is the filterable table of every claim. Each
answers `?format=json` and `?format=csv` as well; verdicts come from `gaps.verdicts`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from lib import formats
from positions.models import Claim, Position, normalise

from .page_cache import data_version
from .position_filters import ClaimFilter
from .verdicts import OUTCOME_SYMBOLS, AssertionVerdict, ClaimVerdict, Outcome, get_verdicts


def assertion_data(judged: AssertionVerdict, absolute) -> dict[str, Any]:
    def sources(items):
        return [
            {
                "instrument": s.instrument,
                "level": s.level,
                "fits": s.fits,
                "url": absolute(s.url),
                "provisions": [{"label": p.label, "level": p.level} for p in s.provisions],
            }
            for s in items
        ]

    return {
        "category": judged.category,
        "asserted": judged.asserted,
        "note": judged.note,
        "scope": judged.scope,
        "verdict": judged.outcome,
        "reason": judged.reason,
        "named": sources(judged.named),
        "strongest_in_scope": judged.general_level,
        "general_rule": sources(judged.general),
    }


def claim_data(verdict: ClaimVerdict, absolute) -> dict[str, Any]:
    return {
        "id": verdict.key,
        "position": verdict.position,
        "paragraph": verdict.paragraph,
        "quote": verdict.quote,
        "url": absolute(verdict.url),
        "verdict": verdict.outcome,
        "assertions": [assertion_data(judged, absolute) for judged in verdict.assertions],
    }


CLAIM_CSV_HEADER = [
    "claim",
    "position",
    "paragraph",
    "quote",
    "claim_verdict",
    "category",
    "asserted",
    "instruments_named",
    "scope",
    "verdict",
    "strongest_in_scope",
    "reason",
]


def _claim_rows(verdicts: list[ClaimVerdict]) -> list[list[Any]]:
    return [
        [
            verdict.key,
            verdict.position,
            verdict.paragraph,
            normalise(verdict.quote),
            verdict.outcome,
            judged.category,
            judged.asserted,
            "; ".join(s.instrument for s in judged.named),
            judged.scope,
            judged.outcome,
            judged.general_level or "",
            judged.reason,
        ]
        for verdict in verdicts
        for judged in verdict.assertions
    ]


# Positions -------------------------------------------------------------------------


@require_safe
def position_list(request: HttpRequest) -> HttpResponse:
    """Every published position with its claims' verdicts counted (two queries when cached)."""
    chosen = formats.requested(request)
    if chosen is None:
        return formats.bad_format()
    verdicts = get_verdicts(data_version(request))
    tallies: dict[str, Counter] = {}
    for verdict in verdicts.values():
        tallies.setdefault(verdict.position, Counter())[verdict.outcome] += 1
    positions = list(Position.objects.published().annotate(claim_count=Count("claims")))
    for position in positions:
        tally = tallies.get(position.slug, Counter())
        position.tally = [(o.value, o.label, OUTCOME_SYMBOLS[o], tally[o.value]) for o in Outcome]
    if chosen == "json":
        absolute = request.build_absolute_uri
        return formats.json_response(
            [
                {
                    "slug": p.slug,
                    "title": p.title,
                    "author": p.author,
                    "date": p.date.isoformat(),
                    "date_precision": p.date_precision,
                    "symbol": p.symbol,
                    "kind": p.kind,
                    "provenance": p.provenance,
                    "source_url": p.source_url,
                    "url": absolute(p.get_absolute_url()),
                    "claims": p.claim_count,
                    "verdicts": {value: count for value, _, _, count in p.tally},
                }
                for p in positions
            ]
        )
    if chosen == "csv":
        header = ["slug", "title", "author", "date", "date_precision", "symbol", "kind"]
        header += ["provenance", "source_url", "claims", *Outcome.values]
        rows = [
            [p.slug, p.title, p.author, p.date.isoformat(), p.date_precision, p.symbol, p.kind]
            + [p.provenance, p.source_url, p.claim_count, *(c for _, _, _, c in p.tally)]
            for p in positions
        ]
        return formats.csv_response("positions", header, rows)
    return render(request, "gaps/position_list.html", {"positions": positions})


@dataclass
class Segment:
    text: str
    verdict: ClaimVerdict | None = None
    slug: str = ""


@dataclass
class Paragraph:
    segments: list[Segment]
    claims: list[tuple[Claim, ClaimVerdict | None]] = field(default_factory=list)


def highlighted(
    text: str, claims: list[Claim], verdicts: dict[int, ClaimVerdict]
) -> tuple[list[Paragraph], list[Claim]]:
    """The text's paragraphs with each claim's quote marked where it stands, and the claims
    whose quote spans paragraphs or overlaps another (shown apart)."""
    placed: set[int] = set()
    paragraphs = []
    for line in text.splitlines():
        words = normalise(line)
        if not words:
            continue
        spans: list[tuple[int, int, Claim]] = []
        for claim in claims:
            quote = normalise(claim.quote)
            start = words.find(quote) if claim.pk not in placed else -1
            end = start + len(quote)
            if start < 0 or any(start < e and s < end for s, e, _ in spans):
                continue
            spans.append((start, end, claim))
            placed.add(claim.pk)
        spans.sort(key=lambda span: span[0])
        segments, cursor = [], 0
        for start, end, claim in spans:
            segments.append(Segment(words[cursor:start]))
            segments.append(Segment(words[start:end], verdicts.get(claim.pk), claim.slug))
            cursor = end
        segments.append(Segment(words[cursor:]))
        paragraphs.append(
            Paragraph(
                [s for s in segments if s.text],
                [(claim, verdicts.get(claim.pk)) for _, _, claim in spans],
            )
        )
    return paragraphs, [claim for claim in claims if claim.pk not in placed]


@require_safe
def position_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One position's text, each claim marked in place with its verdict (three queries)."""
    chosen = formats.requested(request)
    if chosen is None:
        return formats.bad_format()
    verdicts = get_verdicts(data_version(request))
    position = get_object_or_404(Position.objects.published(), slug=slug)
    claims = list(position.claims.order_by("order", "pk"))
    ordered = [verdicts[claim.pk] for claim in claims if claim.pk in verdicts]
    if chosen == "json":
        absolute = request.build_absolute_uri
        return formats.json_response(
            {
                "slug": position.slug,
                "title": position.title,
                "author": position.author,
                "date": position.date.isoformat(),
                "date_precision": position.date_precision,
                "symbol": position.symbol,
                "kind": position.kind,
                "provenance": position.provenance,
                "source_url": position.source_url,
                "source_note": position.source_note,
                "claims": [claim_data(verdict, absolute) for verdict in ordered],
            }
        )
    if chosen == "csv":
        return formats.csv_response(
            f"claims-{position.slug}", CLAIM_CSV_HEADER, _claim_rows(ordered)
        )
    paragraphs, apart = highlighted(position.text, claims, verdicts)
    ctx = {
        "position": position,
        "paragraphs": paragraphs,
        "apart": [(claim, verdicts.get(claim.pk)) for claim in apart],
        "claim_count": len(claims),
    }
    return render(request, "gaps/position_detail.html", ctx)


# Claims ----------------------------------------------------------------------------


@require_safe
def claim_list(request: HttpRequest) -> HttpResponse:
    """Every published claim, filtered; a constant number of queries."""
    chosen = formats.requested(request)
    if chosen is None:
        return formats.bad_format()
    verdicts = get_verdicts(data_version(request))
    filterset = ClaimFilter(
        request.GET,
        queryset=Claim.objects.published().select_related("position"),
        verdicts=verdicts,
    )
    if not filterset.is_valid():
        errors = {name: list(messages) for name, messages in filterset.errors.items()}
        if chosen != "html":
            return formats.json_response({"errors": errors}, status=400)
        ctx = {"filterset": filterset, "rows": [], "errors": errors}
        return render(request, "gaps/claim_list.html", ctx, status=400)
    shown = [verdicts[claim.pk] for claim in filterset.qs if claim.pk in verdicts]
    if chosen == "json":
        absolute = request.build_absolute_uri
        return formats.json_response(
            {"claims": [claim_data(verdict, absolute) for verdict in shown]}
        )
    if chosen == "csv":
        return formats.csv_response("claims", CLAIM_CSV_HEADER, _claim_rows(shown))
    query = request.GET.copy()
    query.pop("format", None)
    ctx = {"filterset": filterset, "rows": shown, "query": query.urlencode()}
    return render(request, "gaps/claim_list.html", ctx)


def claims_about(
    token: str, category: str, instrument: str | None = None
) -> list[tuple[ClaimVerdict, AssertionVerdict]]:
    """The claims about a category (or one instrument's cell), from the cached verdicts."""
    found = []
    for verdict in get_verdicts(token).values():
        judged = verdict.about(category, instrument)
        if judged is not None:
            found.append((verdict, judged))
    return found
