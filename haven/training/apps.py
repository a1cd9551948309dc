from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "haven.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from haven.training import actions, home  # noqa: F401  (registers audit codes)

        home.register()
