from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "contest.bulletins"
    label = "bulletins"
    verbose_name = _("Work bulletins")

    def ready(self):
        from contest.areas import register_organizer_area
        from contest.home import register_home_panel
        from contest.signals import demo_loaded, stage_changed

        # The tasks module registers the build task by name: the receiver queues it by that name.
        from . import demo, receivers, tasks  # noqa: F401
        from .figures import bulletins_panel

        register_organizer_area(
            label=_("Work bulletins"),
            description=_("The bulletin of each stage: figures, charts and PDF, reviewed and published."),
            url_name="bulletins:organize:list",
            order=50,
        )
        register_home_panel(key="bulletins", order=60, build=bulletins_panel)
        stage_changed.connect(receivers.on_stage_changed, dispatch_uid="bulletins.stage_changed")
        # Connected last of all apps (this one is last in INSTALLED_APPS): the demo's stages have
        # their data before their bulletins are built.
        demo_loaded.connect(demo.load_demo_data, dispatch_uid="bulletins.demo_loaded")
