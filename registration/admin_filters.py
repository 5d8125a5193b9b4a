"""The admin entries list's own filters: the state of the file checks, and the region."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contest.models import Region


class FileCheckFilter(admin.SimpleListFilter):
    title = _("file checks")
    parameter_name = "files"

    def lookups(self, request, model_admin):
        return [
            ("complete", _("Both files accepted")),
            ("checking", _("A file is waiting or being checked")),
            ("refused", _("A file was refused")),
            ("missing", _("A file is missing")),
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.with_file_state(self.value())
        return queryset


class RegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        # Regions are data of each contest: one choice per code, named as its first contest names it.
        return list({r.code: (r.code, r.tr("name")) for r in Region.objects.order_by("-contest_id", "order")}.values())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(entrant__region=self.value())
        return queryset
