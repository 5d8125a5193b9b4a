"""The organizers' export of the votes, CSV and Excel: every vote with the phone's keyed hash,
never the number; formula-like names stay text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import EntrantUserFactory
from tests.helpers import entrant_login, read_csv, staff_login
from tests.voting.helpers import make_voter, spread_phone
from voting.services import cast_vote
from voting.voters import phone_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(context, finalists):
    phones = [spread_phone(n) for n in range(3)]
    for phone in phones:
        cast_vote(finalist_code=finalists[0].code, voter=make_voter(phone), ip="36.110.1.23", context=context)
    cast_vote(finalist_code=finalists[2].code, voter=make_voter(phones[0]), ip="36.110.1.23", context=context)
    return phones


def _flat(rows):
    return " ".join(str(value) for row in rows for value in row)


def test_the_csv_holds_every_vote_with_the_phone_hash_only(client, organizer, finalists, cast):
    staff_login(client, organizer)
    rows = read_csv(client.get(reverse("voting:organize:export_csv"), HTTP_ACCEPT_LANGUAGE="en"))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Cast at", "Day", "Entry code", "Display name", "Phone (keyed hash)"]
    assert len(body) == 4
    assert sorted(row[2] for row in body) == sorted([finalists[0].code] * 3 + [finalists[2].code])
    assert {row[4] for row in body} == {phone_hash(phone) for phone in cast}
    flat = _flat(body)
    for phone in cast:
        assert phone not in flat
        assert phone[-8:] not in flat


def test_the_excel_file_holds_the_same_votes(client, organizer, finalists, cast):
    finalists[0].display_name = "=HYPERLINK(1)"
    finalists[0].save(update_fields=["display_name"])
    staff_login(client, organizer)
    response = client.get(reverse("voting:organize:export_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    body = list(sheet.iter_rows(min_row=2))
    assert len(body) == 4
    assert {row[4].value for row in body} == {phone_hash(phone) for phone in cast}
    assert all(phone not in _flat([[c.value for c in row] for row in body]) for phone in cast)
    risky = [row[3] for row in body if row[3].value == "=HYPERLINK(1)"]
    assert len(risky) == 3
    assert all(cell.data_type == "s" for cell in risky)


def test_entrants_cannot_export_votes(client, cast):
    entrant_login(client, EntrantUserFactory())
    assert client.get(reverse("voting:organize:export_csv")).status_code == 404
    assert client.get(reverse("voting:organize:export_xlsx")).status_code == 404
