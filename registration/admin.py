"""Organizers' view of registration in the Django admin.

Entries are read-only here: their changes go through the services (disqualify, restore),
which keep the history. The list filters by track, status, kind, entrant type, region and
the state of the file checks, and exports what it shows to Excel.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin
from accounts.audience import ORGANIZER, audience
from accounts.phone import mask_phone
from documents.spreadsheets import csv_response, xlsx_response

from . import services
from .admin_filters import FileCheckFilter, RegionFilter
from .exports import entries_workbook, entry_rows
from .forms import DisqualifyForm, RestoreForm
from .id_numbers import decrypt_id_number, mask_id_number
from .models import Entrant, Entry, EntryFile, EntryRevision, RegistrationSettings, TeamMember
from .services.entries import CONSENT_FIELDS, DESCRIPTION_FIELDS

PERSONAL_DATA_PERMISSION = "registration.view_personal_data"


def can_see_personal_data(request):
    return request.user.has_perm(PERSONAL_DATA_PERMISSION)


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "contest",
        "max_entries_total",
        "max_entries_per_track",
        "team_max_members",
        "video_max_seconds",
        "materials_max_bytes",
        "video_max_bytes",
    )


class ReadOnlyInline(admin.TabularInline):
    """Rows shown inside their parent's page, never added or changed there (accounts' ReadOnlyAdmin
    is for whole model admins; Django has no read-only inline to build on)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TeamMemberInline(ReadOnlyInline):
    model = TeamMember
    ordering = ("position",)

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Full phone and ID numbers only with the permission; the choice of method carries it.
        if can_see_personal_data(request):
            personal = ("phone", "id_number_full")
        else:
            personal = ("phone_masked", "id_number_masked")
        return ("position", "is_leader", "name", personal[0], "organisation", "role", personal[1])

    @admin.display(description=_("mobile number"))
    def phone_masked(self, member):
        return mask_phone(member.phone)

    @admin.display(description=_("ID card number"))
    def id_number_full(self, member):
        return decrypt_id_number(member.id_number_encrypted)

    @admin.display(description=_("ID card number"))
    def id_number_masked(self, member):
        return mask_id_number(decrypt_id_number(member.id_number_encrypted))


@admin.register(Entrant)
class EntrantAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "organisation_type", "region", "contest", "created_at")
    list_filter = ("contest", "kind", "organisation_type", "region")
    search_fields = ("name", "organisation", "credit_code", "members__name")
    list_select_related = ("contest",)
    profile_fields = (
        "contest",
        "kind",
        "organisation_type",
        "name",
        "organisation",
        "credit_code",
        "region",
        "province",
        "accepted_rules_at",
        "accepted_privacy_at",
        "created_at",
        "updated_at",
    )
    inlines = [TeamMemberInline]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # The ModelAdmin is shared by every request: the choice of method carries the permission.
        account = "account_full" if can_see_personal_data(request) else "account_masked"
        return (account, *self.profile_fields)

    # Viewing only: entrants change their profile themselves, through the services. Deleting a
    # profile (with its entries) stays with whoever holds the delete permission.
    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    @admin.display(description=_("account"))
    def account_full(self, entrant):
        return f"{entrant.user} ({entrant.user.phone or '—'})"

    @admin.display(description=_("account"))
    def account_masked(self, entrant):
        return f"{entrant.user} ({mask_phone(entrant.user.phone) or '—'})"


