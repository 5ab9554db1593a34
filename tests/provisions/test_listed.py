"""The topics and assessments a list shows, read as light rows: the same as the relations."""

from __future__ import annotations

import pytest
from django.db import connection

from provisions.models import Provision
from tests.provisions.builders import cast

pytestmark = pytest.mark.django_db


def as_related(provision: Provision) -> tuple[list, list]:
    topics = [(t.slug, t.name) for t in provision.topics.order_by("position", "name", "pk")]
    coverages = [
        (c.category.slug, c.category.name, c.level, c.qualifier, c.rationale)
        for c in provision.coverages.order_by("category__position", "category__name", "pk")
    ]
    return topics, coverages


def as_listed(provision: Provision) -> tuple[list, list]:
    topics = [(t.slug, t.name) for t in provision.listed_topics]
    coverages = [
        (c.category.slug, c.category.name, c.level, c.qualifier, c.rationale)
        for c in provision.listed_coverages
    ]
    return topics, coverages


def test_a_listed_provision_has_its_topics_and_assessments_in_order():
    corpus = cast()
    listed = list(Provision.objects.order_by("pk").for_listing())
    assert len(listed) == Provision.objects.count()
    assert [as_listed(p) for p in listed] == [as_related(p) for p in listed]
    article_4 = next(p for p in listed if p == corpus.p["ost/art-4-para-1"])
    assert article_4.listed_coverages and article_4.listed_topics


def test_a_page_costs_three_queries_and_an_export_two_more_per_chunk(
    django_assert_num_queries,
):
    cast()
    with django_assert_num_queries(3):
        page = list(Provision.objects.order_by("pk").for_listing()[:3])
    assert [as_listed(p) for p in page] == [as_related(p) for p in page]
    total = Provision.objects.count()
    with django_assert_num_queries(1 + 2 * -(-total // 2)):  # chunks of two provisions
        streamed = list(Provision.objects.order_by("pk").for_listing().iterator(chunk_size=2))
    assert [as_listed(p) for p in streamed] == [as_related(p) for p in streamed]


def test_without_server_side_cursors_an_export_still_reads_its_rows_in_chunks(
    django_assert_num_queries,
):
    cast()
    total = Provision.objects.count()
    settings = connection.settings_dict
    before = settings.get("DISABLE_SERVER_SIDE_CURSORS", False)
    settings["DISABLE_SERVER_SIDE_CURSORS"] = True
    try:
        with django_assert_num_queries(1 + 2 * -(-total // 2)):
            streamed = list(Provision.objects.order_by("pk").for_listing().iterator(chunk_size=2))
    finally:
        settings["DISABLE_SERVER_SIDE_CURSORS"] = before
    assert [as_listed(p) for p in streamed] == [as_related(p) for p in streamed]


def test_an_empty_list_costs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert list(Provision.objects.none().for_listing()) == []
        assert list(Provision.objects.filter(pk=0).for_listing()) == []
