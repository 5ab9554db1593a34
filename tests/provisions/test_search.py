"""Full-text search gives the same results on PostgreSQL and SQLite, and no input breaks it.

This module runs unchanged on both databases (the suite runs once on each); the few tests
that look at one database's index say so and are skipped on the other.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection

from provisions import search
from provisions.models import Provision
from tests.conftest import make_instrument, make_provision
from tests.provisions.builders import cast, keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return cast()


def found(q: str) -> set[str]:
    return set(keys(Provision.objects.published().search(q).select_related("instrument")))


# Parsing (no database) ---------------------------------------------------------------


def test_parser_reads_words_phrases_alternatives_and_exclusions():
    parsed = search.parse('space "use of force" -nuclear or debris')
    assert parsed.groups == (
        (
            search.Term(("space",)),
            search.Term(("use", "of", "force")),
            search.Term(("nuclear",), excluded=True),
        ),
        (search.Term(("debris",)),),
    )


def test_parser_drops_stop_words_and_stray_operators_like_postgresql():
    assert search.parse("the").is_empty
    assert search.parse("or or -or").is_empty
    assert search.parse('"" ( ) - --').is_empty
    assert search.parse("the weapons or").groups == ((search.Term(("weapons",)),),)


def test_fts5_expressions_quote_every_word_so_user_syntax_never_reaches_fts5():
    parsed = search.parse('NEAR(orbit b) col:weapons "x AND y" -NOT -"NEAR*"')
    expression = search.fts5_expression(parsed.groups[0])
    assert expression == '("near orbit" AND "b" AND "col weapons" AND "x and y") NOT ("near")'


# Matching (both databases) -----------------------------------------------------------


def test_search_finds_every_provision_with_the_word_and_stems_it(corpus):
    expected = {"ost/art-4-para-1", "ost/art-4-para-2", "ppwt/art-1", "ppwt/art-2"}
    assert found("weapons") == expected
    assert found("weapon") == expected
    assert found("WEAPONS") == expected


def test_search_requires_every_word(corpus):
    assert found("nuclear weapons") == {"ost/art-4-para-1"}
    assert found("weapons moon") == {"ost/art-4-para-2"}


def test_search_matches_a_quoted_phrase_only_as_a_phrase(corpus):
    assert found('"use of force"') == {"ppwt/art-2"}
    assert found('"outer space object"') == {"ppwt/art-1", "ppwt/art-2"}
    assert found('"space object"') == {
        "liability/art-1", "ppwt/art-1", "ppwt/art-2", "lts/guideline-b-8",
    }  # fmt: skip
    assert found('"force use"') == set()


def test_search_or_gives_either_and_minus_excludes(corpus):
    assert found("contamination or collisions") == {"ost/art-9", "lts/guideline-b-8"}
    assert found("weapons -nuclear") == {"ost/art-4-para-2", "ppwt/art-1", "ppwt/art-2"}
    assert found('weapons -"celestial bodies"') == {"ost/art-4-para-1", "ppwt/art-1", "ppwt/art-2"}


def test_search_with_only_an_exclusion_lists_everything_else(corpus):
    everything = set(keys(Provision.objects.published().select_related("instrument")))
    without = found("-weapons")
    assert without == everything - found("weapons")
    assert "liability/art-1" in without


def test_search_looks_in_labels_and_headings_too(corpus):
    assert found("definitions") == {"liability/art-1"}
    assert found("guideline") == {"lts/guideline-a-1", "lts/guideline-b-8"}


def test_search_never_finds_provisions_of_unpublished_instruments(corpus):
    assert "hidden/art-1" not in found("nuclear weapons secretly")
    assert found("secretly") == set()


def test_a_query_of_stop_words_finds_nothing(corpus):
    assert found("the of and") == set()


def test_search_follows_edits_and_deletions(corpus):
    provision = corpus.p["lts/guideline-a-1"]
    provision.text = "States should share orbital information on manoeuvres."
    provision.save()
    assert found("manoeuvres") == {"lts/guideline-a-1"}
    assert found("regulatory") == set()
    provision.delete()
    assert found("manoeuvres") == set()


def test_relevance_puts_heading_matches_before_text_matches(corpus):
    strong = make_provision(
        corpus.lts, "guideline-c-1", label="Guideline C.1", heading="Registration",
        text="States should register space objects promptly.",
    )  # fmt: skip
    weak = make_provision(
        corpus.lts, "guideline-c-2", label="Guideline C.2",
        text="Information for the registration of space objects should be shared widely, "
        "including the orbital parameters, the general function and the operator.",
    )  # fmt: skip
    ranked = list(Provision.objects.published().search("registration").by_relevance("registration"))
    assert ranked.index(strong) < ranked.index(weak)


def test_headline_marks_the_matches_and_escapes_the_text(client, corpus):
    instrument = make_instrument("xss", short_name="XSS test")
    make_provision(
        instrument,
        "art-1",
        text="Weapons <script>alert('x')</script> if 2 < 3 & **bold** weapons.",
    )
    query = urlencode({"q": "weapons", "instrument": "xss"})
    response = client.get(f"/api/provisions.json?{query}")
    headline = response.json()["results"][0]["headline"]
    assert "<mark>Weapons</mark>" in headline
    assert "<mark>weapons</mark>" in headline
    assert "<script>" not in headline
    assert "2 &lt; 3 &amp; bold" in headline
    assert headline.replace("<mark>", "").replace("</mark>", "").count("<") == 0


# Hostile input ---------------------------------------------------------------------

HOSTILE_QUERIES = [
    '"', '"unbalanced phrase', 'weapons"', "((", "))", "(weapons", "weapons) or (", "'",
    "' OR 1=1 --", "'; DROP TABLE provisions_provision; --", "1); SELECT * FROM auth_user; --",
    "NEAR(weapons orbit)", "weapons AND OR NOT", "*", "weap*", "^weapons", "label:weapons",
    "!weapons", "weapons:*", "a <-> b", "a & b | !c", "-", "--", "- -", "or", "OR OR",
    "-or", '"" ""', "\\", "\\\\'", "%", "_", "%%s", "{{ 7*7 }}", "<script>alert(1)</script>",
    "\u202eweapons", "𝔴𝔢𝔞𝔭𝔬𝔫𝔰", "ß weapons", "武器", "\ufffd", "🚀 weapons", "weapons " * 60,
    "x" * 500, "a\tb\nc\rd",
]  # fmt: skip


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_search_strings_give_results_or_nothing_never_an_error(client, corpus, q):
    for path in ("/provisions/", "/api/provisions.json", "/api/provisions.csv"):
        response = client.get(path, {"q": q, "sort": "relevance"})
        assert response.status_code == 200, (path, q)


@pytest.mark.parametrize(
    "raw_query",
    ["q=%00", "q=weap%00ons", "q=%FF%FE", "q=%C3%28", "q=%E2%82", "q=%", "q=%zz", "q%00=x"],
)
def test_null_bytes_and_broken_percent_encodings_get_a_400_or_results(client, corpus, raw_query):
    html = client.get(f"/provisions/?{raw_query}")
    api = client.get(f"/api/provisions.json?{raw_query}")
    assert html.status_code in (200, 400)
    assert api.status_code == html.status_code
    if "%00" in raw_query:
        assert api.status_code == 400
        assert "Null characters are not allowed." in str(api.json()["errors"])


def test_a_ten_thousand_character_query_is_refused_with_a_clear_message(client, corpus):
    response = client.get("/api/provisions.json", {"q": "weapons " * 1250})
    assert response.status_code == 400
    assert "at most 500 characters" in response.json()["errors"]["q"][0]
    page = client.get("/provisions/", {"q": "x" * 10_000})
    assert page.status_code == 400
    assert b"at most 500 characters" in page.content


# The index behind the search ---------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_postgresql_search_can_use_the_gin_index(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = Provision.objects.search("weapons").order_by().values("pk").explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "provision_search_idx" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored vector")
def test_postgresql_stored_vector_follows_saves_updates_and_bulk_inserts(corpus):
    provision = corpus.p["lts/guideline-a-1"]
    provision.heading = "Telemetry"
    provision.save()
    assert found("telemetry") == {"lts/guideline-a-1"}
    # QuerySet.update() and bulk_create() send no signals; the trigger sees them all the same.
    Provision.objects.filter(pk=provision.pk).update(heading="", text="Manoeuvres announced.")
    assert found("telemetry") == set()
    assert found("manoeuvre") == {"lts/guideline-a-1"}
    Provision.objects.bulk_create(
        [
            Provision(
                instrument=provision.instrument,
                slug="new",
                label="New",
                text="Rendezvous.",
                provenance=Provision.Provenance.SUMMARY,
            )
        ]
    )
    assert found("rendezvous") == {"lts/new"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored vector")
def test_postgresql_stored_vector_is_the_same_as_the_expression_it_stores(corpus):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM provisions_provision WHERE search_vector IS DISTINCT FROM "
            "setweight(to_tsvector('english', COALESCE(label, '') || ' ' || "
            "COALESCE(heading, '')), 'A') || setweight(to_tsvector('english', "
            "COALESCE(text, '')), 'B')"
        )
        assert cursor.fetchone()[0] == 0
    assert Provision.objects.count() > 0


def test_search_works_inside_a_subquery_as_the_facet_counts_use_it(corpus):
    matches = Provision.objects.published().search("weapons")
    outer = Provision.objects.filter(pk__in=matches.values("pk")).search("space")
    assert set(keys(outer.select_related("instrument"))) == found("weapons space")
    assert found("weapons space")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_search_index_triggers_are_restored_after_a_table_copy(corpus):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {search.FTS_TABLE}_au")
    assert search.repair_sqlite_index(connection) is True
    provision = corpus.p["lts/guideline-a-1"]
    provision.text = "Telemetry about manoeuvres."
    provision.save()
    assert found("telemetry") == {"lts/guideline-a-1"}
    assert search.repair_sqlite_index(connection) is False


def test_random_strings_never_break_the_search(corpus):
    import random

    alphabet = "abcxyz weapons \"-()*:^!&|<>'\\%_.,;?{}[]~`@#$=+/\u00e9\u00df\u202e\u4e00\U0001f680"
    rng = random.Random(20261122)
    for _ in range(300):
        q = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        matches = Provision.objects.published().search(q)
        ranked = list(matches.by_relevance(q).values_list("pk", flat=True))
        assert len(ranked) == matches.count()
        rows = Provision.objects.filter(pk__in=ranked[:3])
        list(rows.annotate(h=search.headline(rows, q)).values_list("h", flat=True))


def test_a_search_is_ordered_by_relevance_unless_instrument_order_is_chosen(client, corpus):
    strong = make_provision(
        corpus.lts, "guideline-c-1", label="Guideline C.1", heading="Registration",
        text="States should register space objects promptly.", position=1,
    )  # fmt: skip
    weak = make_provision(
        corpus.lts, "guideline-c-2", label="Guideline C.2", position=0,
        text="Information for the registration of space objects should be shared widely, "
        "including the orbital parameters, the general function and the operator.",
    )  # fmt: skip

    def order(query: str) -> list[str]:
        rows = client.get(f"/api/provisions.json?{query}").json()["results"]
        return [row["slug"] for row in rows if row["slug"] in (strong.slug, weak.slug)]

    assert order("q=registration") == [strong.slug, weak.slug]
    assert order("q=registration&sort=relevance") == [strong.slug, weak.slug]
    assert order("q=registration&sort=instrument") == [weak.slug, strong.slug]
    page = client.get("/provisions/?q=registration").content.decode()
    assert '<option value="relevance" selected>' in page
