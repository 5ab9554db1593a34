"""Reading a provision or an instrument in another language, and languages side by side."""

from __future__ import annotations

import re

import pytest

from provisions.models import Provision, ProvisionText
from tests.conftest import make_instrument, make_provision
from tests.provisions.builders import bulk_corpus, clear_bulk

pytestmark = pytest.mark.django_db


@pytest.fixture
def ost():
    instrument = make_instrument("ost", short_name="Outer Space Treaty", symbols="A/RES/2222 (XXI)")
    make_provision(instrument, "preamble", label="Preamble", text="The States Parties,")
    art4 = make_provision(instrument, "art-4", label="Article IV", text="")
    para1 = make_provision(
        instrument, "art-4-para-1", label="Article IV, paragraph 1", parent=art4,
        text="States undertake not to place nuclear weapons in orbit.",
    )  # fmt: skip
    texts = {
        "zh": "各缔约国保证：不在绕地球轨道放置任何携带核武器的实体。",
        "ru": "Государства обязуются не выводить на орбиту объекты с ядерным оружием.",
    }
    for lang, text in texts.items():
        ProvisionText.objects.create(
            provision=para1, language=lang, text=text, provenance="official",
            source_note=f"ST/SPACE/61/Rev.3 ({lang})",
        )  # fmt: skip
    ProvisionText.objects.create(
        provision=Provision.objects.get(slug="preamble"), language="ru",
        text="Государства — участники,", provenance="unverified",
    )  # fmt: skip
    return instrument


def body(response) -> str:
    return response.content.decode()


def test_the_provision_page_shows_the_text_in_the_language_asked_for(client, ost):
    response = client.get("/instruments/ost/art-4-para-1/?lang=zh")
    assert response.status_code == 200
    html = body(response)
    assert '<div class="version" lang="zh"><p>各缔约国保证' in html
    assert "States undertake" not in html
    assert "Source: ST/SPACE/61/Rev.3 (zh)" in html


def test_the_language_switch_offers_only_the_languages_held_and_says_arabic_is_not(client, ost):
    html = body(client.get("/instruments/ost/art-4-para-1/"))
    offered = re.findall(r'hreflang="(\w+)"', html)
    assert offered == ["en", "zh", "ru"]
    assert "No text is held in Arabic, French, Spanish." in html
    assert 'href="/instruments/ost/art-4-para-1/?lang=zh" hreflang="zh" lang="zh">中文' in html


def test_an_article_split_into_paragraphs_shows_them_in_the_language(client, ost):
    html = body(client.get("/instruments/ost/art-4/?lang=ru"))
    assert '<div class="version" lang="ru"><p>Государства обязуются' in html
    assert 'href="/instruments/ost/art-4-para-1/?lang=ru"' in html


def test_a_provision_without_that_language_shows_the_english_and_says_so(client, ost):
    html = body(client.get("/instruments/ost/preamble/?lang=zh"))
    assert "Not held in Chinese: the English text." in html
    assert '<div class="version" lang="en"><p>The States Parties,' in html


def test_an_instrument_without_that_language_says_so_once(client, ost):
    html = body(client.get("/instruments/ost/?lang=fr"))
    assert "No French text of Outer Space Treaty is held: the English text is shown." in html
    assert "Not held in French" not in html


def test_an_unknown_language_is_a_400_naming_the_parameter(client, ost):
    for url in ("/instruments/ost/?lang=de", "/instruments/ost/art-4-para-1/?lang=zz"):
        response = client.get(url)
        assert response.status_code == 400
        assert "lang: use one of en, ar, zh, fr, ru, es" in body(response)


def test_the_citation_names_the_language_of_the_text_cited(client, ost):
    chinese = body(client.get("/instruments/ost/art-4-para-1/?lang=zh"))
    assert "Article IV, paragraph 1, A/RES/2222 (XXI), Chinese text." in chinese
    assert "/instruments/ost/art-4-para-1/?lang=zh, accessed" in chinese
    assert 'href="/cite/ost/art-4-para-1/?cite=ris&amp;lang=zh"' in chinese
    english = body(client.get("/instruments/ost/art-4-para-1/"))
    assert "A/RES/2222 (XXI), English text." in english


