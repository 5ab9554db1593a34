"""GET /api/matrix.json and /api/matrix.csv: shape, scopes, what-if, 400s, query counts."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from gaps.models import Release

pytestmark = pytest.mark.django_db

INSTRUMENT_KEYS = {"slug", "short_name", "status", "binding", "url"}
CATEGORY_KEYS = {"slug", "name", "strongest", "gap", "cells"}


def test_json_has_the_documented_shape(client, known):
    Release.objects.create(version="2026.11.0", date=datetime.date(2026, 11, 22), digest="x")
    response = client.get("/api/matrix.json", {"scope": "in_force"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["scope"] == "in_force"
    assert data["corpus_version"] == "2026.11.0"
    assert data["corpus_citation"] == "corpus release 2026.11.0 (22 November 2026)"
    assert data["levels"] == ["prohibits", "restricts", "guidance", "indirect"]
    assert [item["slug"] for item in data["instruments"]] == ["ost", "ptbt"]
    ost = data["instruments"][0]
    assert set(ost) >= INSTRUMENT_KEYS
    assert {key: ost[key] for key in INSTRUMENT_KEYS} == {
        "slug": "ost",
        "short_name": "Outer Space Treaty",
        "status": "in_force",
        "binding": True,
        "url": "http://testserver/instruments/ost/",
    }
    assert [item["slug"] for item in data["categories"]] == ["wmd", "asat", "rpo", "jamming"]
    asat = data["categories"][1]
    assert set(asat) >= CATEGORY_KEYS
    assert (asat["name"], asat["strongest"], asat["gap"]) == (
        "Destructive ASAT tests",
        "restricts",
        True,
    )
    assert set(asat["cells"]) == {"ost", "ptbt"}
    assert asat["cells"]["ost"]["level"] == "restricts"
    assert [
        {key: p[key] for key in ("slug", "label", "url")}
        for p in asat["cells"]["ost"]["provisions"]
    ] == [
        {"slug": "art-9", "label": "Article IX", "url": "http://testserver/instruments/ost/art-9/"},
        {
            "slug": "art-3",
            "label": "Article III",
            "url": "http://testserver/instruments/ost/art-3/",
        },
    ]


def test_json_gives_null_strongest_and_no_cells_for_an_uncovered_category(client, known):
    rpo = client.get("/api/matrix.json").json()["categories"][2]
    assert (rpo["slug"], rpo["strongest"], rpo["gap"], rpo["cells"]) == ("rpo", None, True, {})


def test_json_corpus_version_is_null_before_any_release(client, known):
    assert client.get("/api/matrix.json").json()["corpus_version"] is None


def test_json_drafts_scope_reports_superseded_draft_and_its_effect(client, known):
    data = client.get("/api/matrix.json", {"scope": "drafts"}).json()
    old = next(item for item in data["instruments"] if item["slug"] == "ppwt-old")
    assert (old["counts"], old["superseded_by"]) == (False, "ppwt-new")
    rpo = next(item for item in data["categories"] if item["slug"] == "rpo")
    assert rpo["cells"]["ppwt-old"]["level"] == "prohibits"
    assert (rpo["strongest"], rpo["gap"]) == ("restricts", True)


def test_json_all_scope_includes_non_binding_instruments(client, known):
    data = client.get("/api/matrix.json", {"scope": "all"}).json()
    assert [item["slug"] for item in data["instruments"]][-1] == "guidelines"
    assert "hidden" not in [item["slug"] for item in data["instruments"]]


def test_json_what_if_set_returns_exactly_those_instruments(client, known):
    data = client.get("/api/matrix.json", {"instruments": "ost,ppwt-old"}).json()
    assert data["scope"] == "custom"
    assert data["selection"] == ["ost", "ppwt-old"]
    assert [item["slug"] for item in data["instruments"]] == ["ost", "ppwt-old"]
    rpo = next(item for item in data["categories"] if item["slug"] == "rpo")
    assert (rpo["strongest"], rpo["gap"]) == ("prohibits", False)


def test_json_comparison_lists_closed_and_open_gaps(client, known):
    data = client.get("/api/matrix.json", {"compare": "ppwt-new"}).json()
    assert data["comparison"] == {
        "instrument": "ppwt-new",
        "closes": ["asat"],
        "stays_open": ["rpo", "jamming"],
    }


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_has_one_row_per_category_and_instrument_in_scope(client, known):
    response = client.get("/api/matrix.csv", {"scope": "drafts"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="matrix-drafts.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == 4 * 4
    pairs = {(row["category"], row["instrument"]) for row in rows}
    assert len(pairs) == 16
    asat_ost = next(r for r in rows if (r["category"], r["instrument"]) == ("asat", "ost"))
    assert asat_ost["level"] == "restricts"
    assert asat_ost["provision_count"] == "2"
    assert asat_ost["provisions"] == "Article IX; Article III"
    assert asat_ost["category_gap"] == "no"
    rpo_old = next(r for r in rows if (r["category"], r["instrument"]) == ("rpo", "ppwt-old"))
    assert (rpo_old["level"], rpo_old["counts"], rpo_old["category_gap"]) == (
        "prohibits",
        "no",
        "yes",
    )
    empty = next(r for r in rows if (r["category"], r["instrument"]) == ("rpo", "ost"))
    assert (empty["level"], empty["provision_count"], empty["provisions"]) == ("", "0", "")


def test_csv_follows_the_what_if_set(client, known):
    rows = csv_rows(client.get("/api/matrix.csv", {"instruments": "guidelines"}))
    assert {row["instrument"] for row in rows} == {"guidelines"}
    assert len(rows) == 4


@pytest.mark.parametrize("endpoint", ["/api/matrix.json", "/api/matrix.csv"])
@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("scope=everything", "scope", "Unknown scope. Use one of: in_force, drafts, all."),
        ("scope=all&scope=drafts", "scope", "Give this parameter only once."),
        ("scope=in%00force", "scope", "Unknown scope. Use one of: in_force, drafts, all."),
        ("instruments=ost,nope", "instruments", "Unknown instrument: 'nope'."),
        ("instruments=hidden", "instruments", "Unknown instrument: 'hidden'."),
        ("instruments=o%00st", "instruments", "Null characters are not allowed."),
        ("instruments=" + "a," * 3000, "instruments", "Too long"),
        (
            "compare=ost",
            "compare",
            "'ost' is in force: compare a signed treaty not in force, a draft or a proposal",
        ),
        ("compare=guidelines", "compare", "is non-binding"),
        ("compare=" + "z" * 1000, "compare", "Too long for an instrument slug."),
    ],
)
def test_malformed_parameters_get_a_400_with_json_errors_naming_the_parameter(
    client, known, endpoint, query, parameter, message
):
    response = client.get(f"{endpoint}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()["errors"]
    assert list(errors) == [parameter]
    assert any(text.startswith(message) or message in text for text in errors[parameter])


def test_every_malformed_parameter_is_reported_at_once(client, known):
    response = client.get("/api/matrix.json?scope=x&instruments=nope&compare=nope")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"scope", "instruments", "compare"}


def test_error_message_never_repeats_a_huge_or_strange_value(client, known):
    response = client.get("/api/matrix.json?instruments=" + "<b>" * 500)
    assert response.status_code == 400
    assert "<b>" not in response.content.decode()
    assert len(response.content) < 1000


def test_unknown_parameters_are_ignored(client, known):
    assert client.get("/api/matrix.json", {"utm_source": "mail"}).status_code == 200


def test_a_query_string_with_too_many_parameters_gets_a_json_400(client, known):
    response = client.get("/api/matrix.json?" + "&".join(["x=1"] * 1500))
    assert response.status_code == 400
    assert response.json() == {"errors": {"query": ["Too many parameters in the address."]}}


@pytest.mark.parametrize("url", ["/api/matrix.json", "/api/matrix.csv", "/", "/gaps/asat/"])
def test_nothing_but_reading_is_allowed(client, known, url):
    assert client.post(url).status_code in (403, 405)
    assert client.put(url).status_code == 405
