"""What exists can be found: the comparison form, the capability crosswalk and the API."""

from __future__ import annotations

import pytest

from tests.provisions.builders import cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/provisions/", "/instruments/ost/", "/definitions/"])
def test_every_page_links_the_comparison_form_the_crosswalk_and_the_instruments_json(client, path):
    cast()
    content = client.get(path).content.decode()
    assert 'href="/instruments/#compare-two"' in content
    assert 'href="/capabilities/"' in content
    assert 'href="/api/instruments.json"' in content


def test_an_instrument_page_links_its_own_json_and_the_comparison(client):
    cast()
    content = client.get("/instruments/ppwt/").content.decode()
    assert 'href="/api/instruments/ppwt.json"' in content
    assert "Compare it with another instrument" in content
    assert client.get("/api/instruments/ppwt.json").status_code == 200


def test_the_comparison_form_the_links_lead_to_is_on_the_instrument_list(client):
    cast()
    content = client.get("/instruments/").content.decode()
    assert 'id="compare-two"' in content
    assert 'action="/instruments/diff/"' in content