def test_the_instrument_page_marks_each_text_with_its_language(client, ost):
    html = body(client.get("/instruments/ost/?lang=ru"))
    assert '<div class="version" lang="ru"><p>Государства — участники,' in html
    assert '<div class="version" lang="ru"><p>Государства обязуются' in html
    assert "Unverified transcription" in html  # the Russian preamble's own provenance
    assert 'href="/instruments/ost/parallel/"' in html


def test_the_parallel_view_sets_the_languages_side_by_side(client, ost):
    response = client.get("/instruments/ost/parallel/?langs=en,zh,ru")
    assert response.status_code == 200
    html = body(response)
    row = re.search(r'<tr id="art-4-para-1".*?</tr>', html, re.S).group(0)
    cells = re.findall(r'<td lang="(\w+)">', row)
    assert cells == ["en", "zh", "ru"]
    assert row.index("States undertake") < row.index("各缔约国") < row.index("Государства")
    headers = re.findall(r'<th scope="col" lang="(\w+)">', html)
    assert headers == ["en", "zh", "ru"]
    preamble = re.search(r'<tr id="preamble".*?</tr>', html, re.S).group(0)
    assert "Not held in this language." in preamble  # no Chinese preamble in this cast


def test_the_parallel_view_takes_one_langs_per_column_as_its_form_sends(client, ost):
    response = client.get("/instruments/ost/parallel/?langs=ru&langs=en&langs=")
    assert response.status_code == 200
    assert re.findall(r'<th scope="col" lang="(\w+)">', body(response)) == ["ru", "en"]


@pytest.mark.parametrize(
    ("langs", "message"),
    [
        ("en,de", "langs: unknown language &#x27;de&#x27;"),
        ("en,en", "langs: a language is named twice."),
        ("en", "langs: name two or three languages"),
        ("en,zh,ru,fr", "langs: name two or three languages"),
        ("en,es", "langs: no Spanish text of this instrument is held; held: en, zh, ru."),
    ],
)
def test_bad_parallel_languages_are_a_400_naming_the_parameter(client, ost, langs, message):
    response = client.get(f"/instruments/ost/parallel/?langs={langs}")
    assert response.status_code == 400
    assert message in body(response)


def test_the_parallel_view_defaults_to_english_and_one_other_language(client, ost):
    html = body(client.get("/instruments/ost/parallel/"))
    assert re.findall(r'<th scope="col" lang="(\w+)">', html) == ["en", "zh"]


def test_language_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for provisions_each in (5, 50):
        bulk_corpus(instruments=1, provisions_each=provisions_each)
        ProvisionText.objects.bulk_create(
            ProvisionText(
                provision=p, language=lang, text=f"{lang} {p.slug}", provenance="official"
            )
            for p in Provision.objects.all()
            for lang in ("zh", "fr")
        )
        middle = Provision.objects.get(slug="art-3")
        Provision.objects.filter(slug__in=["art-1", "art-2"]).update(parent=middle)
        url = middle.get_absolute_url() + "?lang=fr"
        # instrument + held languages + provisions + texts
        with django_assert_max_num_queries(4):
            response = client.get("/instruments/instrument-0/parallel/?langs=en,zh,fr")
        assert response.status_code == 200
        # as in English, and the texts in the language asked for
        with django_assert_max_num_queries(11):
            assert client.get("/instruments/instrument-0/?lang=zh").status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
        clear_bulk()


def test_the_category_comparison_shows_each_text_in_the_language_chosen(client, ost):
    from tests.conftest import make_category, make_coverage

    wmd = make_category("wmd")
    make_coverage(Provision.objects.get(slug="art-4-para-1"), wmd)
    other = make_provision(make_instrument("other"), "art-1", text="Other text.")
    make_coverage(other, wmd)
    html = client.get("/gaps/wmd/?lang=zh").content.decode()
    assert '<div lang="zh"><p>各缔约国保证' in html
    assert '<div lang="en"><p>Other text.' in html
    assert "Not held in Chinese: the English text." in html
    assert client.get("/gaps/wmd/?lang=xx").status_code == 400


def test_the_parallel_view_of_an_instrument_held_in_english_only_says_so(client):
    make_provision(make_instrument("ptbt", short_name="PTBT"), "art-1")
    response = client.get("/instruments/ptbt/parallel/")
    assert response.status_code == 200
    assert "only the English text is held" in response.content.decode()
    assert client.get("/instruments/ptbt/parallel/?langs=en,zh").status_code == 400
