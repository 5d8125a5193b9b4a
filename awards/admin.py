from django.contrib import admin

from .models import Award, AwardType

# --- allocation


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "contest", "scope", "count", "prize_money", "show_prize_money", "order"]
    list_filter = ["contest", "scope"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Read-only: awards change through the organizer's pages, which log every change."""

    list_display = ["award_type", "track", "place", "entry", "status", "published_at"]
    list_filter = ["contest", "status", "award_type"]
    list_select_related = ["award_type", "track", "entry"]
    search_fields = ["entry__display_name", "entry__code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
