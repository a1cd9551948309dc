from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "haven.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from haven.screening import actions, home  # noqa: F401  (registers audit action codes)

        home.register()
