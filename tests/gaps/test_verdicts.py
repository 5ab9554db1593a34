"""Verdicts on a hand-built corpus whose answer is known (see tests/gaps/matrix_builders.py).

In force: ost prohibits wmd and restricts asat (ptbt: indirect); nothing covers rpo or
jamming. The test adds a `charter` in force that prohibits rpo, so that a claim right about
the instruments it names meets a general rule elsewhere. The guidelines give guidance on
asat and jamming.
"""

from __future__ import annotations

import pytest

from gaps.verdicts import Outcome, compute_verdicts, contested, fits
from tests.conftest import make_coverage, make_instrument, make_provision
from tests.positions.builders import make_claim, make_position

TEXT = "OST bans WMD. OST and PTBT leave ASAT open. Jamming is left to guidelines. RPO is open."


@pytest.fixture
def claims(known):
    c, i = known.categories, known.instruments
    charter = make_instrument("charter", short_name="Charter", position=0)
    make_coverage(make_provision(charter, "art-2-4"), c["rpo"], "prohibits", rationale="Force.")
    paper = make_position("paper", text=TEXT)
    return {
        "wmd": make_claim(paper, "wmd", "OST bans WMD.", [(c["wmd"], "covered", [i["ost"]])]),
        "asat": make_claim(
            paper,
            "asat",
            "OST and PTBT leave ASAT open.",
            [(c["asat"], "not_covered", [i["ost"], i["ptbt"]])],
        ),
        "asat-covered": make_claim(
            paper, "asat-covered", "OST and PTBT", [(c["asat"], "covered", [i["ost"]])]
        ),
        "jamming": make_claim(
            paper,
            "jamming",
            "Jamming is left to guidelines.",
            [(c["jamming"], "only_voluntary", [i["guidelines"]])],
        ),
        "rpo": make_claim(paper, "rpo", "RPO is open.", [(c["rpo"], "not_covered", [i["ost"]])]),
        "mixed": make_claim(
            paper,
            "mixed",
            "OST bans WMD. OST and PTBT",
            [(c["wmd"], "covered", [i["ost"]]), (c["rpo"], "partly_covered", [])],
        ),
    }


def outcome(verdicts, claim) -> str:
    return verdicts[claim.pk].outcome


@pytest.mark.django_db
def test_a_claim_the_named_instruments_and_the_law_bear_out_agrees(claims):
    verdicts = compute_verdicts()
    assert outcome(verdicts, claims["wmd"]) == Outcome.AGREES
    assert outcome(verdicts, claims["asat"]) == Outcome.AGREES  # restricts is still a gap


@pytest.mark.django_db
def test_a_covered_claim_about_a_restriction_agrees_only_in_part(claims):
    assert outcome(compute_verdicts(), claims["asat-covered"]) == Outcome.PARTLY


@pytest.mark.django_db
def test_only_voluntary_is_checked_against_the_voluntary_scope(claims):
    judged = compute_verdicts()[claims["jamming"].pk].assertions[0]
    assert (judged.outcome, judged.scope, judged.general_level) == ("agrees", "all", "guidance")
    assert [s.instrument for s in judged.named] == ["guidelines"]


@pytest.mark.django_db
def test_a_gap_in_the_named_instruments_meets_the_general_rule_elsewhere(claims):
    judged = compute_verdicts()[claims["rpo"].pk].assertions[0]
    assert judged.outcome == Outcome.DISAGREES
    assert [(s.instrument, s.level) for s in judged.named] == [("ost", None)]
    assert [(s.instrument, s.level) for s in judged.general] == [("charter", "prohibits")]
    assert judged.general[0].provisions[0].rationale == "Force."
    assert "debate" in judged.reason


@pytest.mark.django_db
def test_a_claim_right_on_one_category_and_wrong_on_another_agrees_in_part(claims):
    verdict = compute_verdicts()[claims["mixed"].pk]
    assert [a.outcome for a in verdict.assertions] == ["agrees", "disagrees"]
    assert verdict.outcome == Outcome.PARTLY


@pytest.mark.django_db
def test_disputed_rows_and_cells_are_contested_by_their_claims(claims):
    marks = contested(compute_verdicts())
    assert marks.row("rpo") == ["paper/rpo", "paper/mixed"]
    assert marks.cell("rpo", "charter") == ["paper/rpo", "paper/mixed"]
    assert marks.row("wmd") == []
    assert marks.cell("asat", "ost") == ["paper/asat-covered"]


@pytest.mark.django_db
def test_unpublished_positions_have_no_verdicts(claims):
    claims["wmd"].position.published = False
    claims["wmd"].position.save()
    assert compute_verdicts() == {}


@pytest.mark.parametrize(
    ("asserted", "level", "expected"),
    [
        ("covered", "prohibits", "agrees"),
        ("covered", "restricts", "partly"),
        ("covered", None, "disagrees"),
        ("not_covered", "prohibits", "disagrees"),
        ("not_covered", "indirect", "agrees"),
        ("partly_covered", "prohibits", "disagrees"),
        ("partly_covered", None, "partly"),
        ("only_voluntary", "guidance", "agrees"),
        ("only_voluntary", "restricts", "partly"),
        ("only_voluntary", "prohibits", "disagrees"),
    ],
)
def test_each_assertion_fits_a_level_as_documented(asserted, level, expected):
    assert fits(asserted, level) == expected
