from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Contest")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .figures import schedule_panel, sms_panel
        from .home import register_home_panel
        from .models import Region
        from .queries import forget_region_names

        # The stage apps add theirs (registration 20, files 30, judging 40, voting 50; the
        # bulletins waiting to be published take 60) from their own ready().
        register_home_panel(key="schedule", order=10, build=schedule_panel)
        register_home_panel(key="sms", order=70, build=sms_panel)
        # Lists of entrants read region names from the cache: a change shows at once.
        post_save.connect(forget_region_names, sender=Region, dispatch_uid="contest.region_saved")
        post_delete.connect(forget_region_names, sender=Region, dispatch_uid="contest.region_deleted")
