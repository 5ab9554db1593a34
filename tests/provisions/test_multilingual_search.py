"""A search finds provisions in every language held, on PostgreSQL and on SQLite alike.

Runs unchanged on both databases (the suite runs once on each), over the shipped corpus.
"""

from __future__ import annotations

import pytest
from django.db import connection

from provisions.models import Provision, ProvisionText

pytestmark = pytest.mark.django_db

ART_4 = "ost-1967/art-4-para-1"


@pytest.fixture
def shipped(shipped_corpus, db):
    return None


def found(q: str, languages=None) -> set[str]:
    rows = Provision.objects.published().search(q, languages).select_related("instrument")
    return {f"{p.instrument.slug}/{p.slug}" for p in rows}


@pytest.mark.parametrize("q", ["оружие", "armes", "armas", "武器"])
def test_weapons_in_each_language_finds_article_iv_of_the_outer_space_treaty(shipped, q):
    assert ART_4 in found(q)


@pytest.mark.parametrize(
    ("q", "language"), [("оружие", "ru"), ("armes", "fr"), ("armas", "es"), ("武器", "zh")]
)
def test_the_match_is_in_that_language_only(shipped, q, language):
    assert ART_4 in found(q, [language])
    assert ART_4 not in found(q, ["en"])
    others = {"ru", "fr", "es", "zh"} - {language}
    assert ART_4 not in found(q, others)


def test_a_chinese_phrase_of_more_than_two_characters_is_found(shipped):
    # Three characters and more go through the trigram index on SQLite, LIKE on PostgreSQL.
    assert found("核武器") >= {ART_4, "ost-1967/preamble"}
    assert "ost-1967/art-4-para-2" not in found("核武器")


def test_words_that_must_all_appear_and_exclusions_work_in_other_languages(shipped):
    assert "ost-1967/art-4-para-2" in found("武器 月球")
    assert ART_4 not in found("武器 月球")
    assert ART_4 in found("оружием -Луна")
    assert "ost-1967/art-4-para-2" not in found("оружием -Луна", ["ru"])


def test_alternatives_join_languages(shipped):
    assert {ART_4, "ost-1967/art-4-para-2"} <= found("军事 or оружием")


def test_english_search_is_unchanged(shipped):
    assert ART_4 in found("weapons", ["en"])
    assert found("武器", ["en"]) == set()


def test_the_french_texts_of_the_other_treaties_are_searched(shipped):
    assert "liability-1972/art-2" in found("réparer", ["fr"]) | found("réparation", ["fr"])


def test_an_edited_text_is_searched_at_once(shipped):
    text = ProvisionText.objects.get(
        provision__slug="art-2", provision__instrument__slug="ost-1967", language="fr"
    )
    text.text = "Zygomorphe extraordinaire."
    text.save()
    assert "ost-1967/art-2" in found("zygomorphe")
    text.delete()
    assert "ost-1967/art-2" not in found("zygomorphe")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stemming")
def test_postgresql_stems_each_language_with_its_own_configuration(shipped):
    # Russian: "оружия" (genitive) and "оружие" share the stem; French plural and singular.
    assert "ost-1967/art-4-para-2" in found("оружие", ["ru"])
    assert ART_4 in found("arme", ["fr"])


def test_the_language_facet_filters_and_counts(shipped, client):
    response = client.get("/provisions/?q=武器&language=zh")
    assert response.status_code == 200
    rows = [f"{p.instrument.slug}/{p.slug}" for p, _excerpt in response.context["rows"]]
    assert ART_4 in rows
    facet = next(f for f in response.context["facets"] if f.name == "language")
    counts = {choice.value: choice.count for choice in [*facet.choices, *facet.empty]}
    assert counts["zh"] >= 2 and counts["en"] == 0 and counts["ar"] == 0
    assert counts["ru"] == 0  # "武器" is in no Russian text


def test_the_language_facet_without_a_search_counts_the_texts_held(shipped, client):
    response = client.get("/provisions/?instrument=ost-1967")
    facet = next(f for f in response.context["facets"] if f.name == "language")
    counts = {choice.value: choice.count for choice in [*facet.choices, *facet.empty]}
    assert counts == {"en": 20, "ar": 0, "zh": 20, "fr": 20, "ru": 20, "es": 20}
    assert [choice.value for choice in facet.empty] == ["ar"]  # no box to tick: a dead end


def test_an_unknown_language_in_the_facet_is_a_400(shipped, client):
    response = client.get("/provisions/?language=de")
    assert response.status_code == 400
    assert "language" in response.content.decode()


def test_a_match_in_another_language_is_excerpted_in_that_language(shipped, client):
    response = client.get("/provisions/?q=武器&instrument=ost-1967")
    excerpts = {
        f"{p.instrument.slug}/{p.slug}": str(excerpt) for p, excerpt in response.context["rows"]
    }
    assert excerpts[ART_4].startswith('<span lang="zh">')
    assert "<mark>武器</mark>" in excerpts[ART_4]


def test_a_match_in_english_keeps_its_english_excerpt(shipped, client):
    response = client.get("/provisions/?q=weapons&instrument=ost-1967")
    excerpts = {f"{p.instrument.slug}/{p.slug}": str(e) for p, e in response.context["rows"]}
    assert "<mark>weapons</mark>" in excerpts[ART_4]
    assert "lang=" not in excerpts[ART_4]
