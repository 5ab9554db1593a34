"""In the browser: an instrument page whose provisions all have a footnote 1, and one of
which names an anchor "main", still has each id once, working footnote links, a skip link
that reaches <main>, and nothing axe-core calls serious."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from instruments.models import Instrument
from provisions.models import Provision
from tests.browser.helpers import serious_axe_violations

SLUG = "test-footnotes"
DUPLICATE_IDS_JS = """() => {
  const ids = [...document.querySelectorAll("[id]")].map((element) => element.id);
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}"""


@pytest.fixture(scope="module")
def footnoted(site, django_db_blocker) -> Iterator[list[Provision]]:
    """Committed, so that a server on its own connection (PostgreSQL) sees it; removed after."""
    with django_db_blocker.unblock():
        instrument = Instrument.objects.create(
            slug=SLUG, short_name="Footnotes", title="An instrument with footnotes",
            kind=Instrument.Kind.TREATY, status=Instrument.Status.IN_FORCE, binding=True,
            published=True, position=999,
        )  # fmt: skip
        provisions = [
            Provision.objects.create(
                instrument=instrument,
                slug=f"art-{n}",
                label=f"Article {n}",
                position=n,
                provenance=Provision.Provenance.SUMMARY,
                text=f'<a id="main">Anchor</a> States consult.[^1]\n\n[^1]: Note of article {n}.',
            )  # fmt: skip
            for n in (1, 2)
        ]
    yield provisions
    with django_db_blocker.unblock():
        Instrument.objects.filter(slug=SLUG).delete()
        cache.clear()


def test_footnoted_provisions_keep_every_id_once_and_their_links_working(
    page, browser_errors, footnoted
):
    assert page.goto(f"/instruments/{SLUG}/").status == 200
    assert page.evaluate(DUPLICATE_IDS_JS) == []
    second = page.locator("section#art-2")
    second.get_by_role("link", name="1", exact=True).click()
    assert page.url.endswith(f"#provision-{footnoted[1].pk}:fn:1")
    target = page.locator(f"[id='provision-{footnoted[1].pk}:fn:1']")
    assert "Note of article 2." in target.inner_text()
    assert serious_axe_violations(page) == []
    assert browser_errors == []


def test_the_skip_link_still_reaches_main(page, footnoted):
    page.goto(f"/instruments/{SLUG}/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
