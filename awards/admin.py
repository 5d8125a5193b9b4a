from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Certificate, CertificateTemplate

# --- certificates


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(admin.ModelAdmin):
    list_display = ["contest", "issued_on", "show_english", "per_member"]
    fieldsets = [
        (None, {"fields": ["contest", "issuers", "issued_on", "per_member"]}),
        (_("Images"), {"fields": ["background", "seal"]}),
        (_("Wording"), {"fields": ["wording_zh", "show_english", "wording_en"]}),
    ]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "holder_name", "award", "status", "attempts", "rendered_at"]
    list_filter = ["status", "award__contest"]
    list_select_related = ["award__award_type", "award__entry"]
    search_fields = ["code", "holder_name", "award__entry__display_name"]
    readonly_fields = [
        "award",
        "member",
        "holder_name",
        "member_names",
        "code",
        "file",
        "status",
        "attempts",
        "last_error",
        "issued_on",
        "rendered_at",
    ]
    actions = ["render_again"]

    def has_add_permission(self, request):
        return False  # issued by the service, from a confirmed award

    @admin.action(description=_("Render the failed certificates of their contests again"))
    def render_again(self, request, queryset):
        contests = {certificate.award.contest for certificate in queryset.select_related("award__contest")}
        count = sum(services.render_again(contest=contest, by=request.user) for contest in contests)
        messages.success(request, _("%(count)d certificates are being rendered again.") % {"count": count})
