"""A provision or instrument whose slug an editor changed keeps its old address: a 301."""

from __future__ import annotations

import pytest

from tests.conftest import make_instrument, make_provision

pytestmark = pytest.mark.django_db


def test_an_old_provision_slug_redirects_permanently_to_the_new_one(client):
    provision = make_provision(make_instrument("treaty-a"), "art-4")
    provision.slug = "article-4"
    provision.save()
    response = client.get("/instruments/treaty-a/art-4/")
    assert response.status_code == 301
    assert response["Location"] == "/instruments/treaty-a/article-4/"
    assert client.get(response["Location"]).status_code == 200


def test_an_old_instrument_slug_redirects_its_page_and_its_provisions(client):
    instrument = make_instrument("ppwt-draft")
    make_provision(instrument, "art-2")
    instrument.slug = "ppwt-2014"
    instrument.save()
    page = client.get("/instruments/ppwt-draft/")
    assert (page.status_code, page["Location"]) == (301, "/instruments/ppwt-2014/")
    provision = client.get("/instruments/ppwt-draft/art-2/")
    assert (provision.status_code, provision["Location"]) == (301, "/instruments/ppwt-2014/art-2/")


def test_a_slug_that_never_existed_or_an_unpublished_target_is_still_404(client):
    hidden = make_instrument("hidden", published=False)
    make_provision(hidden, "art-1")
    hidden.slug = "still-hidden"
    hidden.save()
    assert client.get("/instruments/hidden/").status_code == 404
    assert client.get("/instruments/hidden/art-1/").status_code == 404
    assert client.get("/instruments/no-such-thing/art-1/").status_code == 404


def test_a_slug_taken_over_by_another_provision_shows_that_provision(client):
    instrument = make_instrument("treaty-a")
    old = make_provision(instrument, "art-1", label="Old first")
    old.slug = "art-1-old"
    old.save()
    make_provision(instrument, "art-1", label="New first", position=2)
    response = client.get("/instruments/treaty-a/art-1/")
    assert response.status_code == 200
    assert "New first" in response.content.decode()
