"""A CSV beside each Excel export of awards: the awards, what partners receive, the loan referrals."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.awards.factories import ConfirmedAwardFactory, LoanApplicationFactory, RecommendationFactory, plan_limits
from tests.factories import EntrantFactory, EntryFactory, OrganizerUserFactory
from tests.helpers import read_csv, staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client):
    return staff_login(client, OrganizerUserFactory())


def test_the_awards_csv_lists_each_award(organizer_client, contest):
    entrant = EntrantFactory(contest=contest, name="=cmd")
    award = ConfirmedAwardFactory(entry=EntryFactory(entrant=entrant, display_name="=cmd+作品"))
    rows = read_csv(organizer_client.get(reverse("awards:organize:export_csv"), HTTP_ACCEPT_LANGUAGE="en"))
    assert rows[0][:4] == ["Award", "Track", "Place", "Display name"]
    assert [row[0] for row in rows[1:]] == [award.award_type.name]
    assert rows[1][3] == "'=cmd+作品"


def test_the_recommendations_csv_holds_every_partner_in_one_table(organizer_client, contest):
    first = RecommendationFactory(entry__entrant__contest=contest)
    second = RecommendationFactory(entry__entrant__contest=contest)
    rows = read_csv(organizer_client.get(reverse("awards:organize:recommendations_export_csv")))
    assert sorted(row[0] for row in rows[1:]) == sorted([first.partner.name, second.partner.name])
    only = read_csv(
        organizer_client.get(reverse("awards:organize:recommendations_export_csv"), {"partner": first.partner.pk})
    )
    assert [row[2] for row in only[1:]] == [first.entry.code]


def test_the_loans_csv_holds_the_referred_applications(organizer_client, contest):
    plan_limits(contest)
    bank = contest.partners.get(kind="bank")
    LoanApplicationFactory(entrant__contest=contest, status="referred", referred_to=bank, referred_at=timezone.now())
    rows = read_csv(organizer_client.get(reverse("awards:organize:loans_export_csv")))
    assert len(rows) == 2
    assert rows[1][0] == bank.name
