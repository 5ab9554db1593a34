"""The computed matrix, cached under the data version so that no change is ever missed.

Keys include `DataVersion`'s token, which changes whenever the data does; entries for old
tokens are never read again and simply age out of the cache. Whole pages are cached the same
way by `gaps.page_cache`.

With the setting MATRIX_CACHE off (environment MATRIX_CACHE=0) everything here is computed
on every call: the benchmark measures the uncached matrix that way.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from events.models import Event

from . import dated, for_state
from .draft_comparison import DraftComparison, compare_with_draft
from .evidence import Evidence
from .matrix import InstrumentInfo, Matrix, Scope, build_matrix, fetch_catalogue

CACHE_SECONDS = 24 * 60 * 60


def _key(token: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"gaps:matrix:{token}:{digest}"


def _state_parts(state: str | None) -> tuple[str, ...]:
    return (f"state:{state}", timezone.localdate().isoformat()) if state else ()


def _cached[T](key: str, compute: Callable[[], T]) -> T:
    if not settings.MATRIX_CACHE:
        return compute()
    return cache.get_or_set(key, compute, CACHE_SECONDS)


def get_catalogue(token: str) -> list[InstrumentInfo]:
    """The published instruments, cached under the data version `token`."""
    return _cached(_key(token, "catalogue"), fetch_catalogue)


def get_dated_catalogue(
    token: str, catalogue: list[InstrumentInfo], as_of: datetime.date
) -> dated.DatedCatalogue:
    """The catalogue as it stood on `as_of` (one query on a miss), cached under `token`."""
    return _cached(
        _key(token, "dated", as_of.isoformat()),
        lambda: dated.restrict(catalogue, dated.fetch_dates(), as_of),
    )


def get_event_counts(token: str) -> dict[str, int]:
    """Published events per category slug (one query on a miss), cached under `token`."""
    return _cached(_key(token, "event-counts"), Event.objects.counts_by_category)


def get_matrix(
    token: str,
    catalogue: list[InstrumentInfo],
    scope: str = Scope.DEFAULT,
    selection: tuple[str, ...] | None = None,
    *,
    with_provisions: bool = False,
    as_of: datetime.date | None = None,
    state: str | None = None,
    evidence: str = Evidence.DEFAULT,
) -> Matrix:
    """`build_matrix`, cached under the data version `token`.

    With `state`, `catalogue` must be that State's restriction (`get_restriction`).

    Only the API lists each cell's provisions (`with_provisions`): pages show counts, and the
    list of provisions grows with the corpus while the matrix grows only with its cells.
    With `as_of`, `catalogue` must be that date's (`get_dated_catalogue`).
    """
    selection = tuple(sorted(set(selection))) if selection is not None else None
    parts = (
        "matrix",
        scope,
        ",".join(selection) if selection is not None else "-",
        "provisions" if with_provisions else "cells",
        as_of.isoformat() if as_of else "today",
        evidence,
    )
    # Per day for a State: which instruments bind it changes when a withdrawal takes effect.
    parts += _state_parts(state)
    return _cached(
        _key(token, *parts),
        lambda: build_matrix(
            catalogue, scope, selection, with_provisions=with_provisions, evidence=evidence
        ),
    )


def get_comparison(
    token: str,
    catalogue: list[InstrumentInfo],
    instrument_slug: str,
    *,
    as_of: datetime.date | None = None,
    state: str | None = None,
    evidence: str = Evidence.DEFAULT,
) -> DraftComparison:
    """What one instrument would change in the in-force scope, cached under `token`."""
    base = get_matrix(token, catalogue, Scope.IN_FORCE, as_of=as_of, state=state, evidence=evidence)
    return _cached(
        _key(
            token,
            "compare",
            Scope.IN_FORCE,
            instrument_slug,
            str(as_of or "today"),
            evidence,
            *_state_parts(state),
        ),
        lambda: compare_with_draft(catalogue, base, instrument_slug),
    )


def get_view(
    token: str,
    catalogue: list[InstrumentInfo],
    scope: str,
    selection: tuple[str, ...] | None,
    compare_with: str | None,
    *,
    with_provisions: bool = False,
    as_of: datetime.date | None = None,
    state: str | None = None,
    evidence: str = Evidence.DEFAULT,
) -> tuple[Matrix, DraftComparison | None]:
    """The matrix a request asks for and, if it names a draft to compare, the comparison."""
    shown = get_matrix(
        token,
        catalogue,
        scope,
        selection,
        with_provisions=with_provisions,
        as_of=as_of,
        state=state,
        evidence=evidence,
    )
    comparison = (
        get_comparison(token, catalogue, compare_with, as_of=as_of, state=state, evidence=evidence)
        if compare_with
        else None
    )
    return shown, comparison


def get_restriction(
    token: str, catalogue: list[InstrumentInfo], code: str, on: datetime.date | None = None
) -> for_state.Restriction | None:
    """One State's standing towards the instruments in force on `on` (today when None),
    cached under `token`.

    Cached per day too: a withdrawal takes effect on a date, with no change to the data.
    """
    day = (on or timezone.localdate()).isoformat()
    return _cached(
        _key(token, "restriction", code, day),
        lambda: for_state.restriction_for(catalogue, code, on),
    )


def get_restrictions(
    token: str, catalogue: list[InstrumentInfo], codes: list[str]
) -> list[for_state.Restriction]:
    """Several States' restrictions at once (four queries on a miss), cached under `token`."""
    today = timezone.localdate().isoformat()
    return _cached(
        _key(token, "restrictions", ",".join(codes), today),
        lambda: for_state.restrictions(catalogue, codes),
    )


def get_states(token: str) -> list[for_state.StateInfo]:
    """Every State, by name, for the State picker (cached under `token`)."""
    return _cached(_key(token, "states"), for_state.all_states)


def get_state_catalogue(
    token: str,
    catalogue: list[InstrumentInfo],
    state: str | None,
    on: datetime.date | None = None,
) -> tuple[list[InstrumentInfo], for_state.Restriction | None]:
    """The catalogue restricted to what binds `state` on `on` (today when None; unchanged
    without a State), and why."""
    if not state:
        return catalogue, None
    restriction = get_restriction(token, catalogue, state, on)
    if restriction is None:
        return catalogue, None
    return restriction.catalogue(catalogue), restriction
