"""The organizers' Excel export of a list of entries.

openpyxl is imported inside the function: only the worker that builds an export pays for it.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.phone import mask_phone
from documents.spreadsheets import keep_text_as_text

from .models import EntryFile


def _local(instant):
    return timezone.localtime(instant).replace(tzinfo=None) if instant else None


def _file_state(entry, kind):
    current = [f for f in entry.files.all() if f.kind == kind and f.is_current]
    return current[0].get_status_display() if current else _("Missing")


def _header():
    return [
        _("Entry code"),
        _("Display name"),
        _("Work name"),
        _("Track"),
        _("Kind of work"),
        _("Status"),
        _("Entrant"),
        _("Entrant type"),
        _("Type of organisation"),
        _("Organisation"),
        _("Unified social credit code"),
        _("Region"),
        _("Account mobile number"),
        _("Team leader"),
        _("Team leader's mobile number"),
        _("Members"),
        _("Materials"),
        _("Video"),
        _("Keywords"),
        _("Address to download or try the work"),
        _("First submitted at"),
        _("Last submitted at"),
        _("Ground for disqualification"),
        _("Organizer's note"),
    ]


def _row(entry, phone):
    entrant = entry.entrant
    members = list(entrant.members.all())
    leader = next((m for m in members if m.is_leader), None)
    return [
        entry.code,
        entry.display_name,
        entry.title,
        entry.track.name,
        entry.get_kind_display(),
        entry.get_status_display(),
        entrant.name,
        entrant.get_kind_display(),
        entrant.get_organisation_type_display() if entrant.organisation_type else "",
        entrant.organisation,
        entrant.credit_code,
        entrant.region_label,
        phone(entrant.user.phone),
        leader.name if leader else "",
        phone(leader.phone) if leader else "",
        "、".join(m.name for m in members),
        _file_state(entry, EntryFile.Kind.MATERIALS),
        _file_state(entry, EntryFile.Kind.VIDEO),
        entry.keywords,
        entry.product_url,
        _local(entry.first_submitted_at),
        _local(entry.submitted_at),
        entry.get_disqualification_ground_display() if entry.disqualification_ground else "",
        entry.disqualification_note,
    ]


def entry_rows(entries, *, show_personal_data):
    """Header and rows of the export; phones masked unless `show_personal_data`."""
    phone = (lambda value: value or "") if show_personal_data else mask_phone
    return _header(), [_row(entry, phone) for entry in entries]


def entries_workbook(entries, *, show_personal_data):
    """The .xlsx bytes of the entries, one row each, every text cell stored as text."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    header, rows = entry_rows(entries, show_personal_data=show_personal_data)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Entries")[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    keep_text_as_text(sheet)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.is_date:
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
    sheet.freeze_panes = "A2"
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(str(title)) * 2 + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
