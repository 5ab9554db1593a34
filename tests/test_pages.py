"""The basic public pages render and hide what is not published."""

from __future__ import annotations

import pytest

from tests.conftest import make_coverage, make_instrument, make_provision

pytestmark = pytest.mark.django_db


def test_home_page_says_what_the_application_is(client, category):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Which threats to security in outer space" in response.content
    assert category.name.encode() in response.content


def test_instrument_page_shows_its_provisions(client, treaty):
    make_provision(treaty, "art-1", label="Article I", text="States shall *not* place.")
    response = client.get(treaty.get_absolute_url())
    assert response.status_code == 200
    assert b"Article I" in response.content
    assert b"<em>not</em>" in response.content


def test_provision_page_shows_text_provenance_and_assessment(client, treaty, category):
    provision = make_provision(treaty, "art-1", provenance="unverified")
    make_coverage(provision, category, "restricts", rationale="Only **nuclear** explosions.")
    response = client.get(provision.get_absolute_url())
    assert response.status_code == 200
    assert b"Unverified transcription" in response.content
    assert b"<strong>nuclear</strong>" in response.content


def test_unpublished_instruments_and_their_provisions_are_not_public(client):
    hidden = make_instrument("hidden", published=False)
    provision = make_provision(hidden, "art-1")
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(provision.get_absolute_url()).status_code == 404
    assert b"Hidden" not in client.get("/instruments/").content


def test_category_page_lists_published_assessments_only(client, treaty, category):
    make_coverage(make_provision(treaty, "art-1"), category)
    hidden = make_instrument("hidden", published=False)
    make_coverage(make_provision(hidden, "art-9"), category)
    response = client.get(category.get_absolute_url())
    assert response.status_code == 200
    assert b"Treaty A" in response.content
    assert b"Hidden" not in response.content
