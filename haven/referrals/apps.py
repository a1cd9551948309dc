from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "haven.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from haven.cases import panels
        from haven.referrals import actions, home, panel, receivers  # noqa: F401  (registers)

        panels.register("referrals", panel.provider, order=50)
        home.register()
