"""Reading and validating participation records from CSV, and writing them in one go.

Layout of a participation file (UTF-8, a header row, one act per row):

    state,instrument,action,date,effective_date,source,provenance,note[,reservations]

`state` is an ISO 3166-1 alpha-2 code of a State already loaded, `instrument` the slug of an
instrument, `action` one of `Action`'s values, dates as YYYY-MM-DD (`effective_date` may be
empty except for a withdrawal), `provenance` official or unverified. Every row is checked
before anything is written; one bad row and nothing is.

A list file (`instrument,as_of,as_of_note,source,provenance,note`) records which
instruments have a complete list of participants and the date it is current to; a State
file (`code,name[,kind]`) the States.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from instruments.models import Instrument

from .models import JOINING, LEAVING, Action, Participation, ParticipationList, Provenance, State

PARTICIPATION_COLUMNS = [
    "state",
    "instrument",
    "action",
    "date",
    "effective_date",
    "source",
    "provenance",
    "note",
]
OPTIONAL_COLUMNS = ["reservations"]
LIST_COLUMNS = ["instrument", "as_of", "as_of_note", "source", "provenance", "note"]
STATE_COLUMNS = ["code", "name"]
# Nothing in these files can predate the United Nations' forerunners' treaties by much; a
# year before this is a typing error.
EARLIEST = datetime.date(1900, 1, 1)


class InvalidFile(Exception):
    """The file cannot be imported; `errors` lists every problem with its line number."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _rows(text: str, required: list[str], name: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise InvalidFile([f"{name}, line 1: missing column(s): {', '.join(missing)}."])
    return [
        (reader.line_num, {key: (value or "").strip() for key, value in row.items() if key})
        for row in reader
    ]


def _date(value: str, column: str, where: str, errors: list[str]) -> datetime.date | None:
    if not value:
        return None
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{where}: {column} '{value[:20]}' is not a date (use YYYY-MM-DD).")
        return None
    if parsed < EARLIEST or parsed > timezone.localdate():
        errors.append(f"{where}: {column} {value} is impossible (before 1900 or in the future).")
        return None
    return parsed


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InvalidFile([f"{path}: file not found."]) from exc
    except UnicodeDecodeError as exc:
        raise InvalidFile([f"{path}: not UTF-8 text."]) from exc


def validate_participation(text: str, name: str = "participation.csv") -> list[Participation]:
    """Every row as an unsaved `Participation`, or `InvalidFile` listing every bad row.

    Two queries (States, instruments) plus one for the records already in the database,
    against which a withdrawal may be checked.
    """
    rows = _rows(text, PARTICIPATION_COLUMNS, name)
    states = {state.code: state for state in State.objects.all()}
    instruments = {item.slug: item for item in Instrument.objects.all()}
    errors: list[str] = []
    records: list[tuple[str, Participation]] = []
    seen: dict[tuple[str, str, str, datetime.date], int] = {}
    for line, row in rows:
        where = f"{name}, line {line}"
        before = len(errors)
        state = states.get(row["state"].upper())
        if state is None:
            errors.append(f"{where}: unknown State '{row['state'][:10]}' (use an ISO 3166 code).")
        instrument = instruments.get(row["instrument"])
        if instrument is None:
            errors.append(f"{where}: unknown instrument '{row['instrument'][:60]}'.")
        if row["action"] not in Action.values:
            errors.append(
                f"{where}: unknown action '{row['action'][:30]}'; use one of "
                f"{', '.join(Action.values)}."
            )
        if row["provenance"] not in Provenance.values:
            errors.append(f"{where}: provenance must be official or unverified.")
        if not row["source"]:
            errors.append(f"{where}: no source (give a URL or document symbol).")
        date = _date(row["date"], "date", where, errors)
        if not row["date"]:
            errors.append(f"{where}: no date.")
        effective = _date(row["effective_date"], "effective_date", where, errors)
        if row["action"] == Action.WITHDRAWAL and not row["effective_date"]:
            errors.append(f"{where}: a withdrawal needs the date it takes effect (effective_date).")
        if date and effective and effective < date:
            errors.append(f"{where}: effective_date {effective} is before the date {date}.")
        if len(errors) > before:
            continue
        key = (state.code, instrument.slug, row["action"], date)
        if key in seen:
            errors.append(f"{where}: the same act as line {seen[key]} (duplicate).")
            continue
        seen[key] = line
        records.append(
            (
                where,
                Participation(
                    state=state,
                    instrument=instrument,
                    action=row["action"],
                    date=date,
                    effective_date=effective,
                    source=row["source"],
                    provenance=row["provenance"],
                    note=row["note"],
                    reservations=row.get("reservations", ""),
                ),
            )
        )
    errors.extend(_leaving_before_joining(records))
    if errors:
        raise InvalidFile(errors)
    return [record for _, record in records]


