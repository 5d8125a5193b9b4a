"""Organizers' admin for judging: judges and their conflicts, rounds with their criteria, the log.

Rounds are edited here until scoring starts, then read-only (settings, criteria, panel).
Conflicts are recorded through the service, which recuses the judge from matching entries.
The judging log can be read and searched, never changed. Running a round (assignment,
progress, ranking, advancement) happens on the organizer pages under /organize/judging/.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin

from . import services
from .models import AuditRecord, Conflict, Criterion, JudgeProfile, Round
from .services.common import number


class ConflictInline(admin.TabularInline):
    model = Conflict
    extra = 0
    can_delete = False
    fields = ("entry", "entrant", "organisation", "credit_code", "reason", "declared_by", "created_at")
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JudgeProfile)
class JudgeProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "organisation", "contest", "user")
    list_filter = ("contest", "tracks")
    search_fields = ("name", "organisation", "user__username", "user__phone")
    raw_id_fields = ("user", "committee_member")
    filter_horizontal = ("tracks",)
    inlines = [ConflictInline]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    """New conflicts go through `record_conflict`, which recuses the judge where they match."""

    list_display = ("judge", "entry", "entrant", "organisation", "credit_code", "created_at", "declared_by")
    list_filter = ("judge__contest",)
    search_fields = ("judge__name", "organisation", "entry__code", "entrant__name")
    raw_id_fields = ("judge", "entry", "entrant")
    fields = ("judge", "entry", "entrant", "organisation", "credit_code", "reason")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.record_conflict(
            judge=data["judge"],
            by=request.user,
            reason=data["reason"],
            entry=data.get("entry"),
            entrant=data.get("entrant"),
            organisation=data.get("organisation", ""),
            credit_code=data.get("credit_code", ""),
        )
        obj.pk = saved.pk


class CriterionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [form.cleaned_data for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        total = sum((data["weight"] for data in kept), Decimal(0))
        if kept and total != 100:
            raise ValidationError(
                _("The weights of the criteria add up to %(sum)s; they must add up to 100.") % {"sum": number(total)}
            )


class CriterionInline(admin.TabularInline):
    model = Criterion
    formset = CriterionFormSet
    extra = 0
    fields = (
        "order",
        "name",
        "name_en",
        "weight",
        "min_score",
        "max_score",
        "tie_break_rank",
        "description",
        "description_en",
    )

    def _frozen(self, obj):
        return obj is not None and obj.is_frozen

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "stage",
            "track",
            "panel",
            "judges_per_entry",
            "max_load",
            "blind",
            "peer_scores",
            "aggregation",
            "disagreement_spread",
            "advancement_rule",
            "advance_count",
            "advance_threshold",
        ]

    def clean(self):
        data = super().clean()
        stage, track = data.get("stage"), data.get("track")
        if stage and track and track.contest_id != stage.contest_id:
            raise ValidationError({"track": _("The track must belong to the contest of the stage.")})
        return data


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    form = RoundForm
    list_display = (
        "__str__",
        "stage",
        "judges_per_entry",
        "blind",
        "aggregation",
        "scoring_started_at",
        "advanced_at",
        "results_released_at",
        "run_link",
    )
    list_filter = ("stage__contest", "stage__kind", "blind")
    filter_horizontal = ("panel",)
    inlines = [CriterionInline]
    readonly_fields = ("code", "scoring_started_at", "advanced_at", "advanced_by", "results_released_at", "released_by")
    fieldsets = (
        (None, {"fields": ("code", "stage", "track", "panel")}),
        (_("Assignment"), {"fields": ("judges_per_entry", "max_load")}),
        (_("Scoring"), {"fields": ("blind", "peer_scores", "aggregation", "disagreement_spread")}),
        (_("Advancement"), {"fields": ("advancement_rule", "advance_count", "advance_threshold")}),
        (
            _("State"),
            {"fields": ("scoring_started_at", "advanced_at", "advanced_by", "results_released_at", "released_by")},
        ),
    )

    @admin.display(description=_("Run"))
    def run_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("judging:organize:round", args=[obj.code]), _("Run the round")
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            # Frozen: every setting, and the panel, as they were when scoring started.
            return [
                f.name for f in Round._meta.get_fields() if getattr(f, "editable", False) and not f.auto_created
            ] + list(self.readonly_fields)
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_frozen) and super().has_delete_permission(request, obj)


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ("seq", "created_at", "action", "actor", "round_code", "entry_code", "judge_id", "reason")
    list_filter = ("action",)
    search_fields = ("round_code", "entry_code", "actor", "hash")
    ordering = ("-seq",)