class EntryFileInline(ReadOnlyInline):
    model = EntryFile
    fields = (
        "kind",
        "name_and_links",
        "status",
        "verdict_message",
        "detected_type",
        "size",
        "page_count",
        "duration_seconds",
        "is_current",
        "created_at",
    )
    readonly_fields = fields
    ordering = ("kind", "-is_current", "-created_at")

    @admin.display(description=_("file"))
    def name_and_links(self, entry_file):
        """The file and its preview or poster, through the authorising file view."""
        links = [(reverse("registration:file", args=[entry_file.uid]), entry_file.original_name or gettext("file"))]
        if entry_file.preview:
            links.append(
                (reverse("registration:file_variant", args=[entry_file.uid, "preview"]), gettext("PDF preview"))
            )
        if entry_file.poster:
            links.append((reverse("registration:file_variant", args=[entry_file.uid, "poster"]), gettext("poster")))
        return format_html_join(" · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', links)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "display_name",
        "track",
        "kind",
        "entrant_summary",
        "status",
        "materials_ok",
        "video_ok",
        "submitted_on",
    )
    list_display_links = ("code", "display_name")
    list_filter = ("contest", "track", "status", "kind", "entrant__kind", RegionFilter, FileCheckFilter)
    search_fields = ("=code", "title", "display_name", "entrant__name", "entrant__organisation", "keywords")
    search_help_text = _("Code, work name, entrant or keywords.")
    date_hierarchy = "first_submitted_at"
    ordering = ("-first_submitted_at", "-created_at")
    actions = ["disqualify_selected", "restore_selected", "export_selected"]
    change_list_template = "registration/admin/entry_change_list.html"
    inlines = [EntryFileInline]
    fieldsets = (
        (None, {"fields": ("code", "display_name", "contest", "track", "entrant", "status", "kind")}),
        (_("Description"), {"fields": ("title", *DESCRIPTION_FIELDS)}),
        (_("Prototype"), {"fields": ("product_url", "usage_instructions", "keywords")}),
        (_("Consents"), {"fields": CONSENT_FIELDS}),
        (_("Disqualification"), {"fields": ("disqualification_ground", "disqualification_note")}),
        (_("Dates"), {"fields": ("first_submitted_at", "submitted_at", "created_at", "updated_at")}),
        (_("History"), {"fields": ("history",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin_list()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # An entry with a history is never deleted; a draft is deleted by its entrant.
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("registration.change_entry"):
            actions.pop("disqualify_selected", None)
            actions.pop("restore_selected", None)
        return actions

    # Entrant type and region share a column, and the date is short: every column fits 1280 px.
    @admin.display(description=_("entrant"), ordering="entrant__kind")
    def entrant_summary(self, entry):
        return f"{entry.entrant.get_kind_display()} · {entry.entrant.region_label}"

    @admin.display(description=_("first submitted at"), ordering="first_submitted_at")
    def submitted_on(self, entry):
        return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if (at := entry.first_submitted_at) else "—"

    @admin.display(description=_("materials"), boolean=True)
    def materials_ok(self, entry):
        return entry.materials_accepted

    @admin.display(description=_("video"), boolean=True)
    def video_ok(self, entry):
        return entry.video_accepted

    @admin.display(description=_("history"))
    def history(self, entry):
        revisions = list(entry.revisions.select_related("changed_by").order_by("number"))
        if not revisions:
            return gettext("No change since the first submission.")
        rows = []
        previous = {}
        for revision in revisions:
            changed = [
                f"{_field_label(field)}: {_short(previous.get(field))} → {_short(value)}"
                for field, value in revision.snapshot.items()
                if previous and previous.get(field) != value
            ]
            rows.append(
                (
                    revision.number,
                    timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    revision.get_action_display(),
                    str(revision.changed_by or "—"),
                    "; ".join(changed) or "—",
                    revision.note or "",
                )
            )
            previous = revision.snapshot
        header = format_html(
            "<tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            gettext("When"),
            gettext("What"),
            gettext("By"),
            gettext("Changes"),
            gettext("Note"),
        )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html('<table class="entry-history">{}{}</table>', header, body)

    # --- actions with a reason --------------------------------------------------------

    @admin.action(description=_("Disqualify the selected entries…"))
    def disqualify_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            form_class=DisqualifyForm,
            action="disqualify_selected",
            title=gettext("Disqualify entries"),
            apply=lambda entry, data: services.disqualify_entry(
                entry=entry, by=request.user, ground=data["ground"], note=data["note"]
            ),
            done=lambda count: ngettext("%(count)d entry disqualified.", "%(count)d entries disqualified.", count),
        )

    @admin.action(description=_("Restore the selected disqualified entries…"))
    def restore_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            form_class=RestoreForm,
            action="restore_selected",
            title=gettext("Restore entries"),
            apply=lambda entry, data: services.restore_entry(entry=entry, by=request.user, note=data["note"]),
            done=lambda count: ngettext("%(count)d entry restored.", "%(count)d entries restored.", count),
        )

    def _decide(self, request, queryset, *, form_class, action, title, apply, done):
        """Ask for the reason on an intermediate page, then apply the service to each entry."""
        if "confirm" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                count = 0
                for entry in queryset:
                    try:
                        apply(entry, form.cleaned_data)
                    except (ValidationError, PermissionDenied) as exc:
                        for message in getattr(exc, "messages", [str(exc)]):
                            self.message_user(request, f"{entry.code}: {message}", messages.ERROR)
                    else:
                        count += 1
                if count:
                    self.message_user(request, done(count) % {"count": count}, messages.SUCCESS)
                return None
        else:
            form = form_class()
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "entries": queryset,
            "action": action,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "registration/admin/entry_decision.html", context)

    # --- Excel export ---------------------------------------------------------------------

    @admin.action(description=_("Export the selected entries to Excel"))
    def export_selected(self, request, queryset):
        return self._export(request, queryset)

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("export/", export, name="registration_entry_export"),
            path("export.csv", export, {"fmt": "csv"}, name="registration_entry_export_csv"),
            *super().get_urls(),
        ]

    @audience(ORGANIZER)
    def export_view(self, request, fmt="xlsx"):
        """The changelist as filtered and searched (same query string), as an Excel or CSV file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._export(request, self.get_changelist_instance(request).get_queryset(request), fmt)

    def _export(self, request, queryset, fmt="xlsx"):
        entries = queryset.select_related("entrant__user", "track").prefetch_related("entrant__members", "files")
        personal, stamp = can_see_personal_data(request), timezone.localtime().strftime("%Y%m%d-%H%M")
        if fmt == "csv":
            return csv_response(*entry_rows(entries, show_personal_data=personal), f"entries-{stamp}.csv")
        return xlsx_response(entries_workbook(entries, show_personal_data=personal), f"entries-{stamp}.xlsx")


def _field_label(name):
    field = next((f for f in Entry._meta.fields if f.name == name), None)
    return capfirst(field.verbose_name) if field else name


def _short(value, limit=60):
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@admin.register(EntryRevision)
class EntryRevisionAdmin(ReadOnlyAdmin):
    list_display = ("entry", "number", "action", "changed_by", "created_at")
    list_filter = ("action",)
    search_fields = ("=entry__code", "entry__display_name")
    list_select_related = ("entry", "changed_by")
    readonly_fields = ("entry", "number", "action", "changed_by", "created_at", "note", "snapshot")
