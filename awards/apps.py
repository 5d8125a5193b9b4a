from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # The tasks module registers the tasks by name: the services queue the certificate
        # rendering by that name.
        from . import tasks  # noqa: F401