def _leaving_before_joining(records: list[tuple[str, Participation]]) -> list[str]:
    """A withdrawal or revocation needs an earlier joining act, in the file or the database."""
    joined: dict[tuple[int, int], datetime.date] = {}
    for state_id, instrument_id, date in Participation.objects.filter(
        action__in=JOINING
    ).values_list("state_id", "instrument_id", "date"):
        key = (state_id, instrument_id)
        joined[key] = min(date, joined.get(key, date))
    for _, record in records:
        if record.action in JOINING:
            key = (record.state.pk, record.instrument.pk)
            joined[key] = min(record.date, joined.get(key, record.date))
    errors = []
    for where, record in records:
        if record.action not in LEAVING:
            continue
        first = joined.get((record.state.pk, record.instrument.pk))
        if first is None or first > record.date:
            verb = record.get_action_display().lower()
            errors.append(
                f"{where}: {verb} on {record.date} before {record.state.code} joined "
                f"{record.instrument.slug} (no earlier ratification, accession, succession, "
                "acceptance or approval)."
            )
    return errors


def write_participation(
    records: Iterable[Participation], progress: Callable[[str], None] = lambda message: None
) -> ImportStats:
    """Create or update each record, matched on (State, instrument, action, date)."""
    stats = ImportStats()
    records = list(records)
    existing = {
        (p.state_id, p.instrument_id, p.action, p.date): p
        for p in Participation.objects.filter(
            state__in={r.state for r in records}, instrument__in={r.instrument for r in records}
        )
    }
    compared = ["effective_date", "source", "provenance", "note", "reservations"]
    with transaction.atomic():
        for number, record in enumerate(records, start=1):
            key = (record.state.pk, record.instrument.pk, record.action, record.date)
            current = existing.get(key)
            if current is None:
                record.save()
                stats.created += 1
            elif any(getattr(current, name) != getattr(record, name) for name in compared):
                for name in compared:
                    setattr(current, name, getattr(record, name))
                current.version += 1
                current.save()
                stats.updated += 1
            else:
                stats.unchanged += 1
            if number % 100 == 0 or number == len(records):
                progress(f"[{number}/{len(records)}] records checked")
    return stats


def import_participation(
    text: str, name: str = "participation.csv", progress: Callable[[str], None] = print
) -> ImportStats:
    """Validate the whole file, then write it; raises `InvalidFile` and writes nothing."""
    records = validate_participation(text, name)
    progress(f"{name}: {len(records)} rows valid.")
    return write_participation(records, progress)


def import_lists(text: str, name: str = "participation_lists.csv") -> int:
    """Create or update each instrument's list of participants; returns the rows read."""
    errors: list[str] = []
    instruments = {item.slug: item for item in Instrument.objects.all()}
    parsed = []
    for line, row in _rows(text, LIST_COLUMNS, name):
        where = f"{name}, line {line}"
        instrument = instruments.get(row["instrument"])
        if instrument is None:
            errors.append(f"{where}: unknown instrument '{row['instrument'][:60]}'.")
        if row["provenance"] not in Provenance.values:
            errors.append(f"{where}: provenance must be official or unverified.")
        if not row["source"]:
            errors.append(f"{where}: no source.")
        as_of = _date(row["as_of"], "as_of", where, errors)
        if not row["as_of"] and not row["as_of_note"]:
            errors.append(f"{where}: give as_of or, if the source shows no date, as_of_note.")
        parsed.append((instrument, as_of, row))
    if errors:
        raise InvalidFile(errors)
    with transaction.atomic():
        for instrument, as_of, row in parsed:
            values = {
                "as_of": as_of,
                "as_of_note": row["as_of_note"],
                "source": row["source"],
                "provenance": row["provenance"],
                "note": row["note"],
            }
            current = ParticipationList.objects.filter(instrument=instrument).first()
            if current is None:
                ParticipationList.objects.create(instrument=instrument, **values)
            elif any(getattr(current, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(current, key, value)
                current.version += 1
                current.save()
    return len(parsed)


def import_states(text: str, name: str = "states.csv") -> int:
    """Create or update the States (matched on code); returns the rows read."""
    errors: list[str] = []
    parsed = []
    for line, row in _rows(text, STATE_COLUMNS, name):
        where = f"{name}, line {line}"
        code = row["code"].upper()
        kind = row.get("kind") or State.Kind.MEMBER
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            errors.append(f"{where}: '{row['code'][:10]}' is not an ISO 3166 alpha-2 code.")
        if not row["name"]:
            errors.append(f"{where}: no name.")
        if kind not in State.Kind.values:
            errors.append(f"{where}: kind must be one of {', '.join(State.Kind.values)}.")
        parsed.append((code, row["name"], kind))
    if errors:
        raise InvalidFile(errors)
    with transaction.atomic():
        current = {state.code: state for state in State.objects.all()}
        for code, name_, kind in parsed:
            state = current.get(code)
            if state is None:
                State.objects.create(code=code, name=name_, kind=kind)
            elif (state.name, state.kind) != (name_, kind):
                state.name, state.kind = name_, kind
                state.version += 1
                state.save()
    return len(parsed)
