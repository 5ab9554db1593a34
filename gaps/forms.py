"""Validation of the matrix's query parameters, shared by the page and the API."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, TooManyFieldsSent
from django.http import HttpRequest, QueryDict
from django.urls import reverse

from instruments.models import Status

from .evidence import EVIDENCE_CHOICES, Evidence
from .for_state import known_state
from .matrix import SCOPE_CHOICES, InstrumentInfo, Scope

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")
STATE_CODE = re.compile(r"^[A-Za-z]{2}$")
# Far more than every published slug joined by commas; refuses absurd query strings early.
MAX_INSTRUMENTS_LENGTH = 4000
# "If this entered into force": a signed treaty, a draft or a proposal.
COMPARABLE = (Status.SIGNED_NOT_IN_FORCE, Status.DRAFT, Status.PROPOSAL)


def _quoted(value: str) -> str:
    """A user-supplied value fit to repeat in an error message, or a description of it."""
    return f"'{value}'" if SLUG.match(value) else "a value that is not an instrument slug"


@dataclass(frozen=True)
class MatrixQuery:
    """A valid request for a matrix: the scope or an explicit set, and an optional comparison."""

    scope: str
    selection: tuple[str, ...] | None
    compare: str | None
    as_of: datetime.date | None = None
    state: str | None = None  # an ISO 3166 code: only the instruments that bind that State
    evidence: str = Evidence.DEFAULT

    def querystring(self) -> str:
        """The canonical query string for this view, for links and citations."""
        params: dict[str, str] = {}
        if self.selection is not None:
            params["instruments"] = ",".join(self.selection)
        elif self.scope != Scope.DEFAULT:
            params["scope"] = self.scope
        if self.compare:
            params["compare"] = self.compare
        if self.as_of:
            params["as_of"] = self.as_of.isoformat()
        if self.state:
            params["state"] = self.state
        if self.evidence != Evidence.DEFAULT:
            params["evidence"] = self.evidence
        return urlencode(params, safe=",")

    def path(self, home: str = "") -> str:
        """The matrix's address for this view; `home`, when given, is the matrix's own path
        (reversed once by a caller that builds hundreds of these links)."""
        query = self.querystring()
        return (home or reverse("gaps:home")) + (f"?{query}" if query else "")


class MatrixForm(forms.Form):
    """`scope`, `instruments` (comma-separated slugs, or repeated) and `compare`.

    The what-if form submits one `instruments` value per ticked box, a shared link one
    comma-separated value; both mean the same. `scope` and `compare` must come once.
    """

    SINGLE_VALUED = ("scope", "compare", "as_of", "state", "evidence")

    scope = forms.ChoiceField(
        choices=SCOPE_CHOICES,
        required=False,
        error_messages={
            "invalid_choice": "Unknown scope. Use one of: "
            + ", ".join(value for value, _ in SCOPE_CHOICES)
            + "."
        },
    )
    evidence = forms.ChoiceField(
        choices=EVIDENCE_CHOICES,
        required=False,
        error_messages={
            "invalid_choice": "Unknown evidence filter. Use one of: "
            + ", ".join(value for value, _ in EVIDENCE_CHOICES)
            + "."
        },
    )
    instruments = forms.CharField(
        required=False,
        max_length=MAX_INSTRUMENTS_LENGTH,
        error_messages={"max_length": "Too long: list at most the published instruments."},
    )
    compare = forms.CharField(
        required=False,
        max_length=60,
        error_messages={"max_length": "Too long for an instrument slug."},
    )
    state = forms.CharField(
        required=False,
        max_length=10,
        error_messages={"max_length": "Too long for a State code (two letters, e.g. CN)."},
    )

    as_of = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Give a date as YYYY-MM-DD, e.g. 2007-01-11."},
    )

    @classmethod
    def from_request(cls, request: HttpRequest, catalogue: list[InstrumentInfo]) -> MatrixForm:
        """The form for a request's query string, which may be too long to parse at all."""
        try:
            query = request.GET
        except TooManyFieldsSent:
            form = cls(QueryDict(), catalogue)
            form.add_error(None, "Too many parameters in the address.")
            return form
        return cls(query, catalogue)

    def __init__(self, query: QueryDict, catalogue: list[InstrumentInfo]) -> None:
        self.repeated = [name for name in self.SINGLE_VALUED if len(query.getlist(name)) > 1]
        data = {name: query.get(name, "") for name in self.SINGLE_VALUED}
        data["instruments"] = ",".join(query.getlist("instruments"))
        self.catalogue = {item.slug: item for item in catalogue}
        super().__init__(data)

    def clean_scope(self) -> str:
        return self.cleaned_data["scope"] or Scope.DEFAULT

    def clean_evidence(self) -> str:
        return self.cleaned_data["evidence"] or Evidence.DEFAULT

    def clean_instruments(self) -> tuple[str, ...] | None:
        items = [item.strip() for item in self.cleaned_data["instruments"].split(",")]
        slugs = list(dict.fromkeys(item for item in items if item))
        if not slugs:
            return None
        unknown = [slug for slug in slugs if slug not in self.catalogue]
        if unknown:
            shown = ", ".join(_quoted(slug) for slug in unknown[:5])
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            raise forms.ValidationError(
                f"Unknown instrument: {shown}{more}. Known instruments: "
                f"{', '.join(self.catalogue) or 'none published yet'}.",
                code="unknown",
            )
        return tuple(slugs)

    def clean_compare(self) -> str | None:
        slug = self.cleaned_data["compare"].strip()
        if not slug:
            return None
        instrument = self.catalogue.get(slug)
        if instrument is None:
            raise forms.ValidationError(f"Unknown instrument: {_quoted(slug)}.", code="unknown")
        if instrument.status not in COMPARABLE:
            raise forms.ValidationError(
                f"'{slug}' is {instrument.status_label.lower()}: compare a signed treaty not in "
                "force, a draft or a proposal, whose entry into force is the question.",
                code="not_comparable",
            )
        return slug

    def clean_state(self) -> str | None:
        """An ISO 3166 alpha-2 code of a State in the data, in capitals (one query)."""
        code = self.cleaned_data["state"].strip()
        if not code:
            return None
        if not STATE_CODE.match(code) or known_state(code) is None:
            shown = f"'{code}'" if STATE_CODE.match(code) else "a value that is not a State code"
            raise forms.ValidationError(
                f"Unknown State: {shown}. Give an ISO 3166 alpha-2 code such as CN; "
                "the States page lists them.",
                code="unknown",
            )
        return code.upper()

    def clean(self) -> dict:
        for name in self.repeated:
            self.add_error(name, "Give this parameter only once.")
        return self.cleaned_data

    def query(self) -> MatrixQuery:
        """The validated request; only after `is_valid()` returned True."""
        data = self.cleaned_data
        return MatrixQuery(
            data["scope"],
            data["instruments"],
            data["compare"],
            data["as_of"],
            data["state"],
            evidence=data["evidence"],
        )

    def error_dict(self) -> dict[str, list[str]]:
        """Errors by parameter, as plain messages for the API; `query` for the whole."""
        return {
            "query" if name == NON_FIELD_ERRORS else name: list(messages)
            for name, messages in self.errors.items()
        }


