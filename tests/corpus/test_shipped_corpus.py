"""The shipped corpus loads, validates, renders, and supports the argument it exists to test."""

from __future__ import annotations

import pytest
from django.conf import settings

from gaps.corpus import read_corpus
from gaps.validation import validate_corpus
from instruments.models import Instrument
from provisions.models import Coverage, Provision, ThreatCategory

REQUIRED_INSTRUMENTS = {
    "ost-1967", "ptbt-1963", "ppwt-2008", "ppwt-2014", "cd-1679", "lts-2019", "un-charter",
    "itu-constitution", "rescue-1968", "liability-1972", "registration-1975", "moon-1979",
    "enmod-1977", "sdm-2007", "gge-tcbm-2013", "unga-77-41",
}  # fmt: skip
REQUIRED_CATEGORIES = {
    "non-wmd-weapons", "threat-or-use-of-force", "asat-tests", "rpo", "wmd-stationing",
    "nuclear-tests", "jamming", "debris", "commercial-military", "orbit-spectrum",
}  # fmt: skip


@pytest.fixture
def shipped(shipped_corpus, db):
    """The shipped corpus (loaded once for the module) inside a test transaction."""


def test_the_fixture_files_have_no_defects():
    assert [str(d) for d in validate_corpus(read_corpus(settings.CORPUS_DIR))] == []


def test_the_corpus_holds_every_required_instrument_and_category(shipped):
    assert set(Instrument.objects.values_list("slug", flat=True)) >= REQUIRED_INSTRUMENTS
    assert set(ThreatCategory.objects.values_list("slug", flat=True)) >= REQUIRED_CATEGORIES


def test_every_category_has_a_definition_and_capabilities_or_a_reason(shipped):
    for category in ThreatCategory.objects.all():
        assert category.definition.strip(), category.slug
        assert category.identified_in.strip(), category.slug


def test_the_outer_space_treaty_has_its_seventeen_articles(shipped):
    labels = Provision.objects.filter(instrument__slug="ost-1967", parent=None).values_list(
        "label", flat=True
    )
    articles = [label for label in labels if label.startswith("Article ")]
    assert len(articles) == 17


def test_the_2014_ppwt_supersedes_the_2008_draft(shipped):
    assert Instrument.objects.get(slug="ppwt-2014").supersedes.slug == "ppwt-2008"


def in_force_prohibitions() -> set[str]:
    return set(
        Coverage.objects.filter(
            level="prohibits", provision__instrument__status=Instrument.Status.IN_FORCE
        ).values_list("category__slug", flat=True)
    )


def test_in_force_law_prohibits_wmd_in_orbit_and_nuclear_test_explosions(shipped):
    assert {"wmd-stationing", "nuclear-tests"} <= in_force_prohibitions()


def test_no_in_force_instrument_prohibits_other_weapons_asat_tests_or_proximity_operations(shipped):
    assert in_force_prohibitions().isdisjoint({"non-wmd-weapons", "asat-tests", "rpo"})


def test_a_draft_would_prohibit_weapons_other_than_wmd(shipped):
    drafts = Coverage.objects.filter(
        level="prohibits",
        category__slug="non-wmd-weapons",
        provision__instrument__status__in=[Instrument.Status.DRAFT, Instrument.Status.PROPOSAL],
    )
    assert drafts.exists()


def test_no_proposal_or_non_binding_instrument_prohibits_anything(shipped):
    assert not Coverage.objects.filter(
        level="prohibits",
        provision__instrument__status__in=[
            Instrument.Status.PROPOSAL,
            Instrument.Status.NON_BINDING,
        ],
    ).exists()


def test_every_instrument_and_provision_page_renders(client, shipped):
    for instrument in Instrument.objects.all():
        assert client.get(instrument.get_absolute_url()).status_code == 200, instrument.slug
    for provision in Provision.objects.select_related("instrument"):
        response = client.get(provision.get_absolute_url())
        assert response.status_code == 200, provision.get_absolute_url()


def test_unverified_text_carries_a_notice_with_the_official_symbol_and_link(client, shipped):
    provision = Provision.objects.select_related("instrument").get(
        instrument__slug="un-charter", slug="art-51"
    )
    content = client.get(provision.get_absolute_url()).content.decode()
    assert "Unverified transcription" in content
    assert provision.instrument.source_url in content
    assert "self-defence" in content


def test_the_about_page_credits_the_sources_and_counts_provenance(client, shipped):
    content = client.get("/about/").content.decode()
    assert "CC BY 4.0" in content
    assert "laws-markdown" in content
    ost = Provision.objects.filter(instrument__slug="ost-1967").count()
    assert f"<td>{ost}</td>" in content
