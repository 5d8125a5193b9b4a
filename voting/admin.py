"""Organizers' view of the public vote in the Django admin.

Settings and API clients are edited here. Votes, clusters, decisions, penalties and the
confirmed result are read-only: they change through the voting page's decisions
(voting.services), which keep the log.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin

from .models import ApiClient, Decision, FlagCluster, Penalty, PopularityResult, PopularityWinner, Vote, VoteSettings
from .queries import forget_contexts


@admin.register(VoteSettings)
class VoteSettingsAdmin(admin.ModelAdmin):
    list_display = ("contest", "votes_per_phone_per_day", "counts_visibility", "award_size", "ip_captcha_after")
    readonly_fields = ("counts_published_at", "voting_page")
    fieldsets = (
        (None, {"fields": ("contest", "voting_page")}),
        (_("Limits"), {"fields": ("votes_per_phone_per_day", "ip_captcha_after", "ip_refuse_after")}),
        (_("Counts and award"), {"fields": ("counts_visibility", "counts_published_at", "award_size")}),
        (
            _("Fraud rules"),
            {
                "fields": (
                    "burst_window_minutes",
                    "burst_ip_votes",
                    "burst_network_votes",
                    "device_max_phones",
                    "sequential_min_phones",
                    ("night_starts_hour", "night_ends_hour"),
                    "night_min_votes",
                    "jump_min_votes",
                    "jump_factor",
                )
            },
        ),
        (_("Penalties"), {"fields": ("penalty_ladder",)}),
    )

    @admin.display(description=_("voting page"))
    def voting_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("voting:organize:dashboard"), _("Open the organizers' page"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # This process sees the change at once; the others within VOTE_CONTEXT_TTL seconds.
        forget_contexts()


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "token_prefix", "is_active", "requests_per_minute", "created_at")
    list_filter = ("is_active",)
    readonly_fields = ("token_prefix", "created_at")
    fields = ("name", "is_active", "requests_per_minute", "token_prefix", "created_at")

    def save_model(self, request, obj, form, change):
        token = None
        if not change:
            token = obj.set_new_token()
        super().save_model(request, obj, form, change)
        if token:
            messages.warning(
                request,
                format_html(
                    _("The token of {name} is <code>{token}</code>. Copy it now: it is not shown again."),
                    name=obj.name,
                    token=token,
                ),
            )


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "entry", "status", "reason", "ip", "channel", "slot")
    list_filter = ("status", "channel", "day", "entry__track")
    search_fields = ("entry__code", "entry__display_name", "ip", "device_id", "phone_hash")
    list_select_related = ("entry",)
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(FlagCluster)
class FlagClusterAdmin(ReadOnlyAdmin):
    list_display = ("rule", "key", "day", "status", "created_at", "review_link")
    list_filter = ("rule", "status", "day")
    search_fields = ("key",)

    @admin.display(description=_("review"))
    def review_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("voting:organize:cluster", args=[obj.pk]), _("Review"))


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "cluster", "entry", "votes_changed", "decided_by", "reason")
    list_filter = ("action",)
    list_select_related = ("cluster", "entry", "decided_by")


@admin.register(Penalty)
class PenaltyAdmin(ReadOnlyAdmin):
    list_display = ("entry", "step", "kind", "created_at")
    list_filter = ("kind",)
    list_select_related = ("entry",)


class PopularityWinnerInline(admin.TabularInline):
    model = PopularityWinner
    extra = 0
    can_delete = False
    fields = ("rank", "entry", "votes")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PopularityResult)
class PopularityResultAdmin(ReadOnlyAdmin):
    list_display = ("contest", "award_size", "confirmed_at")
    inlines = [PopularityWinnerInline]
