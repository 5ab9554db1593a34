"""The instrument list and instrument pages."""

from __future__ import annotations

import pytest

from tests.conftest import make_instrument
from tests.provisions.builders import bulk_corpus, cast, clear_bulk

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return cast()


def test_instrument_list_groups_published_instruments_by_status(client, corpus):
    content = client.get("/instruments/").content.decode()
    headings = [content.index(f">{label}</h2>") for label in (
        "In force", "Draft under negotiation", "Non-binding",
    )]  # fmt: skip
    assert headings == sorted(headings)
    assert ">Proposal</h2>" not in content  # no instrument has that status
    assert content.index("Outer Space Treaty") < headings[1] < content.index("PPWT")
    assert "Hidden draft" not in content


def test_instrument_list_shows_the_facts_of_each_instrument(client, corpus):
    content = client.get("/instruments/").content.decode()
    row = content[content.index('<a href="/instruments/ost/">') :]
    row = row[: row.index("</tr>")]
    for fact in [
        "Treaty</td>", "A/RES/2222 (XXI)", '<time datetime="1967-01-27">27 January 1967</time>',
        '<time datetime="1967-10-10">10 October 1967</time>', "? not recorded",
        "Russian Federation, United Kingdom, United States", "<td>Yes</td>", "<td>5</td>",
    ]:  # fmt: skip
        assert fact in row, fact
    assert '<th scope="col">Depositary</th>' in content


def test_instrument_page_shows_facts_summary_and_selection_notice(client, corpus):
    content = client.get("/instruments/ost/").content.decode()
    assert "<dt>Entry into force</dt>" in content
    assert "<em>basic</em>" in content  # the summary, as Markdown
    assert "Only selected provisions are held" not in content
    ppwt = client.get("/instruments/ppwt/").content.decode()
    assert "<strong>Only selected provisions are held.</strong> Only Articles I and II" in ppwt


def test_instrument_page_links_what_it_replaces_and_what_replaced_it(client, corpus):
    newer = make_instrument("ppwt-2014", short_name="PPWT 2014", supersedes=corpus.ppwt)
    hidden_newer = make_instrument("ppwt-2030", supersedes=corpus.ppwt, published=False)
    old = client.get("/instruments/ppwt/").content.decode()
    assert '<dt>Replaced by</dt><dd><a href="/instruments/ppwt-2014/">PPWT 2014</a></dd>' in old
    assert hidden_newer.short_name not in old
    new = client.get(newer.get_absolute_url()).content.decode()
    assert '<dt>Replaces</dt><dd><a href="/instruments/ppwt/">PPWT</a>' in new
    assert 'href="/instruments/ppwt-2014/diff/ppwt/">see what changed</a>' in new


def test_instrument_page_has_a_table_of_contents_and_anchors_for_every_provision(client, corpus):
    content = client.get("/instruments/ost/").content.decode()
    toc = content[
        content.index('<nav class="toc"') : content.index(
            "</nav>", content.index('<nav class="toc"')
        )
    ]
    assert '<a href="#art-4">Article IV</a>' in toc
    assert '<ol><li><a href="#art-4-para-1">Article IV, paragraph 1</a></li>' in toc
    for slug in ["preamble", "art-4", "art-4-para-1", "art-4-para-2", "art-9"]:
        assert f'<section id="{slug}" class="provision' in content
        assert f'<a href="/instruments/ost/{slug}/">' in content


def test_instrument_page_marks_the_provenance_of_every_provision(client, corpus):
    content = client.get("/instruments/ost/").content.decode()
    assert content.count('<span class="provenance-marker provenance-marker-official">') == 4
    assert content.count('<span class="provenance-marker provenance-marker-unverified">') == 1


def test_instrument_page_shows_its_strongest_level_per_category(client, corpus):
    content = client.get("/instruments/ost/").content.decode()
    table = content[content.index('<table class="instrument-row">') :]
    table = table[: table.index("</table>")]
    assert '<caption id="instrument-row-caption">How strongly Outer Space Treaty covers' in table

    def cell(name: str) -> str:
        start = table.index(f">{name}</a></th>")
        return table[start : table.index("</tr>", start)]

    # WMD: prohibits (para 1); other weapons: restricts beats indirect; force: a gap.
    assert '<span class="level level-prohibits"><span aria-hidden="true">■</span> Prohibits' in (
        cell("Weapons of mass destruction in orbit")
    )
    assert "level-restricts" in cell("Other weapons in orbit")
    assert "level-indirect" not in cell("Other weapons in orbit")
    assert '<span aria-hidden="true">—</span> No coverage' in cell(
        "Use of force against space objects"
    )
    assert "level-indirect" in cell("Debris-generating activities")
    assert 'href="/provisions/?instrument=ost&amp;category=debris">Assessed provisions' in cell(
        "Debris-generating activities"
    )


def test_unpublished_and_unknown_instruments_are_404(client, corpus):
    assert client.get("/instruments/hidden/").status_code == 404
    assert client.get("/instruments/no-such-thing/").status_code == 404


def test_instrument_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for instruments, provisions_each in ((2, 5), (20, 50)):
        bulk_corpus(instruments=instruments, provisions_each=provisions_each)
        # The list: one query, and one for the party counts from the records.
        with django_assert_max_num_queries(2):
            assert client.get("/instruments/").status_code == 200
        # instrument + provisions + held languages + successors + categories + strongest
        # levels, and the parties: States bound, records, the list of participants, the
        # space powers
        with django_assert_max_num_queries(10):
            assert client.get("/instruments/instrument-1/").status_code == 200
        clear_bulk()


def test_the_instrument_list_leads_to_the_diff_the_side_by_side_reading_and_the_json(
    client, corpus
):
    html = client.get("/instruments/").content.decode()
    assert '<form class="compare-form no-print" method="get" action="/instruments/diff/">' in html
    assert '<label for="compare-old">Old</label>' in html
    assert 'href="/compare/"' in html
    assert 'href="/api/instruments.json"' in html
