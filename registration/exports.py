"""The organizers' Excel export of a list of entries.

openpyxl is imported inside the function: only the worker that builds an export pays for it.
"""

from django.utils.translation import gettext as _

from documents.spreadsheets import add_sheet, excel_instant, new_workbook, workbook_bytes

from .models import EntryFile


def _file_state(entry, kind):
    current = [f for f in entry.files.all() if f.kind == kind and f.is_current]
    return current[0].get_status_display() if current else _("Missing")


def _columns(show_personal_data):
    """(title, value of an entry) for each column; phones and email only with the permission."""
    columns = [
        (_("Entry code"), lambda e, c: e.code),
        (_("Display name"), lambda e, c: e.display_name),
        (_("Work name"), lambda e, c: e.title),
        (_("Track"), lambda e, c: str(e.track)),
        (_("Kind of work"), lambda e, c: e.get_kind_display()),
        (_("Status"), lambda e, c: e.get_status_display()),
        (_("Entrant"), lambda e, c: e.entrant.name),
        (_("Entrant type"), lambda e, c: e.entrant.get_kind_display()),
        (
            _("Type of organisation"),
            lambda e, c: e.entrant.get_organisation_type_display() if e.entrant.organisation_type else "",
        ),
        (_("Organisation"), lambda e, c: e.entrant.organisation),
        (_("Unified social credit code"), lambda e, c: e.entrant.credit_code),
        (_("Region"), lambda e, c: e.entrant.region_label),
        (_("Team leader"), lambda e, c: c["leader"].name if c["leader"] else ""),
    ]
    if show_personal_data:
        columns += [
            (_("Account mobile number"), lambda e, c: e.entrant.user.phone or ""),
            (_("Account email"), lambda e, c: e.entrant.user.email),
            (_("Team leader's mobile number"), lambda e, c: c["leader"].phone if c["leader"] else ""),
        ]
    columns += [
        (_("Members"), lambda e, c: "、".join(m.name for m in c["members"])),
        (_("Materials"), lambda e, c: _file_state(e, EntryFile.Kind.MATERIALS)),
        (_("Video"), lambda e, c: _file_state(e, EntryFile.Kind.VIDEO)),
        (_("Keywords"), lambda e, c: e.keywords),
        (_("Summary"), lambda e, c: e.summary),
        (_("Application scenario"), lambda e, c: e.scenario),
        (_("Problem or pain point solved"), lambda e, c: e.problem),
        (_("Data used"), lambda e, c: e.data_used),
        (_("Results achieved or expected"), lambda e, c: e.results),
        (_("Address to download or try the work"), lambda e, c: e.product_url),
        (_("Usage instructions"), lambda e, c: e.usage_instructions),
        (_("First submitted at"), lambda e, c: excel_instant(e.first_submitted_at)),
        (_("Last submitted at"), lambda e, c: excel_instant(e.submitted_at)),
        (
            _("Ground for disqualification"),
            lambda e, c: e.get_disqualification_ground_display() if e.disqualification_ground else "",
        ),
        (_("Organizer's note"), lambda e, c: e.disqualification_note),
    ]
    return columns


def _cells(entry, columns):
    members = list(entry.entrant.members.all())
    context = {"members": members, "leader": next((m for m in members if m.is_leader), None)}
    return [value(entry, context) for _title, value in columns]


def entry_rows(entries, *, show_personal_data):
    """Header and rows of the export: every description for everyone; the entrant's phone
    numbers and email only with `show_personal_data` (the personal-data permission)."""
    columns = _columns(show_personal_data)
    return [title for title, _value in columns], [_cells(entry, columns) for entry in entries]


def entries_workbook(entries, *, show_personal_data):
    """The .xlsx bytes of the entries, one row each, every text cell stored as text."""
    from openpyxl.utils import get_column_letter

    header, rows = entry_rows(entries, show_personal_data=show_personal_data)
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Entries"), header, rows, date_format="yyyy-mm-dd hh:mm:ss")
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(str(title)) * 2 + 4))
    return workbook_bytes(workbook)
