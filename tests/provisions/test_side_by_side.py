"""/compare/: two to four instruments read side by side on one category or topic."""

from __future__ import annotations

import re

import pytest

from provisions.models import Topic
from tests.conftest import make_category, make_coverage, make_instrument, make_provision

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_treaties():
    weapons = make_category("non-wmd-weapons", name="Weapons other than WMD")
    ost = make_instrument("ost", short_name="Outer Space Treaty", position=1)
    ppwt = make_instrument("ppwt", short_name="PPWT 2014", position=2, status="draft")
    moon = make_instrument("moon", short_name="Moon Agreement", position=3)
    art4 = make_provision(ost, "art-4", label="Article IV", text="Not to place *nuclear* weapons.")
    make_coverage(art4, weapons, "restricts", rationale="Only on celestial bodies.")
    art2 = make_provision(ppwt, "art-2", label="Article II", text="Not to place any weapons.",
                          provenance="summary")  # fmt: skip
    make_coverage(art2, weapons, "prohibits", rationale="Any weapon.")
    make_provision(ppwt, "art-9", label="Article IX", text="Unrelated.")
    topic = Topic.objects.create(slug="weapons", name="Weapons")
    art4.topics.add(topic)
    return weapons, ost, ppwt, moon


def test_the_columns_hold_the_full_texts_with_level_rationale_and_provenance(client, two_treaties):
    response = client.get("/compare/?instruments=ppwt,ost,moon&category=non-wmd-weapons")
    assert response.status_code == 200
    html = response.content.decode()
    columns = re.findall(
        r'<section class="reading-column" aria-labelledby="column-([\w-]+)">', html
    )
    assert columns == ["ppwt", "ost", "moon"]  # in the order chosen
    ost_column = html[html.index('id="column-ost"') : html.index('id="column-moon"')]
    assert "Not to place <em>nuclear</em> weapons." in ost_column  # the whole text, rendered
    assert "Only on celestial bodies." in ost_column and "Restricts" in ost_column
    ppwt_column = html[html.index('id="column-ppwt"') : html.index('id="column-ost"')]
    assert "Summary, not the text of the instrument." in ppwt_column
    assert "Article IX" not in ppwt_column  # not assessed on this threat
    assert "the instrument is silent" in html[html.index('id="column-moon"') :]


def test_a_topic_shows_the_tagged_provisions_with_all_their_assessments(client, two_treaties):
    html = client.get("/compare/?instruments=ost&instruments=ppwt&topic=weapons").content.decode()
    assert "Weapons other than WMD: " in html  # the category is named beside its level
    assert "No provision of PPWT 2014 is tagged with this topic." in html


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("instruments=ost&category=non-wmd-weapons", "instruments", "Choose 2 to 4 instruments"),
        ("instruments=ost,hidden&category=non-wmd-weapons", "instruments", "hidden"),
        ("instruments=ost,ppwt", "category", "one threat category or one topic"),
        ("instruments=ost,ppwt&category=lasers", "category", "lasers"),
        ("instruments=ost,ppwt&topic=nope", "topic", "nope"),
    ],
)
def test_a_choice_that_cannot_be_read_is_a_400_naming_the_parameter(
    client, two_treaties, query, parameter, message
):
    make_instrument("hidden", published=False)
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert f"<code>{parameter}</code>" in html and message in html


def test_without_instruments_the_page_offers_the_choice(client, two_treaties):
    html = client.get("/compare/").content.decode()
    assert '<label for="id_category">Threat category</label>' in html
    assert 'name="instruments" value="ppwt"' in html
    chosen = client.get("/compare/?category=non-wmd-weapons")
    assert chosen.status_code == 200
    assert '<option value="non-wmd-weapons" selected>' in chosen.content.decode()


def test_a_category_page_links_to_the_chooser_with_its_category(client, two_treaties):
    html = client.get("/gaps/non-wmd-weapons/").content.decode()
    assert 'href="/compare/?category=non-wmd-weapons"' in html


def test_an_old_diff_picker_address_still_leads_to_the_diff(client, two_treaties):
    response = client.get("/compare/?old=ost&new=ppwt")
    assert response.status_code == 302
    assert response["Location"] == "/instruments/diff/?old=ost&new=ppwt"


def test_reading_costs_the_same_queries_whatever_the_size(
    client, two_treaties, django_assert_max_num_queries
):
    weapons, ost, ppwt, _ = two_treaties
    url = "/compare/?instruments=ost,ppwt&category=non-wmd-weapons"
    for more in (0, 40):
        for n in range(more):
            make_coverage(make_provision(ppwt, f"extra-{n}", position=10 + n), weapons, "indirect")
        # the instruments named, the category; the chooser's instruments, categories and topics;
        # then the reading's instruments, category, provisions and their assessments
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200


def test_the_columns_show_the_texts_in_the_language_chosen_where_one_is_held(client, two_treaties):
    from provisions.models import Provision, ProvisionText

    ProvisionText.objects.create(
        provision=Provision.objects.get(instrument__slug="ost", slug="art-4"),
        language="fr",
        text="Ne pas placer d'armes *nucléaires*.",
        provenance="official",
        source_note="ost-1967-fr/text.txt",
    )
    url = "/compare/?instruments=ost,ppwt&category=non-wmd-weapons&lang=fr"
    html = client.get(url).content.decode()
    assert '<div class="version" lang="fr">' in html and "<em>nucléaires</em>" in html
    assert "Not held in French: the English text." in html  # the PPWT column
    assert '<div class="version" lang="en">' in html
    assert client.get(url.replace("lang=fr", "lang=xx")).status_code == 400
