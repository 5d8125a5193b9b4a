"""The entry list as organizers export it: the Excel file and the CSV, with and without personal data."""

import io

from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import EntrantFactory, EntryFactory

CHANGELIST = "admin:registration_entry_changelist"


# --- Excel export ----------------------------------------------------------------------------


def read_sheet(response):
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_admin_export_filtered_list_leaves_contacts_out_without_permission(org_client, submitted, assorted):
    rows = read_sheet(org_client.get(reverse("admin:registration_entry_export"), {"status__exact": "submitted"}))
    header, body = rows[0], rows[1:]
    assert sorted(row[0] for row in body) == sorted([submitted.code, assorted["complete"].code])
    assert len(header) == len(body[0])
    flat = " ".join(str(value) for row in body for value in row)
    assert "138****8000" not in flat
    assert "13800138000" not in flat


def test_admin_export_gives_everyone_the_descriptions(org_client, submitted):
    submitted.summary = "一句话简介"
    submitted.scenario = "政务大厅"
    submitted.save(update_fields=["summary", "scenario"])
    org_client.cookies["django_language"] = "en"
    rows = read_sheet(org_client.get(reverse("admin:registration_entry_export")))
    row = dict(zip(rows[0], rows[1], strict=True))

    assert row["Summary"] == "一句话简介"
    assert row["Application scenario"] == "政务大厅"
    assert "Usage instructions" in row


def test_admin_export_with_permission_has_the_contact_columns(org_client, organizer, submitted):
    organizer.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    submitted.entrant.user.email = "zhang@example.com"
    submitted.entrant.user.save(update_fields=["email"])
    org_client.cookies["django_language"] = "en"
    rows = read_sheet(org_client.get(reverse("admin:registration_entry_export")))
    row = dict(zip(rows[0], rows[1], strict=True))

    assert row["Account mobile number"] == "+8613800138000"
    assert row["Team leader's mobile number"] == "+8613800138000"
    assert row["Account email"] == "zhang@example.com"


def test_admin_export_writes_formulas_as_text(org_client, contest, track):
    entrant = EntrantFactory(contest=contest, name='=HYPERLINK("http://evil.example","x")')
    EntryFactory(entrant=entrant, track=track, title="@SUM(1+1)", display_name="=1+1")
    from openpyxl import load_workbook

    response = org_client.get(reverse("admin:registration_entry_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    risky = [cell for cell in cells if cell.value.startswith(("=", "@"))]
    assert len(risky) == 3
    assert all(cell.data_type == "s" for cell in risky)


def test_admin_export_action_on_selection(org_client, assorted):
    response = org_client.post(
        reverse(CHANGELIST), {"action": "export_selected", "_selected_action": [assorted["refused"].pk]}
    )
    rows = read_sheet(response)
    assert [row[0] for row in rows[1:]] == [assorted["refused"].code]


# --- CSV export ------------------------------------------------------------------------------


def test_admin_csv_export_is_the_filtered_list_without_contact_columns(org_client, submitted, assorted):
    from tests.helpers import read_csv

    rows = read_csv(org_client.get(reverse("admin:registration_entry_export_csv"), {"status__exact": "submitted"}))
    header, body = rows[0], rows[1:]
    assert sorted(row[0] for row in body) == sorted([submitted.code, assorted["complete"].code])
    assert len(header) == len(body[0])
    flat = " ".join(value for row in body for value in row)
    # Without the personal-data permission the contact columns are left out, as in the Excel file.
    assert "138****8000" not in flat
    assert "13800138000" not in flat


def test_admin_csv_export_keeps_formulas_as_text(org_client, contest, track):
    from tests.helpers import read_csv

    entrant = EntrantFactory(contest=contest, name='=HYPERLINK("http://evil.example","x")')
    EntryFactory(entrant=entrant, track=track, title="@SUM(1+1)", display_name="=1+1")
    rows = read_csv(org_client.get(reverse("admin:registration_entry_export_csv")))
    cells = [value for row in rows[1:] for value in row]
    assert "'=1+1" in cells
    assert "'@SUM(1+1)" in cells
    assert not any(value.startswith(("=", "@", "+")) for value in cells)


def test_admin_changelist_links_the_csv_export(org_client, submitted):
    listing = org_client.get(reverse(CHANGELIST), {"status__exact": "submitted"}).content.decode()
    assert f'href="{reverse("admin:registration_entry_export_csv")}?status__exact=submitted"' in listing
