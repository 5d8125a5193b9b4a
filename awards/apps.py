from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from contest.areas import register_organizer_area
        from contest.results import register_result_links
        from contest.signals import demo_loaded
        from registration.panels import register_dashboard_panel

        # The tasks module registers the tasks by name: the services queue the certificate
        # rendering by that name.
        from . import demo, tasks  # noqa: F401
        from .dashboard import entrant_panel, result_links

        register_organizer_area(
            label=_("Awards"),
            description=_(
                "Prizes by quota from the final ranking: proposal, ties, confirmation, revocation, publishing."
            ),
            url_name="awards:organize:index",
            order=40,
        )
        register_dashboard_panel(key="awards", order=10, render=entrant_panel)
        register_result_links(key="awards", links=result_links)
        demo_loaded.connect(demo.load_demo_data, dispatch_uid="awards.demo_loaded")
