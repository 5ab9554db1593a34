"""The matrix page's controls: the what-if's "Clear all" and "only this", the scope control
while a what-if set is shown, the comparison's default draft, and the way back from a gap
explanation to its row."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from gaps.draft_comparison import newest_draft_treaty
from gaps.forms import COMPARABLE
from gaps.matrix import fetch_catalogue
from tests.gaps.matrix_builders import DRAFT

pytestmark = pytest.mark.django_db


def checked_boxes(html: str) -> list[str]:
    return re.findall(
        r'<input type="checkbox" name="instruments" value="([^"]+)"[^>]* checked>', html
    )


def only_this(html: str) -> dict[str, str]:
    """Instrument slug -> the address of its "only this" link."""
    found = re.findall(
        r'value="([^"]+)" id="what-if-[^"]+"[^>]*>.*?<a class="only-this" href="([^"]+)">',
        html,
        re.S,
    )
    return {slug: html_lib.unescape(href) for slug, href in found}


def test_the_what_if_opens_with_the_instruments_of_the_scope_ticked(client, known):
    html = client.get("/").content.decode()
    assert checked_boxes(html) == ["ost", "ptbt"]


def test_clear_all_unticks_every_box_and_keeps_the_filters(client, known):
    html = client.get("/", {"scope": "drafts", "evidence": "official"}).content.decode()
    clear = re.search(r'<a href="([^"]+)">Clear all</a>', html)
    assert clear
    href = html_lib.unescape(clear.group(1))
    assert href == "/?scope=drafts&evidence=official&choose=none#what-if"
    cleared = client.get(href.split("#")[0]).content.decode()
    assert checked_boxes(cleared) == []
    assert '<details class="what-if" id="what-if" open>' in cleared
    # The matrix shown is still the one the other parameters ask for.
    assert "Coverage of threat categories by binding instruments in force, signed" in cleared


def test_only_this_shows_the_matrix_of_that_instrument_alone_with_the_filters(client, known):
    html = client.get("/", {"scope": "all", "evidence": "verbatim"}).content.decode()
    links = only_this(html)
    assert set(links) == {"ost", "ptbt", "ppwt-old", "ppwt-new", "guidelines"}
    assert links["ost"] == "/?instruments=ost&evidence=verbatim"
    alone = client.get(links["ost"]).content.decode()
    assert checked_boxes(alone) == ["ost"]
    assert "scope: selected instruments (ost)" in alone


def test_ost_plus_the_2014_ppwt_takes_only_this_then_one_box(client, known):
    """The journey of the issue: "only this" on the OST, tick the PPWT, show."""
    links = only_this(client.get("/").content.decode())
    alone = client.get(links["ost"]).content.decode()
    assert checked_boxes(alone) == ["ost"]
    both = client.get("/?instruments=ost&instruments=ppwt-new")
    assert both.status_code == 200
    assert checked_boxes(both.content.decode()) == ["ost", "ppwt-new"]


def test_an_unknown_choose_value_is_a_400_naming_the_parameter(client, known):
    response = client.get("/", {"choose": "everything"})
    assert response.status_code == 400
    assert "<code>choose</code>: Unknown choice" in response.content.decode()
    twice = client.get("/?choose=none&choose=none")
    assert twice.status_code == 400
    assert "<code>choose</code>: Give this parameter only once." in twice.content.decode()


def test_while_a_what_if_set_is_shown_the_scope_control_says_so(client, known):
    html = client.get("/", {"instruments": "ost,ppwt-new", "evidence": "official"}).content.decode()
    controls = html.split('class="scope-form"')[1].split("</form>")[0]
    assert '<select id="scope"' not in controls
    assert "the 2 instruments chosen under “What if”" in controls
    # Each scope one link away, the evidence filter kept; the set itself stays on "Show".
    assert '<a href="/?evidence=official">Binding instruments in force</a>' in controls
    assert 'href="/?scope=drafts&amp;evidence=official"' in controls
    assert '<input type="hidden" name="instruments" value="ost">' in controls
    assert '<input type="hidden" name="instruments" value="ppwt-new">' in controls


def test_a_scope_keeps_its_select_with_that_scope_chosen(client, known):
    html = client.get("/", {"scope": "drafts"}).content.decode()
    assert '<option value="drafts" selected>' in html
    assert "chosen under “What if”" not in html


def test_the_comparison_defaults_to_the_newest_draft_treaty(client, db):
    from tests.gaps.dated_builders import dated_corpus

    dated_corpus()
    html = client.get("/").content.decode()
    picker = html.split('<select id="compare" name="compare">')[1].split("</select>")[0]
    options = re.findall(r'<option value="([^"]+)"( selected)?>', picker)
    assert [slug for slug, chosen in options if chosen] == ["ppwt-2014"]
    # It is not simply the first in list order.
    assert options[0][0] != "ppwt-2014"


def test_a_comparison_asked_for_stays_chosen(client, db):
    from tests.gaps.dated_builders import dated_corpus

    dated_corpus()
    html = client.get("/", {"compare": "ppwt-2008"}).content.decode()
    picker = html.split('<select id="compare" name="compare">')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]+)" selected>', picker) == ["ppwt-2008"]


def test_newest_draft_treaty_prefers_a_dated_unsuperseded_draft_treaty(db):
    from tests.conftest import make_instrument

    proposal = make_instrument(
        "proposal",
        kind="working_paper",
        status="proposal",
        binding=False,
        tabled_on="2020-01-01",
        position=1,
    )
    old = make_instrument("old", tabled_on="2008-02-12", position=2, **DRAFT)
    make_instrument("new", tabled_on="2014-06-10", supersedes=old, position=3, **DRAFT)
    make_instrument("undated", position=4, **DRAFT)
    comparable = [item for item in fetch_catalogue() if item.status in COMPARABLE]
    assert comparable[0].slug == proposal.slug
    assert newest_draft_treaty(comparable).slug == "new"
    assert newest_draft_treaty([]) is None


def test_a_superseded_draft_is_not_the_default_even_without_dates(known):
    comparable = [item for item in fetch_catalogue() if item.status in COMPARABLE]
    assert [item.slug for item in comparable] == ["ppwt-old", "ppwt-new"]
    assert newest_draft_treaty(comparable).slug == "ppwt-new"


def test_each_gap_explanation_on_the_matrix_links_back_to_its_row(client, known):
    html = client.get("/", {"scope": "all", "evidence": "verbatim"}).content.decode()
    why = html.split('id="why-rpo"')[1].split("</article>")[0]
    assert '<a href="#row-rpo">Back to Proximity operations in the matrix</a>' in why
    assert '<tr id="row-rpo" class="gap-row">' in html


def test_the_gap_list_links_each_explanation_back_to_its_scopes_matrix(client, known):
    html = client.get("/gaps/", {"evidence": "verbatim"}).content.decode()
    drafts = html.split('id="scope-drafts"')[1].split("</section>")[0]
    assert (
        '<a href="/?scope=drafts&amp;evidence=verbatim#row-rpo">'
        "Back to Proximity operations in the matrix</a>" in drafts
    )
    in_force = html.split('id="scope-in_force"')[1].split("</section>")[0]
    assert '<a href="/?evidence=verbatim#row-asat">' in in_force
