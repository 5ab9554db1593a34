"""The cached matrix follows every change to the data it is computed from."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.urls import reverse

from gaps.models import DataVersion, Release
from provisions.models import Capability, Coverage, ThreatCategory, Topic
from tests.conftest import make_category, make_coverage, make_provision

pytestmark = pytest.mark.django_db


def asat(client) -> dict:
    data = client.get("/api/matrix.json").json()
    return next(item for item in data["categories"] if item["slug"] == "asat")


def test_second_request_is_served_from_the_cache(client, known, django_assert_max_num_queries):
    first = client.get("/").content
    with django_assert_max_num_queries(2):  # data version and corpus release
        second = client.get("/").content
    assert first == second


def test_admin_edit_of_an_assessment_is_visible_on_the_next_request(admin_client, client, known):
    assert asat(client)["gap"] is True
    assert "<strong>Gap</strong>" in client.get("/").content.decode().split('href="/gaps/asat/"')[1]
    coverage = Coverage.objects.get(provision=known.provisions["ost-9"], category__slug="asat")
    response = admin_client.post(
        reverse("admin:provisions_coverage_change", args=[coverage.pk]),
        {
            "provision": coverage.provision_id,
            "category": coverage.category_id,
            "level": "prohibits",
            "rationale": "Read as a ban after all.",
            "base_version": coverage.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert asat(client)["gap"] is False
    row = client.get("/").content.decode().split('href="/gaps/asat/"')[1].split("</tr>")[0]
    assert "<strong>Gap</strong>" not in row
    assert "Prohibits" in row


def test_admin_edit_of_a_category_name_is_visible_on_the_next_request(admin_client, client, known):
    client.get("/")
    category = known.categories["asat"]
    response = admin_client.post(
        reverse("admin:provisions_threatcategory_change", args=[category.pk]),
        {
            "slug": "asat",
            "name": "Kinetic ASAT tests",
            "definition": "About asat.",
            "identified_in": "",
            "position": 2,
            "base_version": category.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert b"Kinetic ASAT tests" in client.get("/").content


def test_unpublishing_an_instrument_removes_its_column_on_the_next_request(client, known):
    assert "ost" in asat(client)["cells"]
    ost = known.instruments["ost"]
    ost.published = False
    ost.save()
    assert "ost" not in asat(client)["cells"]


def test_deleting_an_assessment_is_visible_on_the_next_request(client, known):
    assert asat(client)["cells"]["ost"]["level"] == "restricts"
    Coverage.objects.get(provision=known.provisions["ost-9"]).delete()
    assert asat(client)["cells"]["ost"]["level"] == "indirect"


def test_new_assessment_is_visible_on_the_next_request(client, known):
    assert asat(client)["gap"] is True
    make_coverage(make_provision(known.instruments["ptbt"], "art-5"), known.categories["asat"])
    assert asat(client)["gap"] is False


def test_new_corpus_release_is_shown_on_the_next_request(client, known):
    assert client.get("/api/matrix.json").json()["corpus_version"] is None
    Release.objects.create(version="9.9", date="2026-01-01", digest="d")
    assert client.get("/api/matrix.json").json()["corpus_version"] == "9.9"


def token_changes(action) -> bool:
    before = DataVersion.objects.current()
    action()
    return DataVersion.objects.current() != before


# One row of each model the matrix reads, free to delete (no protected references).
WATCHED = {
    "instrument": lambda known: known.instruments["hidden"],
    "provision": lambda known: known.provisions["hidden-1"],
    "topic": lambda known: Topic.objects.create(slug="t", name="T"),
    "category": lambda known: make_category("spare"),
    "capability": lambda known: Capability.objects.create(slug="c", name="C"),
    "coverage": lambda known: Coverage.objects.get(provision=known.provisions["hidden-1"]),
}


@pytest.mark.parametrize("name", WATCHED)
def test_saving_any_watched_model_changes_the_data_version(known, name):
    obj = WATCHED[name](known)
    assert token_changes(obj.save)


@pytest.mark.parametrize("name", WATCHED)
def test_deleting_any_watched_model_changes_the_data_version(known, name):
    obj = WATCHED[name](known)
    assert token_changes(obj.delete)


def test_linking_capabilities_and_topics_changes_the_data_version(known):
    capability = Capability.objects.create(slug="kinetic", name="Kinetic")
    topic = Topic.objects.create(slug="weapons", name="Weapons")
    assert token_changes(lambda: known.categories["asat"].capabilities.add(capability))
    assert token_changes(lambda: known.provisions["ost-9"].topics.add(topic))


def test_raw_saves_as_by_loaddata_change_the_data_version(known):
    payload = serializers.serialize("json", [known.categories["asat"]])
    (obj,) = serializers.deserialize("json", payload.replace("Destructive", "Raw"))
    assert token_changes(obj.save)  # DeserializedObject.save is a raw save
    assert ThreatCategory.objects.get(slug="asat").name == "Raw ASAT tests"


def test_data_version_starts_without_a_row_and_is_created_by_the_first_bump(db):
    assert DataVersion.objects.current() == "initial"
    make_category("x")
    assert DataVersion.objects.count() == 1
    assert DataVersion.objects.current() != "initial"


def test_data_version_token_is_new_each_time(db):
    DataVersion.bump()
    tokens = set()
    for _ in range(5):
        DataVersion.bump()
        tokens.add(DataVersion.objects.current())
    assert len(tokens) == 5
