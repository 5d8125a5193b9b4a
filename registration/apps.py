from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Registration")

    def ready(self):
        from contest.signals import demo_loaded

        from . import demo

        demo_loaded.connect(demo.load_demo_data, dispatch_uid="registration.demo_loaded")
