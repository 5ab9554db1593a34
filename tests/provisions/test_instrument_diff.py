"""The page comparing two instruments: /instruments/<new>/diff/<old>/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import make_category, make_coverage, make_instrument, make_provision

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts():
    """Two drafts in the shape of ppwt-2008 and its 2014 revision."""
    old = make_instrument("ppwt-2008", short_name="PPWT 2008", status="draft")
    new = make_instrument("ppwt-2014", short_name="PPWT 2014", status="draft", supersedes=old)
    make_provision(old, "preamble", label="Preamble", text="The States Parties, recalling.")
    make_provision(old, "art-2", label="Article II", text="Not to place any weapons in orbit.")
    make_provision(old, "art-3", label="Article III", text="A clause later dropped entirely.")
    make_provision(new, "preamble", label="Preamble", text="The States Parties, recalling.")
    make_provision(new, "art-2", label="Article II", text="Not to place weapons in orbit.")
    make_provision(new, "art-9", label="Article IX", text="A new clause <b>with</b> markup.")
    return old, new


def diff_url(new: str, old: str) -> str:
    return reverse("provisions:diff", args=[new, old])


def test_diff_url_sits_under_the_instruments_path():
    assert diff_url("ppwt-2014", "ppwt-2008") == "/instruments/ppwt-2014/diff/ppwt-2008/"


def test_diff_page_summarises_added_removed_changed_and_unchanged(client, drafts):
    response = client.get(diff_url("ppwt-2014", "ppwt-2008"))
    assert response.status_code == 200
    counts = response.context["comparison"].counts
    assert counts == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    html = response.content.decode()
    assert "<dt>Added</dt><dd>1</dd>" in html
    assert "<dt>Unchanged</dt><dd>1</dd>" in html


def test_diff_marks_deletions_for_screen_readers_and_by_strike_through(client, drafts):
    html = client.get(diff_url("ppwt-2014", "ppwt-2008")).content.decode()
    assert (
        '<del><span class="visually-hidden">[deleted: </span> any'
        '<span class="visually-hidden">]</span></del>'
    ) in html
    assert "+ Added" in html and "− Removed" in html and "± Changed" in html


def test_diff_escapes_provision_text_before_marking_it(client, drafts):
    html = client.get(diff_url("ppwt-2014", "ppwt-2008")).content.decode()
    assert "&lt;b&gt;with&lt;/b&gt;" in html
    assert "<b>with</b>" not in html


def test_diff_shows_how_the_strongest_coverage_moved_per_category(client, drafts):
    old, new = drafts
    weapons = make_category("weapons-in-orbit", name="Weapons in orbit")
    tests = make_category("asat-tests", name="ASAT tests")
    make_category("debris", name="Debris")
    make_coverage(old.provisions.get(slug="art-2"), weapons, "restricts")
    make_coverage(new.provisions.get(slug="art-2"), weapons, "prohibits")
    make_coverage(new.provisions.get(slug="preamble"), weapons, "indirect")
    make_coverage(old.provisions.get(slug="art-3"), tests, "restricts")
    response = client.get(diff_url("ppwt-2014", "ppwt-2008"))
    moved = {
        m.category.slug: (m.old.level, m.new.level, m.direction)
        for m in response.context["movements"]
    }
    assert moved == {
        "weapons-in-orbit": ("restricts", "prohibits", "stronger"),
        "asat-tests": ("restricts", "none", "weaker"),
        "debris": ("none", "none", "same"),
    }
    html = response.content.decode()
    assert '<span class="level level-prohibits"><span aria-hidden="true">■</span> Prohibits' in html
    assert '<span class="level level-none"><span aria-hidden="true">—</span> No coverage' in html
    assert "↓ Weaker" in html


def test_any_two_instruments_can_be_compared(client, drafts):
    make_provision(make_instrument("cd-1679", short_name="CD/1679"), "element-1")
    response = client.get(diff_url("ppwt-2008", "cd-1679"))
    assert response.status_code == 200
    assert response.context["comparison"].counts["added"] == 3


@pytest.mark.parametrize(("new", "old"), [("ppwt-2014", "missing"), ("missing", "ppwt-2008")])
def test_diff_of_an_unknown_instrument_is_not_found(client, drafts, new, old):
    assert client.get(diff_url(new, old)).status_code == 404


def test_diff_with_an_unpublished_instrument_is_not_found(client, drafts):
    make_instrument("secret-draft", published=False)
    assert client.get(diff_url("secret-draft", "ppwt-2008")).status_code == 404
    assert client.get(diff_url("ppwt-2014", "secret-draft")).status_code == 404


def test_instrument_page_links_to_the_diff_against_its_predecessor(client, drafts):
    html = client.get(reverse("provisions:instrument", args=["ppwt-2014"])).content.decode()
    assert f'href="{diff_url("ppwt-2014", "ppwt-2008")}"' in html
    older = client.get(reverse("provisions:instrument", args=["ppwt-2008"])).content.decode()
    assert "/diff/" not in older


def test_no_diff_link_while_the_predecessor_is_unpublished(client, drafts):
    old, _new = drafts
    old.published = False
    old.save()
    html = client.get(reverse("provisions:instrument", args=["ppwt-2014"])).content.decode()
    assert "/diff/" not in html


def test_compare_form_sends_on_to_the_diff(client, drafts):
    response = client.get(
        reverse("provisions:diff_picker"), {"old": "ppwt-2008", "new": "ppwt-2014"}
    )
    assert response.status_code == 302
    assert response["Location"] == diff_url("ppwt-2014", "ppwt-2008")


@pytest.mark.parametrize(
    ("query", "message"),
    [({"old": "ppwt-2008"}, b"both"), ({"old": "ppwt-2008", "new": "nope"}, b"nope")],
)
def test_compare_form_with_bad_input_answers_400_with_a_message(client, drafts, query, message):
    response = client.get(reverse("provisions:diff_picker"), query)
    assert response.status_code == 400
    assert message in response.content


def _grow(old, new, size: int) -> None:
    for number in range(size):
        slug = f"extra-{number}"
        category = make_category(f"category-{number}")
        make_coverage(make_provision(old, slug, text=f"Old {number}."), category, "restricts")
        make_coverage(make_provision(new, slug, text=f"New {number}."), category, "guidance")


def test_diff_page_runs_a_constant_number_of_queries(client, drafts, django_assert_max_num_queries):
    old, new = drafts
    # The two instruments, their provisions, the strongest coverage per category and
    # instrument, the categories, the instruments for the "compare" form.
    with django_assert_max_num_queries(5):
        small = client.get(diff_url("ppwt-2014", "ppwt-2008"))
    _grow(old, new, 40)
    with django_assert_max_num_queries(5):
        large = client.get(diff_url("ppwt-2014", "ppwt-2008"))
    assert len(large.context["comparison"].pairs) >= 10 * len(small.context["comparison"].pairs)
    assert len(large.context["movements"]) == 40
