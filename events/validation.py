"""Checks on events in their fixture form (plain dicts), before they are loaded.

Returns (location, message) pairs; `gaps.validation` reports them with the corpus's defects.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import models

from provisions.models import Provenance

from .models import DatePrecision, Event, EventSource

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _too_long(data: dict[str, Any], model: type[models.Model]) -> list[str]:
    messages = []
    for field in model._meta.concrete_fields:
        value = data.get(field.name)
        if isinstance(field, models.CharField) and value and len(str(value)) > field.max_length:
            messages.append(
                f"{field.name} is {len(str(value))} characters; at most {field.max_length}"
            )
    return messages


def check_events(events: list[dict[str, Any]], category_slugs: set[str]) -> list[tuple[str, str]]:
    """Every defect in `events`, each with its place ("events.yaml: <slug>")."""
    defects: list[tuple[str, str]] = []
    seen: set[str] = set()
    for event in events:
        slug = str(event.get("slug") or "")
        where = f"events.yaml: {slug or event.get('title')!r}"

        def defect(message: str, where: str = where) -> None:
            defects.append((where, message))

        if not SLUG.match(slug):
            defect(f"invalid slug {slug!r}: use lowercase letters, digits, hyphens")
        if slug in seen:
            defect(f"duplicate slug {slug!r}")
        seen.add(slug)
        for message in _too_long(event, Event):
            defect(message)
        date, end = event.get("date"), event.get("end_date")
        if not isinstance(date, datetime.date):
            defect("'date' must be a date such as 2007-01-11")
        if event.get("date_precision") not in DatePrecision.values:
            defect(f"'date_precision' must be one of {', '.join(DatePrecision.values)}")
        if end is not None and (not isinstance(end, datetime.date) or (date and end < date)):
            defect("'end_date' must be a date on or after 'date'")
        for name in ("title", "summary"):
            if not str(event.get(name) or "").strip():
                defect(f"missing {name}")
        categories = event.get("categories") or []
        if not categories:
            defect("no threat category")
        for category in categories:
            if category not in category_slugs:
                defect(f"unknown threat category {category!r}")
        sources = event.get("sources") or []
        if event.get("published") and not sources:
            defect("published without a source: every event needs at least one")
        for number, source in enumerate(sources, start=1):
            place = f"{where}: source {number}"
            for message in _too_long(source, EventSource):
                defect(message, place)
            if not str(source.get("title") or "").strip():
                defect("missing title", place)
            url, symbol = source.get("url") or "", source.get("symbol") or ""
            if not url and not symbol:
                defect("give the source's url or its document symbol", place)
            if url and not re.match(r"^https?://", url):
                defect(f"url {url!r} is not an http(s) address", place)
            if source.get("provenance") not in Provenance.values:
                defect(f"provenance must be one of {', '.join(Provenance.values)}", place)
    return defects
