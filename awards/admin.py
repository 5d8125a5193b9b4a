"""Organizers' view of the awards in the Django admin.

Award types, partners and loan limits are data edited here. Awards, consents, recommendations
and loan applications are read-only: they change through the organizers' pages and the
entrant's dashboard (awards.services), which log every change and check consent and limits.
"""

from django.contrib import admin

from accounts.admin import ReadOnlyAdmin

from .models import Award, AwardType, LoanApplication, LoanPolicy, Partner, Recommendation, RecommendationConsent


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
