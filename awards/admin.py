"""Organizers' view of the awards in the Django admin.

Award types, certificate templates, partners and loan limits are data edited here. Awards, consents, recommendations
and loan applications are read-only: they change through the organizers' pages and the
entrant's dashboard (awards.services), which log every change and check consent and limits.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin

from . import services
from .models import (
    Award,
    AwardType,
    Certificate,
    CertificateTemplate,
    LoanApplication,
    LoanPolicy,
    Partner,
    Recommendation,
    RecommendationConsent,
)


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "contest", "scope", "count", "prize_money", "show_prize_money", "order"]
    list_filter = ["contest", "scope"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["award_type", "track", "place", "entry", "status", "published_at"]
    list_filter = ["contest", "status", "award_type"]
    list_select_related = ["award_type", "track", "entry"]
    search_fields = ["entry__display_name", "entry__code"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_cohost", "contact", "contest")
    list_filter = ("contest", "kind", "is_cohost")
    search_fields = ("name", "name_en", "contact")


@admin.register(LoanPolicy)
class LoanPolicyAdmin(admin.ModelAdmin):
    list_display = ("applicant_type", "per_person_limit", "total_limit", "contest")
    list_filter = ("contest",)


@admin.register(RecommendationConsent)
class RecommendationConsentAdmin(ReadOnlyAdmin):
    list_display = ("entrant", "given", "share_contact", "at", "by")
    list_filter = ("given", "entrant__contest")
    list_select_related = ("entrant", "by")
    search_fields = ("entrant__name",)


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("entry", "partner", "status", "created_by", "created_at", "updated_at")
    list_filter = ("status", "partner")
    list_select_related = ("entry", "partner", "created_by")
    search_fields = ("entry__display_name", "partner__name")


@admin.register(LoanApplication)
class LoanApplicationAdmin(ReadOnlyAdmin):
    list_display = ("entrant", "applicant_type", "partners_count", "amount", "status", "referred_to", "created_at")
    list_filter = ("status", "applicant_type", "entrant__contest")
    list_select_related = ("entrant", "referred_to")
    search_fields = ("entrant__name",)


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
