from __future__ import annotations

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def repair_search_index(sender, using: str = "default", **kwargs) -> None:
    """After `migrate` on SQLite, re-create full-text triggers a table copy may have dropped."""
    # Late imports: the app registry is still loading when this module is imported.
    from .multilingual_search import repair_sqlite_index as repair_texts_index
    from .search import repair_sqlite_index

    repair_sqlite_index(connections[using])
    repair_texts_index(connections[using])


class ProvisionsConfig(AppConfig):
    name = "provisions"
    verbose_name = "Provisions"

    def ready(self) -> None:
        post_migrate.connect(repair_search_index, sender=self)
