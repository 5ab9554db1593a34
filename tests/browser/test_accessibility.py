"""axe-core finds nothing serious or critical on any public page or the admin's main pages.

axe comes bundled with axe-playwright-python and is evaluated in the page through the
DevTools protocol, which the Content Security Policy does not restrict: nothing is fetched
from the network and the pages are tested with their real CSP.
"""

from __future__ import annotations

import pytest

from instruments.models import Instrument
from provisions.models import Provision
from tests.browser.conftest import ADMIN_PASSWORD, ADMIN_USERNAME
from tests.browser.helpers import serious_axe_violations, uses_site_stylesheet

PUBLIC_PAGES = {
    "matrix, law in force": ("/", 200),
    "matrix with drafts": ("/?scope=drafts", 200),
    "matrix of all instruments": ("/?scope=all", 200),
    "matrix, what-if selection": ("/?instruments=ost-1967&instruments=ppwt-2014", 200),
    "matrix, comparison with a draft": ("/?compare=ppwt-2014", 200),
    "matrix, invalid scope": ("/?scope=everything", 400),
    "gaps of every scope": ("/gaps/", 200),
    "a threat category": ("/gaps/asat-tests/", 200),
    "a cell": ("/gaps/wmd-stationing/ost-1967/", 200),
    "provisions": ("/provisions/", 200),
    "provisions, filtered": ("/provisions/?category=debris&topic=environment-debris", 200),
    "provisions, searched": ('/provisions/?q="outer space"+weapons', 200),
    "provisions, invalid filter": ("/provisions/?page=abc&year_min=x", 400),
    "a provision": ("/instruments/ost-1967/art-4-para-1/", 200),
    "a summarised provision": ("/instruments/ppwt-2014/art-1/", 200),
    "instruments": ("/instruments/", 200),
    "an instrument": ("/instruments/ost-1967/", 200),
    "definitions": ("/definitions/", 200),
    "about the data": ("/about/", 200),
    "positions": ("/positions/", 200),
    "a position with its claims marked": ("/positions/china-2022/", 200),
    "claims": ("/claims/", 200),
    "claims, filtered": ("/claims/?category=threat-or-use-of-force&verdict=partly", 200),
    "claims, invalid filter": ("/claims/?verdict=maybe", 400),
    "matrix on a date": ("/?scope=all&as_of=2007-01-11", 200),
    "events": ("/events/", 200),
    "events, invalid filter": ("/events/?year=abc", 400),
    "an event and the law on its date": ("/events/russia-kosmos-1408-2021/", 200),
    "timeline": ("/timeline/", 200),
    "changes between releases": ("/changes/", 200),
    "a diff": ("/instruments/ppwt-2014/diff/ppwt-2008/", 200),
    "compare, refused": ("/instruments/diff/?old=ost-1967&new=no-such-instrument", 400),
    "capabilities and threats": ("/capabilities/", 200),
    "capabilities, filtered": ("/capabilities/?capability=direct-ascent", 200),
    "not found": ("/no-such-page/", 404),
}


def assert_accessible(page) -> None:
    assert uses_site_stylesheet(page) or page.url.count("/admin/"), "site.css did not load"
    violations = serious_axe_violations(page)
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_page_has_no_serious_accessibility_violations(page, browser_errors, path, status):
    response = page.goto(path)
    assert response.status == status
    assert_accessible(page)
    assert browser_errors == [], "the page broke its Content Security Policy or a script failed"


def test_bad_request_page_has_no_serious_accessibility_violations(page, site, browser_errors):
    # Django answers a request for a host it does not serve with its 400 page: fetch that
    # real answer, then let the browser render it at an address it can load.
    bad = page.request.get(f"{site.url}/", headers={"Host": "not-this-site.example"})
    assert bad.status == 400
    page.route("**/bad-request-probe", lambda route: route.fulfill(response=bad))
    page.goto("/bad-request-probe")
    assert page.get_by_role("heading", level=1).inner_text() == "Bad request"
    assert_accessible(page)
    assert browser_errors == []


def admin_pages() -> dict[str, str]:
    instrument = Instrument.objects.get(slug="ost-1967")
    provision = Provision.objects.get(instrument=instrument, slug="art-4-para-1")
    coverage = provision.coverages.first()
    return {
        "index": "/admin/",
        "instrument list": "/admin/instruments/instrument/",
        "instrument form": f"/admin/instruments/instrument/{instrument.pk}/change/",
        "provision form": f"/admin/provisions/provision/{provision.pk}/change/",
        "new provision form": "/admin/provisions/provision/add/",
        "assessment form": f"/admin/provisions/coverage/{coverage.pk}/change/",
        "threat category form": f"/admin/provisions/threatcategory/{coverage.category_id}/change/",
        "import": "/admin/provisions/provision/import/",
        "instrument history": f"/admin/instruments/instrument/{instrument.pk}/history/",
    }


def test_admin_login_page_has_no_serious_accessibility_violations(page, browser_errors):
    page.goto("/admin/login/")
    assert_accessible(page)
    assert browser_errors == []


def test_admin_main_pages_have_no_serious_accessibility_violations(page, browser_errors):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(ADMIN_USERNAME)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    found = {}
    for name, path in admin_pages().items():
        assert page.goto(path).status == 200, name
        if violations := serious_axe_violations(page):
            found[name] = violations
    assert found == {}, "\n".join(f"{name}: {line}" for name, v in found.items() for line in v)
    assert browser_errors == []
