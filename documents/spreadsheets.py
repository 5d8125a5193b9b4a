"""What every Excel export of the portal shares."""

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters that make a spreadsheet read a cell as a formula: such text is written as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
