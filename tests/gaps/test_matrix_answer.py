"""The answer above the matrix (gaps/answer.py, templates/gaps/_answer.html): one sentence per
scope whose numbers and gaps are the matrix's own, and gaps with voluntary guidance told
apart from gaps without it, on the page, in its legend, the JSON and the CSV."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest

from gaps.answer import answer_for
from gaps.matrix import GapKind, Scope, build_matrix, fetch_catalogue

pytestmark = pytest.mark.django_db


def answer_text(html: str) -> str:
    """The answer section as a reader sees it, without the tags."""
    section = re.search(r'<section class="answer".*?</section>', html, re.S)
    assert section, "no answer on the page"
    text = re.sub(r"<[^>]+>", " ", section.group(0))
    return re.sub(r"\s+", " ", text).strip()


def answer_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link in the answer, in order."""
    section = re.search(r'<section class="answer".*?</section>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)


@pytest.mark.parametrize(
    ("params", "scope", "selection"),
    [
        ({}, Scope.IN_FORCE, None),
        ({"scope": "drafts"}, Scope.DRAFTS, None),
        ({"scope": "all"}, Scope.ALL, None),
        ({"instruments": "ost,ppwt-old"}, Scope.CUSTOM, ("ost", "ppwt-old")),
    ],
)
def test_the_answer_counts_and_names_the_gaps_of_the_matrix_shown(
    client, known, params, scope, selection
):
    shown = build_matrix(fetch_catalogue(), scope, selection)
    html = client.get("/", params).content.decode()
    text = answer_text(html)
    assert f"{len(shown.gaps)} of {len(shown.rows)} threats without a prohibition" in text
    gaps = [(f"#why-{row.category.slug}", row.category.name) for row in shown.gaps]
    assert sorted(answer_links(html)) == sorted(gaps)
    # Each link leads to an explanation on the same page.
    for href, _name in gaps:
        assert f'id="{href[1:]}"' in html


def test_the_answer_for_the_law_in_force_reads_as_one_sentence(client, known):
    text = answer_text(client.get("/").content.decode())
    assert text == (
        "The answer Binding law in force leaves 3 of 4 threats without a prohibition: "
        "Destructive ASAT tests Proximity operations Jamming"
    )


def test_the_answer_for_a_what_if_set_names_the_instruments_chosen(client, known):
    text = answer_text(client.get("/", {"instruments": "ost,ppwt-old"}).content.decode())
    assert text.startswith(
        "The answer The 2 chosen instruments (Outer Space Treaty, PPWT 2008) leave 2 of 4 threats"
    )


def test_under_a_comparison_the_answer_says_how_many_gaps_the_draft_would_close(client, known):
    html = client.get("/", {"compare": "ppwt-new"}).content.decode()
    text = answer_text(html)
    assert (
        "If the PPWT 2014 entered into force, it would close 1 of these 3 and leave 2 open; "
        "it would close: Destructive ASAT tests" in text
    )
    assert answer_links(html)[-1] == ("#why-asat", "Destructive ASAT tests")


def test_a_comparison_beside_another_scope_names_the_gaps_of_the_law_in_force(client, known):
    html = client.get("/", {"scope": "drafts", "compare": "ppwt-new"}).content.decode()
    text = answer_text(html)
    assert "2 of 4 threats" in text
    assert "it would close 1 of the 3 gaps of binding law in force and leave 2 open" in text
    # Not a gap of the drafts scope shown, so no explanation here: the category page instead.
    assert answer_links(html)[-1] == ("/gaps/asat/", "Destructive ASAT tests")


def test_the_answer_counts_only_the_evidence_chosen_and_says_so(client, known, django_db_blocker):
    from provisions.models import Provision

    Provision.objects.filter(slug="art-4", instrument__slug="ost").update(provenance="summary")
    from gaps.models import DataVersion

    DataVersion.bump()
    shown = build_matrix(fetch_catalogue(), Scope.IN_FORCE, evidence="official")
    text = answer_text(client.get("/", {"evidence": "official"}).content.decode())
    assert len(shown.gaps) == 4
    assert (
        "leaves 4 of 4 threats without a prohibition, counting only verbatim text checked "
        "against an official source" in text
    )


def test_the_answer_on_a_date_for_a_state_leads_with_both():
    """The wording alone, on a matrix with no rows: no database needed."""
    from gaps.matrix import Matrix

    empty = Matrix(scope=Scope.IN_FORCE, selection=None, groups=[], rows=[])
    answer = answer_for(empty, as_of=datetime.date(2007, 1, 11), state_name="China")
    assert answer.opening == "For China, as of 11 January 2007, binding law in force"
    assert answer.total == 0 and answer.gaps == []


def test_the_answer_on_a_date_counts_that_dates_matrix(client, db):
    from tests.gaps.dated_builders import dated_corpus

    dated_corpus()
    data = client.get("/api/matrix.json?as_of=1966-12-31").json()
    gaps = [category for category in data["categories"] if category["gap"]]
    text = answer_text(client.get("/?as_of=1966-12-31").content.decode())
    assert text.startswith(
        f"The answer As of 31 December 1966, binding law in force leaves {len(gaps)} of "
        f"{len(data['categories'])} threats"
    )


def test_the_answer_for_a_state_counts_what_binds_it(client, db):
    from tests.states.builders import state_cast

    state_cast()
    data = client.get("/api/matrix.json", {"state": "DD"}).json()
    gaps = [category for category in data["categories"] if category["gap"]]
    text = answer_text(client.get("/", {"state": "DD"}).content.decode())
    name = data["state"]["name"]
    assert text.startswith(
        f"The answer For {name}, binding law in force leaves {len(gaps)} of "
        f"{len(data['categories'])} threat"
    )


def test_a_scope_without_gaps_says_every_threat_is_prohibited(client, db):
    from tests.conftest import make_category, make_coverage, make_instrument, make_provision

    treaty = make_instrument("ost", short_name="Outer Space Treaty")
    for slug in ("wmd", "celestial"):
        make_coverage(make_provision(treaty, f"art-{slug}"), make_category(slug), "prohibits")
    text = answer_text(client.get("/").content.decode())
    assert text == "The answer Binding law in force prohibits each of the 2 threats : no gap."


# Voluntary guidance ------------------------------------------------------------------------


def test_a_gap_row_knows_whether_voluntary_guidance_addresses_it(known):
    every = build_matrix(fetch_catalogue(), Scope.ALL)
    assert every.row("jamming").gap_kind == GapKind.GUIDANCE
    assert every.row("rpo").gap_kind == GapKind.NO_GUIDANCE
    assert every.row("asat").gap_kind is None  # not a gap
    assert every.tells_guidance_apart
    assert not build_matrix(fetch_catalogue(), Scope.IN_FORCE).tells_guidance_apart


def test_the_voluntary_scope_tells_guided_gaps_from_bare_ones_in_the_answer(client, known):
    html = client.get("/", {"scope": "all"}).content.decode()
    assert answer_text(html) == (
        "The answer Every instrument, binding or not, leaves 2 of 4 threats without a "
        "prohibition. Voluntary guidance addresses 1 of them: Jamming "
        "1 has no voluntary guidance: Proximity operations"
    )


def test_the_voluntary_scope_marks_each_gap_cell_with_its_kind_in_words(client, known):
    html = client.get("/", {"scope": "all"}).content.decode()
    jamming = re.search(r'<tr id="row-jamming".*?</tr>', html, re.S).group(0)
    rpo = re.search(r'<tr id="row-rpo".*?</tr>', html, re.S).group(0)
    assert '<span class="gap-kind">, with voluntary guidance</span>' in jamming
    assert '<span class="gap-kind">, no voluntary guidance</span>' in rpo
    legend = html.split('<dl class="gap-legend">')[1].split("</dl>")[0]
    assert "with voluntary guidance" in legend and "no voluntary guidance" in legend


def test_the_binding_scopes_mark_gaps_without_kinds(client, known):
    html = client.get("/").content.decode()
    assert "gap-kind" not in html
    assert "<strong>Gap</strong>" in html


def test_the_json_and_csv_carry_the_kind_of_each_gap_beside_the_gap_flag(client, known):
    data = client.get("/api/matrix.json?scope=all").json()
    kinds = {
        category["slug"]: (category["gap"], category["gap_kind"]) for category in data["categories"]
    }
    assert kinds == {
        "wmd": (False, None),
        "asat": (False, None),
        "rpo": (True, "no_guidance"),
        "jamming": (True, "voluntary_guidance"),
    }
    rows = list(csv.reader(io.StringIO(client.get("/api/matrix.csv?scope=all").content.decode())))
    header = rows[0]
    # Existing columns keep their places; the new one follows them, before the comparison's.
    kind = header.index("category_gap_kind")
    assert header.index("category_gap") == 10 and header[kind + 1] == "compared_instrument"
    by_category = {row[0]: row[kind] for row in rows[1:]}
    assert by_category == {
        "wmd": "",
        "asat": "",
        "rpo": "no_guidance",
        "jamming": "voluntary_guidance",
    }
