from __future__ import annotations

import pytest

from tests.gaps.matrix_builders import Known, known_corpus


@pytest.fixture
def known(db) -> Known:
    return known_corpus()
