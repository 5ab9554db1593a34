"""How a State stands towards one instrument, from its acts: the vocabulary every page uses.

Whether it is bound is decided in the database (`Participation.objects.binding`); this says
why it is not. "Not a party" and "signed, not ratified" need a complete list of
participants (`ParticipationList`): without one, the absence of a record proves nothing.
"""

from __future__ import annotations

import datetime

from .models import JOINING, LEAVING, Action

Act = tuple[datetime.date, datetime.date | None, str]  # date, effective date, action


class Standing:
    BOUND = "bound"
    SIGNED = "signed"
    SIGNED_UNKNOWN = "signed_unknown"
    NOT_PARTY = "not_party"
    WITHDREW = "withdrew"
    REVOKED = "revoked"
    NOT_YET = "not_yet"
    UNKNOWN = "unknown"


LABELS = {
    Standing.BOUND: "party, bound",
    Standing.SIGNED: "signed, not ratified",
    Standing.SIGNED_UNKNOWN: "signed; no ratification on record (status unknown)",
    Standing.NOT_PARTY: "not a party",
    Standing.WITHDREW: "withdrew",
    Standing.REVOKED: "ratification revoked; remains a signatory",
    Standing.NOT_YET: "joined, not yet in effect",
    Standing.UNKNOWN: "status unknown",
}
# A symbol beside each label, so that no standing is told by colour alone.
SYMBOLS = {Standing.BOUND: "✓", Standing.UNKNOWN: "?", Standing.SIGNED_UNKNOWN: "?"}


def symbol(standing: str) -> str:
    return SYMBOLS.get(standing, "✗")


def classify(bound: bool, acts: list[Act], has_list: bool) -> tuple[str, datetime.date | None]:
    """The standing and the date of the act it rests on, from the acts in date order."""
    joined = [act for act in acts if act[2] in JOINING]
    if bound:
        return Standing.BOUND, joined[-1][0] if joined else None
    if joined:
        leaving = [act for act in acts if act[2] in LEAVING and act[0] >= joined[-1][0]]
        if leaving:
            date, effective, action = leaving[-1]
            kind = Standing.REVOKED if action == Action.REVOCATION else Standing.WITHDREW
            return kind, effective or date
        return Standing.NOT_YET, joined[-1][1] or joined[-1][0]
    signed = [act for act in acts if act[2] == Action.SIGNATURE]
    if signed:
        return (Standing.SIGNED if has_list else Standing.SIGNED_UNKNOWN), signed[0][0]
    return (Standing.NOT_PARTY if has_list else Standing.UNKNOWN), None
