"""The spreadsheet exports: Excel sheets laid out one way, and their CSV counterpart: text Excel
opens as UTF-8, and no cell it would run as a formula."""

import csv
import io
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from documents.spreadsheets import add_sheet, csv_cell, csv_response, new_workbook, workbook_bytes
from tests.helpers import read_csv


def test_formula_like_text_is_kept_as_text_and_numbers_as_numbers():
    for risky in ("=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(risky) == "'" + risky
    assert csv_cell("数据团队+作品") == "数据团队+作品"
    assert csv_cell(-5) == "-5"
    assert csv_cell(Decimal("-1.50")) == "-1.50"
    assert csv_cell(None) == ""


def test_instants_are_written_in_local_time():
    instant = datetime(2026, 5, 1, 0, 30, tzinfo=timezone.get_fixed_timezone(0))
    assert csv_cell(instant) == "2026-05-01 08:30:00"  # Asia/Shanghai
    assert csv_cell(datetime(2026, 5, 1, 8, 30)) == "2026-05-01 08:30:00"


def test_the_download_starts_with_the_bom_and_reads_back_in_chinese():
    response = csv_response(["名称", "票数"], iter([['=HYPERLINK("x")', 3], ["智慧政务, 第二期", 2]]), "t.csv")
    rows = read_csv(response)
    assert rows == [["名称", "票数"], ['\'=HYPERLINK("x")', "3"], ["智慧政务, 第二期", "2"]]


def test_rows_are_read_as_the_download_streams():
    consumed = []

    def rows():
        for n in range(3):
            consumed.append(n)
            yield [n]

    response = csv_response(["n"], rows(), "t.csv")
    assert consumed == []  # nothing read before the response is sent
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body))) == [["n"], ["0"], ["1"], ["2"]]


def test_a_sheet_keeps_formulas_as_text_shows_dates_and_freezes_its_header():
    workbook = new_workbook()
    add_sheet(workbook, "Prizes: 1/2 [draft]", ["Name", "At"], [["=HYPERLINK(1)", datetime(2022, 8, 26, 9, 30)]])
    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active

    assert workbook.sheetnames == ["Prizes  1 2  draft "]
    assert [cell.value for cell in sheet[2]] == ["=HYPERLINK(1)", datetime(2022, 8, 26, 9, 30)]
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet.freeze_panes == "A2"
