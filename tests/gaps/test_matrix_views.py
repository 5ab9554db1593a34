"""The matrix page, the gaps page, category and cell pages, their 400s and query counts."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from gaps.models import Release
from tests.conftest import make_coverage, make_provision

pytestmark = pytest.mark.django_db


def summary_cell(html: str, category_name: str) -> str:
    """The summary (last) cell of the row headed by `category_name`."""
    row = re.search(
        rf"<tr[^>]*>\s*<th scope=\"row\"><a [^>]*>{category_name}</a></th>(.*?)</tr>", html, re.S
    )
    assert row, f"no row for {category_name}"
    return re.findall(r"<td class=\"summary\">(.*?)</td>", row.group(1), re.S)[0]


def test_home_page_shows_the_in_force_matrix_by_default(client, known):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<caption id="matrix-caption"><span class="caption-text">Coverage of threat categories by '
        "binding instruments in force" in html
    )
    assert (
        '<th scope="colgroup" colspan="2" class="group group-in_force">Binding, in force</th>'
        in html
    )
    assert "Outer Space Treaty" in html and "Test Ban Treaty" in html
    assert "PPWT 2014" not in html.split("<table")[1].split("</table>")[0]
    assert "Secret Pact" not in html


def test_matrix_marks_category_without_binding_prohibition_as_gap(client, known):
    html = client.get("/").content.decode()
    assert "<strong>Gap</strong>" in summary_cell(html, "Destructive ASAT tests")
    assert "Restricts" in summary_cell(html, "Destructive ASAT tests")
    assert "<strong>Gap</strong>" not in summary_cell(html, "Weapons of mass destruction")
    assert "Prohibits" in summary_cell(html, "Weapons of mass destruction")


def test_each_cell_shows_symbol_level_and_count_and_links_to_its_cell_page(client, known):
    response = client.get("/")
    assertContains(
        response,
        '<a href="/gaps/asat/ost/"><span class="level level-restricts">'
        '<span aria-hidden="true">◆</span> Restricts</span>'
        ' <span class="evidence evidence-official" title="from official text">'
        '<span aria-hidden="true">✓<span class="evidence-word"> official</span></span>'
        '<span class="visually-hidden">, from official text</span></span>'
        ' <span class="count">2 provisions</span></a>',
        html=True,
    )


def test_category_names_are_row_headers_linking_to_the_category_page(client, known):
    assertContains(
        client.get("/"),
        '<th scope="row"><a href="/gaps/rpo/">Proximity operations</a></th>',
        html=True,
    )


def test_drafts_scope_shows_superseded_draft_without_counting_it(client, known):
    response = client.get("/", {"scope": "drafts"})
    html = response.content.decode()
    assert "Signed but not in force, drafts and proposals</th>" in html
    assert "Superseded by PPWT 2014; not counted" in html
    assert "<strong>Gap</strong>" in summary_cell(html, "Proximity operations")
    assert "<strong>Gap</strong>" not in summary_cell(html, "Destructive ASAT tests")


def test_all_scope_shows_non_binding_instruments(client, known):
    html = client.get("/", {"scope": "all"}).content.decode()
    assert "Non-binding</th>" in html
    assert "LTS Guidelines" in html
    assert "Voluntary guidance" in summary_cell(html, "Jamming")


def test_what_if_shows_exactly_the_chosen_instruments(client, known):
    response = client.get("/", {"instruments": "ppwt-old,ost"})
    table = response.content.decode().split("<table")[1].split("</table>")[0]
    assert "PPWT 2008" in table and "Outer Space Treaty" in table
    assert "Test Ban Treaty" not in table
    assert "<strong>Gap</strong>" not in summary_cell(
        response.content.decode(), "Proximity operations"
    )


def test_what_if_form_submission_with_one_value_per_checkbox_works(client, known):
    response = client.get("/?instruments=ppwt-old&instruments=ost")
    assert response.status_code == 200
    assertContains(
        response,
        '<input type="checkbox" name="instruments" value="ppwt-old" id="what-if-ppwt-old" checked>',
        html=True,
    )
    assertContains(response, "scope: selected instruments (ost, ppwt-old)")


def test_comparison_says_which_in_force_gaps_a_draft_would_close(client, known):
    response = client.get("/", {"compare": "ppwt-new"})
    html = response.content.decode()
    assert "If the PPWT 2014 entered into force" in html
    assert "it would close 1 and leave 2 open" in html
    closes = html.split("Gaps it would close")[1].split("Gaps that would stay open")[0]
    stays = html.split("Gaps that would stay open")[1].split("</section>")[0]
    assert "Destructive ASAT tests" in closes and "Jamming" not in closes
    assert "Proximity operations" in stays and "Jamming" in stays


def test_gap_rows_explain_themselves_with_the_closest_rationale(client, known):
    response = client.get("/")
    html = response.content.decode()
    why = html.split('id="why-asat"')[1].split("</article>")[0]
    assert "Outer Space Treaty, Article IX" in why
    assert "Consultation only; <strong>no ban</strong> on tests." in why
    assert 'href="/gaps/asat/ost/"' in why
    assert "No provision of any instrument in this scope addresses" in html.split('id="why-rpo"')[1]


def test_page_carries_a_legend_scope_form_and_region_for_scrolling(client, known):
    response = client.get("/")
    assertContains(response, '<label for="scope">Scope</label>', html=True)
    assertContains(response, '<button type="submit">Show</button>', html=True)
    assertContains(response, 'role="region" aria-labelledby="matrix-caption" tabindex="0"')
    for text in ("■</span> Prohibits", "◆</span> Restricts", "○</span> Voluntary guidance"):
        assert text in response.content.decode()
    assertContains(response, '<label for="what-if-ost">Outer Space Treaty</label>', html=True)
    assertNotContains(response, "style=")
    assertNotContains(response, "<script>")


def test_page_shows_corpus_version_and_citation(client, known):
    Release.objects.create(version="2026.11.0", date=datetime.date(2026, 11, 22), digest="x")
    response = client.get("/", {"scope": "drafts"})
    assertContains(response, "Corpus release 2026.11.0 (22 November 2026)")
    assertContains(
        response,
        "Space Security Treaty Gaps, coverage matrix, scope: binding instruments in force, "
        "signed treaties not in force, drafts and proposals, corpus release 2026.11.0 "
        "(22 November 2026), http://testserver/?scope=drafts, accessed "
        f"{timezone.localdate().isoformat()}",
    )


def test_page_says_unreleased_without_a_corpus_release(client, known):
    assertContains(client.get("/"), "Unreleased corpus")


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("scope=bogus", "scope", "Unknown scope"),
        ("scope=all&scope=drafts", "scope", "Give this parameter only once"),
        ("scope=%00", "scope", "Unknown scope"),
        ("instruments=ost,nope", "instruments", "Unknown instrument: &#x27;nope&#x27;"),
        ("instruments=hidden", "instruments", "Unknown instrument: &#x27;hidden&#x27;"),
        ("instruments=ost%00", "instruments", "Null characters are not allowed"),
        ("instruments=" + "x" * 5000, "instruments", "Too long"),
        ("instruments=%3Cscript%3E", "instruments", "a value that is not an instrument slug"),
        ("compare=ost", "compare", "compare a signed treaty not in force, a draft or a proposal"),
        ("compare=nope", "compare", "Unknown instrument"),
        ("compare=a&compare=b", "compare", "Give this parameter only once"),
        ("compare=" + "y" * 100, "compare", "Too long"),
    ],
)
def test_malformed_parameters_get_a_400_page_naming_the_parameter(
    client, known, query, parameter, message
):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assertContains(response, f"<code>{parameter}</code>: ", status_code=400)
    assertContains(response, message, status_code=400)
    assertContains(response, 'role="alert"', status_code=400)
    assertNotContains(response, "<script>", status_code=400)


def test_empty_parameters_mean_the_defaults(client, known):
    response = client.get("/?scope=&instruments=&compare=")
    assert response.status_code == 200
    assertContains(response, "Coverage of threat categories by binding instruments in force")


def test_gaps_page_lists_the_gaps_of_each_scope_with_explanations(client, known):
    response = client.get("/gaps/")
    html = response.content.decode()
    assert response.status_code == 200
    in_force = html.split('id="scope-in_force"')[1].split("</section>")[0]
    drafts = html.split('id="scope-drafts"')[1].split("</section>")[0]
    assert "Destructive ASAT tests" in in_force and "Destructive ASAT tests" not in drafts
    assert "Proximity operations" in drafts
    assert "New draft dropped the ban." in drafts
    assert "Old draft banned it." not in drafts


def test_category_page_puts_instruments_side_by_side_strongest_first(client, known):
    response = client.get("/gaps/asat/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "About asat." in html
    order = [html.index(name) for name in ("PPWT 2014", "Outer Space Treaty", "LTS Guidelines")]
    assert order == sorted(order)
    assert html.index("Test Ban Treaty") > html.index("LTS Guidelines")
    # Within an instrument, strongest provision first.
    assert html.index("Article IX") < html.index("Article III")
    assert "Consultation only; <strong>no ban</strong> on tests." in html
    assert "Consult <em>before</em>." in html
    assert "Secret" not in html


def test_category_page_summarises_each_scope_and_lists_silent_instruments(client, known):
    html = client.get("/gaps/rpo/").content.decode()
    scope_table = html.split('class="scope-summary"')[1].split("</table>")[0]
    assert scope_table.count('<strong class="gap">Gap</strong>') == 3
    silent = html.split("Instruments that do not address it")[1]
    assert "Outer Space Treaty" in silent and "LTS Guidelines" in silent
    assert "PPWT 2014" not in silent


def test_category_page_of_unknown_category_is_404(client, known):
    assert client.get("/gaps/no-such-thing/").status_code == 404


def test_cell_page_lists_the_provisions_with_rationale_and_excerpt(client, known):
    response = client.get("/gaps/asat/ost/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Article IX") < html.index("Article III")
    assert "Consultation only; <strong>no ban</strong> on tests." in html
    assert "General international law." in html
    assert "Consult <em>before</em>." in html
    assert "2 provisions assessed" in html


def test_cell_page_of_an_instrument_that_is_silent_says_so(client, known):
    assertContains(client.get("/gaps/rpo/ost/"), "No provision of the Outer Space Treaty")


def test_cell_page_of_an_unpublished_instrument_is_404(client, known):
    assert client.get("/gaps/jamming/hidden/").status_code == 404
    assert client.get("/gaps/nothing/ost/").status_code == 404


def test_long_texts_are_excerpted_on_the_cell_page(client, known):
    provision = make_provision(known.instruments["ptbt"], "art-2", text="word " * 300 + "ENDMARK")
    make_coverage(provision, known.categories["asat"], "indirect")
    response = client.get("/gaps/asat/ptbt/")
    assertNotContains(response, "ENDMARK")
    assertContains(response, 'href="/instruments/ptbt/art-2/"')


def test_a_query_string_with_too_many_parameters_gets_a_400_page(client, known):
    response = client.get("/?" + "&".join(["instruments=ost"] * 1500))
    assertContains(response, "<code>query</code>: Too many parameters", status_code=400)
