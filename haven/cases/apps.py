from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "haven.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from haven.cases import actions, home  # noqa: F401  (registers audit action codes)

        home.register()
