from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "haven.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from haven.stats import actions, aggregates, home  # noqa: F401  (registers audit codes)

        aggregates.register()
        aggregates.register_shelters()
        home.register()
