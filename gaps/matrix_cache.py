"""The computed matrix, cached under the data version so that no change is ever missed.

Keys include `DataVersion`'s token, which changes whenever the data does; entries for old
tokens are never read again and simply age out of the cache. Whole pages are cached the same
way by `gaps.page_cache`.

With the setting MATRIX_CACHE off (environment MATRIX_CACHE=0) everything here is computed
on every call: the benchmark measures the uncached matrix that way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from .evidence import Evidence
from .matrix import (
    DraftComparison,
    InstrumentInfo,
    Matrix,
    Scope,
    build_matrix,
    compare_with_draft,
    fetch_catalogue,
)

CACHE_SECONDS = 24 * 60 * 60


def _key(token: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"gaps:matrix:{token}:{digest}"


def _cached[T](key: str, compute: Callable[[], T]) -> T:
    if not settings.MATRIX_CACHE:
        return compute()
    return cache.get_or_set(key, compute, CACHE_SECONDS)


def get_catalogue(token: str) -> list[InstrumentInfo]:
    """The published instruments, cached under the data version `token`."""
    return _cached(_key(token, "catalogue"), fetch_catalogue)


def get_matrix(
    token: str,
    catalogue: list[InstrumentInfo],
    scope: str = Scope.DEFAULT,
    selection: tuple[str, ...] | None = None,
    *,
    with_provisions: bool = False,
    evidence: str = Evidence.DEFAULT,
) -> Matrix:
    """`build_matrix`, cached under the data version `token`.

    Only the API lists each cell's provisions (`with_provisions`): pages show counts, and the
    list of provisions grows with the corpus while the matrix grows only with its cells.
    """
    selection = tuple(sorted(set(selection))) if selection is not None else None
    parts = (
        "matrix",
        scope,
        ",".join(selection) if selection is not None else "-",
        "provisions" if with_provisions else "cells",
        evidence,
    )
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
    evidence: str = Evidence.DEFAULT,
) -> DraftComparison:
    """What one instrument would change in the in-force scope, cached under `token`."""
    base = get_matrix(token, catalogue, Scope.IN_FORCE, evidence=evidence)
    return _cached(
        _key(token, "compare", Scope.IN_FORCE, instrument_slug, evidence),
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
    evidence: str = Evidence.DEFAULT,
) -> tuple[Matrix, DraftComparison | None]:
    """The matrix a request asks for and, if it names a draft to compare, the comparison."""
    shown = get_matrix(
        token, catalogue, scope, selection, with_provisions=with_provisions, evidence=evidence
    )
    comparison = (
        get_comparison(token, catalogue, compare_with, evidence=evidence) if compare_with else None
    )
    return shown, comparison
