from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "haven.shelters"
    label = "shelters"
    verbose_name = _("Shelters")

    def ready(self) -> None:
        from haven.cases import panels
        from haven.shelters import actions, home, panel, receivers  # noqa: F401  (registers)

        panels.register("shelters", panel.provider, order=60)
        home.register()