class EvidenceForm(forms.Form):
    """`evidence` alone, for the pages that show every scope (the gap list, a category)."""

    evidence = MatrixForm.base_fields["evidence"]

    @classmethod
    def from_request(cls, request: HttpRequest) -> EvidenceForm:
        try:
            values = request.GET.getlist("evidence")
        except TooManyFieldsSent:
            values = []
        form = cls({"evidence": values[0] if values else ""})
        if len(values) > 1:
            form.is_valid()
            form.add_error("evidence", "Give this parameter only once.")
        return form

    def clean_evidence(self) -> str:
        return self.cleaned_data["evidence"] or Evidence.DEFAULT


class WhatIfForm(forms.Form):
    """`choose=none`, the what-if's "Clear all": the page opens the what-if with every box
    unticked. Only the page reads it; the matrix shown is the one the other parameters ask
    for."""

    CLEAR = "none"

    choose = forms.ChoiceField(
        choices=[(CLEAR, "No instrument ticked")],
        required=False,
        error_messages={"invalid_choice": f"Unknown choice. Use choose={CLEAR} or leave it out."},
    )

    @classmethod
    def from_request(cls, request: HttpRequest) -> WhatIfForm:
        try:
            values = request.GET.getlist("choose")
        except TooManyFieldsSent:
            values = []
        form = cls({"choose": values[0] if values else ""})
        if len(values) > 1:
            form.is_valid()
            form.add_error("choose", "Give this parameter only once.")
        return form

    @property
    def clear(self) -> bool:
        return self.is_valid() and self.cleaned_data["choose"] == self.CLEAR
