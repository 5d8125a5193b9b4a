from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Contest")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Region
        from .queries import forget_region_names

        # Lists of entrants read region names from the cache: a change shows at once.
        post_save.connect(forget_region_names, sender=Region, dispatch_uid="contest.region_saved")
        post_delete.connect(forget_region_names, sender=Region, dispatch_uid="contest.region_deleted")
