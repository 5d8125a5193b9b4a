from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from contest.signals import demo_loaded

        from . import demo

        demo_loaded.connect(demo.load_policy_demo, dispatch_uid="awards.policy_demo_loaded")
