"""Moving the assessment models from gaps to provisions keeps every row of a database that
was filled at the old revision: the tables, their history and the editors' permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gaps.roles import EDITORS
from provisions.models import Coverage, ThreatCategory

BEFORE = [("gaps", "0003_history"), ("provisions", "0004_provision_search_vector")]
TABLES = [
    "gaps_capability",
    "gaps_threatcategory",
    "gaps_threatcategory_capabilities",
    "gaps_coverage",
    "gaps_historicalcoverage",
    "gaps_historicalthreatcategory",
]


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_the_shipped_corpus_and_what_was_written_at_the_old_revision():
    call_command("load_corpus", "--force", verbosity=0)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    # Back to the revision where gaps owned the models, and write there with its models.
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    OldCategory = old.get_model("gaps", "ThreatCategory")
    OldCoverage = old.get_model("gaps", "Coverage")
    OldProvision = old.get_model("provisions", "Provision")
    category = OldCategory.objects.create(slug="old-revision", name="Old", definition="Old.")
    OldCoverage.objects.create(
        provision=OldProvision.objects.order_by("pk").first(),
        category=category,
        level="indirect",
        rationale="Written before the move.",
    )
    coverage_type = ContentType.objects.get(app_label="gaps", model="coverage")
    before = _row_counts()
    assert before["gaps_coverage"] > 100  # the shipped corpus is there

    _migrate(latest)

    assert _row_counts() == before
    assert ThreatCategory.objects.filter(slug="old-revision").exists()
    assert Coverage.objects.filter(rationale="Written before the move.").count() == 1
    assert Coverage.objects.count() == before["gaps_coverage"]
    moved = ContentType.objects.get_for_model(Coverage)
    assert (moved.pk, moved.app_label) == (coverage_type.pk, "provisions")
    assert not ContentType.objects.filter(app_label="gaps", model="coverage").exists()
    change = Permission.objects.get(content_type=moved, codename="change_coverage")
    assert Group.objects.get(name=EDITORS).permissions.filter(pk=change.pk).exists()
