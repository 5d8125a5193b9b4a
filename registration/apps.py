from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Registration")

    def ready(self):
        from accounts.services import register_key_rotation, register_personal_data
        from contest.areas import register_organizer_area
        from contest.bulletins.registry import register_bulletin_section
        from contest.home import register_home_panel
        from contest.signals import demo_loaded

        # The tasks module registers the tasks by name: the services queue the file check
        # through Celery's registry in every process, the web one included.
        from . import demo, reports, tasks  # noqa: F401
        from .figures import files_panel, registration_panel
        from .services.personal_data import erase_personal_data, export_personal_data, rotate_id_numbers

        register_bulletin_section(key="registration", figures=reports.bulletin_figures, order=10)

        demo_loaded.connect(demo.load_demo_data, dispatch_uid="registration.demo_loaded")
        register_home_panel(key="registration", order=20, build=registration_panel)
        register_home_panel(key="files", order=30, build=files_panel)
        register_organizer_area(
            label=_("SMS notices"),
            description=_("Send an approved SMS notice to all entrants, a track's or a round's advanced list."),
            url_name="registration:organize:notices",
            order=15,
        )
        # "Download my data" and "delete my account" cover profiles, teams and entries.
        register_personal_data("registration", export=export_personal_data, erase=erase_personal_data)
        register_key_rotation("registration.id_numbers", rotate_id_numbers)
