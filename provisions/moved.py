"""Where an instrument or provision now lives when its slug was changed: found in the
recorded history, so that permalinks that were cited keep working (a 301 to the new one)."""

from __future__ import annotations

from instruments.models import Instrument

from .models import Provision


def _latest_id(history, **fields) -> int | None:
    return history.filter(**fields).order_by("-history_date").values_list("id", flat=True).first()


def moved_instrument(slug: str) -> Instrument | None:
    """The published instrument that once had `slug` (two queries at most)."""
    pk = _latest_id(Instrument.history, slug=slug)
    return Instrument.objects.published().filter(pk=pk).first() if pk else None


def moved_provision(instrument_slug: str, slug: str) -> Provision | None:
    """The published provision once at /instruments/<instrument_slug>/<slug>/, under either
    slug as it was (four queries at most)."""
    instrument = Instrument.objects.published().filter(
        slug=instrument_slug
    ).first() or moved_instrument(instrument_slug)
    if instrument is None:
        return None
    provisions = Provision.objects.filter(instrument=instrument).select_related("instrument")
    current = provisions.filter(slug=slug).first()
    if current is not None:
        return current
    pk = _latest_id(Provision.history, instrument_id=instrument.pk, slug=slug)
    return provisions.filter(pk=pk).first() if pk else None
