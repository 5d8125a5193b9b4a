from datetime import timedelta

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin

from . import services
from .models import Announcement, CommitteeMember, Contest, Region, Stage, StageTransition, Track
from .schedule import Schedule

# How long before the preliminary starts the admin begins to remind organizers.
REVIEW_COMMITTEE_REMINDER = timedelta(days=7)


def unpublished_review_committee_warning(contest, now=None):
    """The warning text when the review committee is still private near or after the preliminary start."""
    now = now or timezone.now()
    if contest.review_committee_is_public(now):
        return None
    preliminary = Schedule.for_contest(contest).stage(Stage.Kind.PRELIMINARY)
    if preliminary is None or preliminary.starts_at - REVIEW_COMMITTEE_REMINDER > now:
        return None
    if preliminary.starts_at <= now:
        return _(
            "The preliminary selection of “%(contest)s” has started but the review committee list "
            "is not published. The rules require it to be public before the preliminary starts."
        ) % {"contest": contest.short_name}
    return _(
        "The preliminary selection of “%(contest)s” starts on %(date)s and the review committee "
        "list is not published yet."
    ) % {"contest": contest.short_name, "date": timezone.localtime(preliminary.starts_at).date()}


class WarnUnpublishedCommitteeMixin:
    def changelist_view(self, request, extra_context=None):
        for contest in Contest.objects.filter(is_current=True):
            warning = unpublished_review_committee_warning(contest)
            if warning:
                messages.warning(request, warning)
        return super().changelist_view(request, extra_context)


class TrackInline(admin.StackedInline):
    model = Track
    extra = 0


class RegionInline(admin.TabularInline):
    model = Region
    extra = 0
    fields = ("code", "name", "name_en", "order")


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("kind", "starts_at", "ends_at")


@admin.register(Contest)
class ContestAdmin(WarnUnpublishedCommitteeMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "is_current", "review_committee_published_at")
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = [TrackInline, RegionInline, StageInline]
    actions = ["publish_review_committee"]
    fieldsets = (
        (
            None,
            {"fields": ("name", "name_en", "short_name", "short_name_en", "slug", "slogan", "slogan_en", "is_current")},
        ),
        (
            _("Organisers"),
            {"fields": ("hosts", "hosts_en", "supporting_units", "supporting_units_en", "contact", "contact_en")},
        ),
        (
            _("Texts"),
            {"fields": ("introduction", "introduction_en", "rules_text", "rules_text_en", "ip_terms", "ip_terms_en")},
        ),
        (_("Review committee"), {"fields": ("review_committee_published_at",)}),
    )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        previous = None if change else services.carry_over_regions(contest=form.instance)
        if previous is not None:
            messages.info(
                request,
                _("The regions of %(previous)s were copied to this edition: check them below.")
                % {"previous": previous},
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        contest = self.get_object(request, object_id)
        if contest is not None and request.method == "GET":
            warning = unpublished_review_committee_warning(contest)
            if warning:
                messages.warning(request, warning)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Publish the review committee list now"))
    def publish_review_committee(self, request, queryset):
        count = services.publish_review_committee(contests=queryset, by=request.user)
        self.message_user(request, _("Review committee published for %(count)d contest(s).") % {"count": count})


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(WarnUnpublishedCommitteeMixin, admin.ModelAdmin):
    list_display = ("name", "committee", "role", "title", "organisation", "order", "contest")
    list_filter = ("contest", "committee", "role")
    list_editable = ("order",)
    search_fields = ("name", "organisation")


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("kind", "contest", "starts_at", "ends_at")
    list_filter = ("contest", "kind")


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ("title", "contest", "published_at", "code")
    list_filter = ("contest",)
    search_fields = ("title", "body")
    date_hierarchy = "published_at"


@admin.register(StageTransition)
class StageTransitionAdmin(ReadOnlyAdmin):
    list_display = ("stage", "event", "at", "recorded_at")
    list_filter = ("event",)
