"""What every spreadsheet export of the portal shares: Excel and its CSV counterpart."""

import csv
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


def keep_text_as_text(sheet):
    """Mark text cells below the header that a spreadsheet would read as a formula as plain text.

    openpyxl stores "=…" as a formula: an entrant's name or title could make an organizer's
    Excel run one.
    """
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"


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
