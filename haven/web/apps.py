from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "haven.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from haven.web import foundation

        foundation.register()
