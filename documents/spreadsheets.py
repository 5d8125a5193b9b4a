"""What every spreadsheet export of the portal shares: Excel and its CSV counterpart."""

import csv
import io
from datetime import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

# Characters that make a spreadsheet read a cell as a formula: such text is written as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Excel reads a CSV file as the local code page (GBK on a Chinese Windows) unless it starts
# with the UTF-8 byte order mark.
_BOM = "\ufeff"


def excel_instant(instant):
    """An aware instant as a spreadsheet cell holds it: the portal's local time, without a zone
    (Excel has none); None stays an empty cell."""
    return timezone.localtime(instant).replace(tzinfo=None) if instant else None


def keep_text_as_text(sheet):
    """Mark text cells below the header that a spreadsheet would read as a formula as plain text.

    openpyxl stores "=…" as a formula: an entrant's name or title could make an organizer's
    Excel run one.
    """
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"


def sheet_title(title):
    """`title` as Excel accepts a sheet name: none of []:*?/\\ and at most 31 characters."""
    for character in "[]:*?/\\":
        title = title.replace(character, " ")
    return title[:31] or "-"


def add_sheet(workbook, title, header, rows, *, date_format="yyyy-mm-dd hh:mm"):
    """A sheet of `header` and `rows` at the end of `workbook`, as every export lays one out:
    formula-like text kept as text, instants shown with `date_format`, the header frozen."""
    sheet = workbook.create_sheet(title=sheet_title(title))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    keep_text_as_text(sheet)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.is_date:
                cell.number_format = date_format
    sheet.freeze_panes = "A2"
    return sheet


def new_workbook():
    """An empty workbook: openpyxl's default first sheet removed, so sheets come from `add_sheet`.

    openpyxl is imported here: only the process that builds an export pays for it.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content, filename):
    """The workbook's bytes as a download named `filename`."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_cell(value):
    """One value as CSV text: a formula-like text gets a leading apostrophe (a CSV cell has no type
    to mark it as text), an instant becomes local time, None an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_lines(header, rows):
    """The CSV text line by line: the byte order mark and the header first, every cell guarded."""
    writer = csv.writer(_Echo())
    yield _BOM + writer.writerow([csv_cell(title) for title in header])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(header, rows, filename):
    """`header` and `rows` (any iterable, consumed as the download streams) as a CSV download."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def text_safe_row(sheet, values):
    """A row for a write-only sheet (large exports stream rows): formula-like text stays text,
    as `keep_text_as_text` does for a sheet built in memory."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            cell.data_type = "s"
        cells.append(cell)
    return cells
