from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.gaps.matrix_builders import Known, known_corpus


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with a cold matrix cache; the cache tests warm it themselves."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def known(db) -> Known:
    return known_corpus()
