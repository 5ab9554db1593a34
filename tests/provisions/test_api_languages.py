"""The API and the CSV give the texts in every language held, each with its provenance."""

from __future__ import annotations

import csv
import io

import pytest

from provisions.models import Provision, ProvisionText
from tests.conftest import make_instrument, make_provision
from tests.provisions.builders import bulk_corpus, clear_bulk

pytestmark = pytest.mark.django_db


@pytest.fixture
def ost():
    instrument = make_instrument("ost", short_name="Outer Space Treaty")
    art1 = make_provision(instrument, "art-1", label="Article I", text="The exploration.")
    make_provision(instrument, "art-2", label="Article II", text="Outer space.")
    ProvisionText.objects.create(
        provision=art1, language="zh", text="探索和利用外层空间", provenance="official",
        source_note="ST/SPACE/61/Rev.3 (zh)",
    )  # fmt: skip
    ProvisionText.objects.create(
        provision=art1, language="fr", text="L’exploration.", provenance="unverified"
    )
    return instrument


def test_provisions_json_gives_each_language_with_its_provenance(client, ost):
    (art1, art2) = client.get("/api/provisions.json?instrument=ost").json()["results"]
    assert art1["texts"] == {
        "en": {"text": "The exploration.", "provenance": "official", "source_note": ""},
        "fr": {"text": "L’exploration.", "provenance": "unverified", "source_note": ""},
        "zh": {
            "text": "探索和利用外层空间",
            "provenance": "official",
            "source_note": "ST/SPACE/61/Rev.3 (zh)",
        },
    }
    assert list(art2["texts"]) == ["en"]


def test_the_language_filter_works_in_the_api(client, ost):
    results = client.get("/api/provisions.json?language=zh").json()["results"]
    assert [row["slug"] for row in results] == ["art-1"]
    results = client.get("/api/provisions.json?q=外层空间").json()["results"]
    assert [row["slug"] for row in results] == ["art-1"]


def test_the_instrument_api_gives_the_texts_and_the_languages_held(client, ost):
    data = client.get("/api/instruments/ost.json").json()
    assert data["languages"] == ["en", "zh", "fr"]
    assert data["provisions"][0]["texts"]["zh"]["text"] == "探索和利用外层空间"


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_gives_the_text_in_the_language_asked_for(client, ost):
    chinese = rows(client.get("/api/provisions.csv?instrument=ost&lang=zh"))
    assert [(r["slug"], r["text"], r["provenance"], r["language"]) for r in chinese] == [
        ("art-1", "探索和利用外层空间", "official", "zh"),
        ("art-2", "", "", ""),  # no Chinese text held: nothing in its place
    ]
    english = rows(client.get("/provisions/?format=csv&instrument=ost"))
    assert english[0]["text"] == "The exploration." and english[0]["language"] == "en"


def test_an_unknown_csv_language_is_a_400_naming_it(client, ost):
    response = client.get("/api/provisions.csv?lang=de")
    assert response.status_code == 400
    assert "lang" in response.json()["errors"]


def test_the_csv_in_a_language_reads_in_chunks(client, django_assert_max_num_queries):
    for provisions_each in (10, 100):
        bulk_corpus(instruments=2, provisions_each=provisions_each)
        ProvisionText.objects.bulk_create(
            ProvisionText(provision=p, language="ru", text=f"Статья {p.pk}", provenance="official")
            for p in Provision.objects.all()
        )
        with django_assert_max_num_queries(5):
            response = client.get("/api/provisions.csv?lang=ru")
            body = b"".join(response.streaming_content)
        assert body.count("Статья".encode()) == 2 * provisions_each
        clear_bulk()
