from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts.code_sms import register_code_sender
        from accounts.services import register_personal_data

        from . import checks  # noqa: F401 - registers the system checks
        from .services import erase_personal_data, export_personal_data, queue_code_sms

        register_personal_data("sms_messages", export=export_personal_data, erase=erase_personal_data)
        register_code_sender(queue_code_sms)
