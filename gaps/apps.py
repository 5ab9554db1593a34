from django.apps import AppConfig


class GapsConfig(AppConfig):
    name = "gaps"
    verbose_name = "Gap analysis"

    def ready(self) -> None:
        from . import signals

        signals.connect()
