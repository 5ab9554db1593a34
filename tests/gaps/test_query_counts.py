"""Matrix pages and API answers issue a constant number of queries at two data sizes.

The bulk data of each size is built once for the whole module, not once per page.
"""

from __future__ import annotations

import pytest

from tests.conftest import remove_all_data
from tests.gaps.matrix_builders import bulk_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", params=[1, 10], ids=["size-1", "size-10"])
def size(request, django_db_setup, django_db_blocker):
    """Size 1: 3 instruments, 2 categories, 12 assessments; size 10: 30, 20, 12,000."""
    n = request.param
    with django_db_blocker.unblock():
        bulk_corpus(instruments=3 * n, categories=2 * n, provisions=2 * n)
        yield n
        remove_all_data()


# Each bound is the worst case, a cold matrix cache. A matrix costs four queries
# (categories, cells aggregated with MAX, their provision labels, the closest assessments
# of gap rows); every page also reads the data version and the published instruments, and
# the matrix page the corpus release. VERDICTS: the claims whose verdicts mark contested
# rows and cells (one query with no claims; see tests/gaps/test_position_views.py for more).
# STATES: the States of the matrix page's State picker; EVENTS: a category page's events.
VERDICTS = STATES = EVENTS = 1
PAGES = [
    ("/", 3 + 4 + VERDICTS + STATES),
    ("/?scope=all", 3 + 4 + VERDICTS + STATES),
    ("/?instruments=inst-0,inst-1,inst-2", 3 + 4 + VERDICTS + STATES),
    # The drafts scope, the in-force scope, and in force plus the draft compared.
    ("/?scope=drafts&compare=inst-1", 3 + 3 * 4 + VERDICTS + STATES),
    # One matrix per scope.
    ("/gaps/", 3 + 3 * 4),
    # The category and its capabilities, the coverages, and one matrix per scope.
    ("/gaps/cat-0/", 2 + 2 + 1 + 3 * 4 + VERDICTS),
    # The category, the instrument, the coverages, the data version and the claims.
    ("/gaps/cat-0/inst-0/", 3 + 1 + VERDICTS),
    # Data version, published instruments, release, and one matrix of four queries.
    ("/api/matrix.json?scope=all", 3 + 4 + VERDICTS),
    # Two more matrices: the in-force scope, and it plus the draft compared.
    ("/api/matrix.json?scope=all&compare=inst-1", 3 + 3 * 4 + VERDICTS),
    # No release.
    ("/api/matrix.csv?scope=all", 2 + 4 + VERDICTS),
    # The evidence filter changes which assessments count, not the number of queries.
    ("/?evidence=official", 3 + 4 + VERDICTS + STATES),
    ("/?scope=drafts&evidence=verbatim&compare=inst-1", 3 + 3 * 4 + VERDICTS + STATES),
    ("/?instruments=inst-0,inst-1&evidence=official", 3 + 4 + VERDICTS + STATES),
    ("/gaps/?evidence=verbatim", 3 + 3 * 4),
    # With a filter the category page computes one matrix more (three queries since the
    # evidence work: levels and evidence in one grouped query): the unfiltered one.
    ("/gaps/cat-0/?evidence=official", 2 + 2 + 1 + 4 * 3 + VERDICTS + EVENTS),
    ("/api/matrix.json?scope=all&evidence=official&compare=inst-1", 3 + 3 * 4 + VERDICTS),
    ("/api/matrix.csv?scope=drafts&evidence=verbatim", 2 + 4 + VERDICTS),
    # The pages as data: the same queries as the page, or fewer.
    ("/gaps/?format=json", 3 + 3 * 4),
    ("/gaps/?format=csv", 3 + 3 * 4),
    ("/gaps/cat-0/?format=json", 2 + 2 + 1 + 3 * 4 + EVENTS),
    ("/gaps/cat-0/?format=csv", 2 + 2 + 1 + 3 * 4),
    ("/gaps/cat-0/inst-0/?format=json", 3),
    ("/gaps/cat-0/inst-0/?format=csv", 3),
    ("/api/matrix.csv?compare=inst-1", 2 + 3 * 4 + VERDICTS),
]


@pytest.mark.parametrize(("url", "bound"), PAGES)
def test_pages_issue_a_constant_number_of_queries(
    client, django_assert_max_num_queries, url, bound, size
):
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    data = client.get("/api/matrix.json?scope=all").json()
    assert (len(data["instruments"]), len(data["categories"])) == (3 * size, 2 * size)


def test_cached_matrix_page_needs_two_queries(client, django_assert_max_num_queries, size):
    client.get("/")
    # The data version and the corpus release.
    with django_assert_max_num_queries(2):
        assert client.get("/").status_code == 200
