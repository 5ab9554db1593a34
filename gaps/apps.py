from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GapsConfig(AppConfig):
    name = "gaps"
    verbose_name = "Gap analysis"

    def ready(self) -> None:
        from . import signals

        signals.connect()
        from .roles import ensure_roles_after_migrate

        # gaps is the last project app to migrate, so every permission exists by then.
        post_migrate.connect(ensure_roles_after_migrate, sender=self)
