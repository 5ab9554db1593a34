"""A citation in the three formats reference managers import: BibTeX, RIS and CSL-JSON.

The apps say what is cited (`Reference`); this module only writes it out. Each format
carries the access date, the release of the data and the note, which holds the provenance
warning when the text cited is not checked against an official source.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

from django.http import HttpResponse

PUBLISHER = "Space Security Treaty Gaps"


@dataclass(frozen=True)
class Reference:
    """One citable thing: a provision or a view of the coverage matrix."""

    key: str  # the BibTeX key and the file name, e.g. "ost-art-4"
    title: str
    url: str
    accessed: datetime.date
    version: str  # the data cited, e.g. "corpus release 2026.11.0 with edits to 2026-12-03"
    note: str = ""  # the provenance warning and anything else a reader must know
    issued: datetime.date | None = None  # the date of the release cited


# The ten characters LaTeX treats specially, as BibTeX fields must write them.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in BIBTEX_ESCAPES))


def bibtex_escape(text: str) -> str:
    return BIBTEX_SPECIAL.sub(lambda match: BIBTEX_ESCAPES[match.group()], text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def bibtex_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip(".-") or "citation"


def to_bibtex(ref: Reference) -> str:
    fields = [
        ("title", ref.title),
        ("howpublished", ref.url),
        ("url", ref.url),
        ("organization", PUBLISHER),
        ("version", ref.version),
        ("urldate", ref.accessed.isoformat()),
    ]
    if ref.issued:
        fields.append(("year", str(ref.issued.year)))
    if ref.note:
        fields.append(("note", ref.note))
    # The URL fields are verbatim in biblatex: only braces would need escaping there, and an
    # address this site builds has none.
    verbatim = ("url", "howpublished")
    body = ",\n".join(
        f"  {name} = {{{_one_line(value if name in verbatim else bibtex_escape(value))}}}"
        for name, value in fields
    )
    return f"@misc{{{bibtex_key(ref.key)},\n{body}\n}}\n"


def to_ris(ref: Reference) -> str:
    lines = [
        ("TY", "ELEC"),
        ("TI", ref.title),
        ("PB", PUBLISHER),
        ("UR", ref.url),
        ("ET", ref.version),
        ("Y2", ref.accessed.strftime("%Y/%m/%d")),
    ]
    if ref.issued:
        lines.append(("PY", str(ref.issued.year)))
    if ref.note:
        lines.append(("N1", ref.note))
    lines.append(("ER", ""))
    # RIS is one tag a line: a value may not span lines.
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def _date_parts(date: datetime.date) -> dict:
    return {"date-parts": [[date.year, date.month, date.day]]}


def to_csl_json(ref: Reference) -> str:
    item = {
        "id": bibtex_key(ref.key),
        "type": "webpage",
        "title": ref.title,
        "publisher": PUBLISHER,
        "container-title": PUBLISHER,
        "URL": ref.url,
        "version": ref.version,
        "accessed": _date_parts(ref.accessed),
    }
    if ref.issued:
        item["issued"] = _date_parts(ref.issued)
    if ref.note:
        item["note"] = ref.note
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


# format name in the address -> (writer, content type, file extension)
FORMATS = {
    "bibtex": (to_bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": (to_ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": (to_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
FORMAT_LABELS = {"bibtex": "BibTeX", "ris": "RIS", "csl": "CSL-JSON"}


def download(ref: Reference, fmt: str) -> HttpResponse:
    """The citation as a file to save; `fmt` is a key of FORMATS (checked by the caller)."""
    write, content_type, extension = FORMATS[fmt]
    response = HttpResponse(write(ref), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{bibtex_key(ref.key)}.{extension}"'
    return response
