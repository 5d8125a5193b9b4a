from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.models import LoanApplication, Recommendation, RecommendationConsent
from tests.awards.factories import (
    LoanApplicationFactory,
    PartnerFactory,
    RecommendationFactory,
    SubmittedEntryFactory,
    plan_limits,
)
from tests.factories import EntrantFactory, EntrantUserFactory, OrganizerUserFactory
from tests.helpers import entrant_login, staff_login

pytestmark = pytest.mark.django_db

ENTRANT_PAGES = ["awards:consent", "awards:loan"]
ORGANIZER_PAGES = [
    "awards:organize:recommendations",
    "awards:organize:loans",
    "awards:organize:recommendations_export",
    "awards:organize:loans_export",
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("name", ENTRANT_PAGES + ORGANIZER_PAGES)
def test_anonymous_is_sent_to_sign_in(client, contest, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ORGANIZER_PAGES)
def test_entrant_does_not_see_organizer_pages(client, contest, name):
    entrant_login(client, EntrantFactory(contest=contest).user)
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", ENTRANT_PAGES)
def test_account_without_profile_gets_404(client, contest, name):
    entrant_login(client, EntrantUserFactory())
    assert client.get(reverse(name)).status_code == 404


def test_another_entrants_application_answers_404(client, contest):
    application = LoanApplicationFactory(entrant__contest=contest)
    entrant_login(client, EntrantFactory(contest=contest).user)
    response = client.post(reverse("awards:loan_withdraw", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"


def test_entrant_withdraws_consent_from_the_dashboard(client, contest):
    entry = SubmittedEntryFactory(entrant__contest=contest)
    entrant_login(client, entry.entrant.user)
    page = client.get(reverse("awards:consent"))
    assert 'data-consent="given"' in page.content.decode()
    response = client.post(reverse("awards:consent"), {"given": "0"})
    assert response.status_code == 302
    assert list(RecommendationConsent.objects.values_list("given", flat=True)) == [False]
    assert 'data-consent="withdrawn"' in client.get(reverse("awards:consent")).content.decode()


def test_entrant_sees_the_limits_and_applies(client, contest):
    plan_limits(contest)
    entrant = EntrantFactory(contest=contest)
    entrant_login(client, entrant.user)
    page = client.get(reverse("awards:loan")).content.decode()
    assert ["¥200,000" in page, "¥1,300,000" in page, "¥3,000,000" in page] == [True, True, True]
    response = client.post(
        reverse("awards:loan"), {"applicant_type": "individual", "partners_count": 1, "amount": "200000"}
    )
    assert response.status_code == 302
    assert list(LoanApplication.objects.values_list("entrant", "amount")) == [(entrant.pk, Decimal("200000"))]


def test_over_the_limit_shows_the_reason(client, contest):
    plan_limits(contest)
    entrant_login(client, EntrantFactory(contest=contest).user)
    response = client.post(
        reverse("awards:loan"), {"applicant_type": "partnership", "partners_count": 6, "amount": "1320000"}
    )
    assert response.status_code == 200
    assert "¥1,320,000超过了总额度¥1,300,000。" in response.content.decode()
    assert not LoanApplication.objects.exists()


def test_organizer_recommends_a_consenting_entry(client, contest):
    entry = SubmittedEntryFactory(entrant__contest=contest)
    partner = PartnerFactory(contest=contest)
    staff_login(client, OrganizerUserFactory())
    response = client.post(reverse("awards:organize:recommend"), {"entry": entry.code, "partner": partner.pk})
    assert response.status_code == 302
    assert list(Recommendation.objects.values_list("entry", "partner")) == [(entry.pk, partner.pk)]


def test_organizer_updates_a_recommendation(client, contest):
    recommendation = RecommendationFactory(entry__entrant__contest=contest)
    staff_login(client, OrganizerUserFactory())
    client.post(
        reverse("awards:organize:recommendation_update", args=[recommendation.pk]),
        {"status": "in_contact", "notes": "已电话沟通"},
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.notes) == ("in_contact", "已电话沟通")


def test_organizer_refers_to_the_bank(client, contest):
    plan_limits(contest)
    application = LoanApplicationFactory(entrant__contest=contest)
    bank = contest.partners.get(kind="bank")
    staff_login(client, OrganizerUserFactory())
    client.post(reverse("awards:organize:loan_refer", args=[application.pk]), {"partner": bank.pk})
    application.refresh_from_db()
    assert (application.status, application.referred_to) == ("referred", bank)


def test_exports_are_excel_files(client, contest):
    staff_login(client, OrganizerUserFactory())
    for name in ("awards:organize:recommendations_export", "awards:organize:loans_export"):
        response = client.get(reverse(name))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content[:2] == b"PK"


def test_export_of_an_unknown_partner_answers_404(client, contest):
    staff_login(client, OrganizerUserFactory())
    assert client.get(reverse("awards:organize:recommendations_export") + "?partner=x").status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_recommendations_page_queries_do_not_grow(client, contest):
    partner = PartnerFactory(contest=contest)
    staff_login(client, OrganizerUserFactory())
    url = reverse("awards:organize:recommendations")
    RecommendationFactory(entry__entrant__contest=contest, partner=partner)
    one = _count(client, url)
    for _ in range(2):
        RecommendationFactory(entry__entrant__contest=contest, partner=partner)
    assert contest.entries.count() == 3
    assert _count(client, url) == one


def test_loans_page_queries_do_not_grow(client, contest):
    plan_limits(contest)
    staff_login(client, OrganizerUserFactory())
    url = reverse("awards:organize:loans")
    LoanApplicationFactory(entrant__contest=contest)
    one = _count(client, url)
    LoanApplicationFactory(entrant__contest=contest)
    LoanApplicationFactory(
        entrant__contest=contest,
        status="referred",
        referred_to=contest.partners.get(),
        referred_at="2027-07-01T10:00:00+08:00",
    )
    assert _count(client, url) == one
