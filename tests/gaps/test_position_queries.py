"""The positions pages issue a constant number of queries whatever the data size."""

from __future__ import annotations

import pytest

from tests.gaps.matrix_builders import bulk_corpus
from tests.positions.builders import bulk_positions

pytestmark = pytest.mark.django_db

# Cold caches. VERDICTS: the claims, their assertions, the instruments they name, and the
# assessments of the categories they speak about; every page also reads the data version.
VERDICTS = 4
PAGES = [
    # The positions with their claims counted.
    ("/positions/", 1 + VERDICTS + 1),
    ("/positions/?format=json", 1 + VERDICTS + 1),
    # The position and its claims.
    ("/positions/bulk-0/", 1 + VERDICTS + 2),
    ("/positions/bulk-0/?format=csv", 1 + VERDICTS + 2),
    # The claims, and the choices of the position, category and instrument filters.
    ("/claims/", 1 + VERDICTS + 1 + 3),
    # Each filter value is looked up once to validate it.
    (
        "/claims/?position=bulk-0&category=cat-0&instrument=inst-0&verdict=partly",
        1 + VERDICTS + 4 + 3,
    ),
    ("/claims/?category=cat-1&format=json", 1 + VERDICTS + 2),
]


@pytest.mark.parametrize(("url", "bound"), PAGES)
@pytest.mark.parametrize("size", [1, 10])
def test_position_pages_issue_a_constant_number_of_queries(
    client, django_assert_max_num_queries, url, bound, size
):
    bulk_corpus(instruments=3 * size, categories=2 * size, provisions=2 * size)
    bulk_positions(positions=2 * size, claims_each=2 * size)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    listed = client.get("/claims/?format=json").json()["claims"]
    assert len(listed) == 2 * size * 2 * size


@pytest.mark.parametrize("size", [1, 10])
def test_claims_of_a_category_page_come_from_the_cached_verdicts(
    client, django_assert_max_num_queries, size
):
    bulk_corpus(instruments=3 * size, categories=2 * size, provisions=2 * size)
    bulk_positions(positions=2 * size, claims_each=2 * size)
    client.get("/gaps/cat-0/inst-0/")
    # The category, the instrument, the coverages and the data version.
    with django_assert_max_num_queries(4):
        response = client.get("/gaps/cat-0/inst-0/")
    assert response.content.decode().count("Claim 0.") == 2 * size
