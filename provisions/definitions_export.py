"""The definitions page as JSON and CSV (`/definitions/?format=json|csv`)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse, JsonResponse

from lib import csv_export

from .definitions import TermEntry

FORMATS = ("html", "json", "csv")
CSV_COLUMNS = [
    "term_slug", "term", "instrument", "instrument_name", "provision", "provision_url",
    "excerpt",
]  # fmt: skip


def _rows(terms: list[TermEntry], absolute: Callable[[str], str]):
    for entry in terms:
        for group in entry.by_instrument:
            for definition in group.definitions:
                provision = definition.term.provision
                yield (
                    entry,
                    group.instrument,
                    provision,
                    absolute(provision.get_absolute_url()),
                    definition.excerpt,
                )


def as_json(terms: list[TermEntry], absolute: Callable[[str], str]) -> JsonResponse:
    data = {
        "terms": [
            {
                "slug": entry.slug,
                "term": entry.term,
                "definitions": [
                    {
                        "instrument": group.instrument.slug,
                        "instrument_name": group.instrument.short_name,
                        "provision": definition.term.provision.slug,
                        "url": absolute(definition.term.provision.get_absolute_url()),
                        "excerpt": definition.excerpt,
                    }
                    for group in entry.by_instrument
                    for definition in group.definitions
                ],
            }
            for entry in terms
        ]
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def as_csv(terms: list[TermEntry], absolute: Callable[[str], str]) -> HttpResponse:
    """One row per definition: a term defined by three instruments gives three rows."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="definitions.csv"'
    writer = csv_export.writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry, instrument, provision, url, excerpt in _rows(terms, absolute):
        writer.writerow(
            [entry.slug, entry.term, instrument.slug, instrument.short_name, provision.slug, url,
             excerpt]
        )  # fmt: skip
    return response
