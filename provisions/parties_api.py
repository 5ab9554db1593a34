"""An instrument's parties as JSON and CSV, counted from the participation records."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from instruments.models import Instrument, Status

from .parties import Parties, parties_of

CSV_HEADER = [
    "state",
    "state_name",
    "standing",
    "action",
    "date",
    "effective_date",
    "source",
    "provenance",
]


def _parties(slug: str) -> tuple[Instrument, Parties]:
    instrument = get_object_or_404(Instrument.objects.published(), slug=slug)
    if not (instrument.binding and instrument.status == Status.IN_FORCE):
        raise Http404("Only an instrument in force has parties.")
    return instrument, parties_of(instrument)


@require_safe
def parties_json(request: HttpRequest, slug: str) -> JsonResponse:
    """Parties today, other participants, the space powers and the list's date (five queries)."""
    instrument, found = _parties(slug)
    listed = found.participant_list
    data = {
        "instrument": instrument.slug,
        "on": found.on.isoformat(),
        "count": found.count,
        "records": found.records,
        "latest_record": found.latest_record.isoformat() if found.latest_record else None,
        "complete_list": None
        if listed is None
        else {
            "as_of": listed.as_of.isoformat() if listed.as_of else None,
            "as_of_note": listed.as_of_note,
            "source": listed.source,
            "provenance": listed.provenance,
        },
        "parties": [
            {
                "state": state.code,
                "name": state.name,
                "action": act.action,
                "date": act.date.isoformat(),
                "source": act.source,
                "provenance": act.provenance,
            }
            for state, act in found.parties
        ],
        "others": [{"state": state.code, "standing": label} for state, label, _ in found.others],
        "space_powers": [
            {"state": power.state.code, "standing": power.standing, "label": power.label}
            for power in found.powers
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_safe
def parties_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Every participation record of the instrument, with each State's standing today."""
    instrument, found = _parties(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="parties-{instrument.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    bound = {state.pk for state, _ in found.parties}
    labels = {state.pk: label for state, label, _ in found.others}
    for acts in found.by_state.values():
        for act in acts:
            writer.writerow(
                [
                    act.state.code,
                    act.state.name,
                    "party, bound" if act.state_id in bound else labels.get(act.state_id, ""),
                    act.action,
                    act.date.isoformat(),
                    act.effective_date.isoformat() if act.effective_date else "",
                    act.source,
                    act.provenance,
                ]
            )
    return response
