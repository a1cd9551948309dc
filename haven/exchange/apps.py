from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "haven.exchange"
    label = "exchange"
    verbose_name = _("Cross-border cooperation")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from haven.cases import panels, timeline
        from haven.cases.models import Consent
        from haven.cases.signals import person_erased
        from haven.exchange import actions, home, panel, signals  # noqa: F401  (audit codes)
        from haven.exchange import timeline as exchange_timeline

        panels.register("exchange", panel.provider, order=60)
        timeline.register("exchange", exchange_timeline.items)
        post_save.connect(signals.consent_saved, sender=Consent, dispatch_uid="exchange.consent")
        person_erased.connect(signals.person_erased, dispatch_uid="exchange.person_erased")
        home.register()
