from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from awards.models import LoanApplication, LoanPolicy, Partner, Recommendation, RecommendationConsent
from awards.queries import consenting_entries, entrant_consents
from awards.services import (
    apply_for_loan,
    recommend_entry,
    refer_loan_application,
    set_recommendation_consent,
    update_recommendation,
    withdraw_loan_application,
)
from tests.awards.factories import (
    LoanApplicationFactory,
    PartnerFactory,
    RecommendationFactory,
    SubmittedEntryFactory,
    plan_limits,
)
from tests.factories import EntrantFactory, EntrantUserFactory, OrganizerUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def organizer():
    return OrganizerUserFactory()


@pytest.fixture
def entry(contest):
    return SubmittedEntryFactory(entrant__contest=contest)


@pytest.fixture
def partner(contest):
    return PartnerFactory(contest=contest)


def test_entry_form_consent_allows_a_recommendation(entry, partner, organizer):
    recommendation = recommend_entry(entry=entry, partner=partner, by=organizer, notes="优秀")
    assert (recommendation.status, recommendation.notes, recommendation.created_by) == (
        "recommended",
        "优秀",
        organizer,
    )


def test_no_consent_on_the_entry_form_refuses_a_recommendation(contest, partner, organizer):
    entry = SubmittedEntryFactory(entrant__contest=contest, consent_recommendation=False)
    with pytest.raises(ValidationError) as refused:
        recommend_entry(entry=entry, partner=partner, by=organizer)
    assert refused.value.messages == ["The entrant has not consented to recommendation."]
    assert not Recommendation.objects.exists()


def test_withdrawn_consent_stops_new_recommendations(entry, partner, organizer, contest):
    recommend_entry(entry=entry, partner=partner, by=organizer)
    set_recommendation_consent(entrant=entry.entrant, given=False, by=entry.entrant.user)
    other = PartnerFactory(contest=contest)
    with pytest.raises(ValidationError):
        recommend_entry(entry=entry, partner=other, by=organizer)
    assert list(Recommendation.objects.values_list("partner", flat=True)) == [partner.pk]
    assert list(consenting_entries(contest)) == []


def test_consent_given_on_the_dashboard_overrides_the_entry_form(contest, partner, organizer):
    entry = SubmittedEntryFactory(entrant__contest=contest, consent_recommendation=False)
    set_recommendation_consent(entrant=entry.entrant, given=True, by=entry.entrant.user)
    assert recommend_entry(entry=entry, partner=partner, by=organizer).entry == entry


def test_consent_history_is_kept(entry):
    user = entry.entrant.user
    set_recommendation_consent(entrant=entry.entrant, given=False, by=user)
    set_recommendation_consent(entrant=entry.entrant, given=True, by=user, share_contact=True)
    rows = list(RecommendationConsent.objects.filter(entrant=entry.entrant).values_list("given", "share_contact"))
    assert rows == [(True, True), (False, False)]
    assert entrant_consents(entry.entrant) is True


def test_withdrawal_never_shares_contact_details(entry):
    row = set_recommendation_consent(entrant=entry.entrant, given=False, by=entry.entrant.user, share_contact=True)
    assert (row.given, row.share_contact) == (False, False)


def test_only_the_entrant_sets_consent(entry, organizer):
    with pytest.raises(PermissionDenied):
        set_recommendation_consent(entrant=entry.entrant, given=False, by=organizer)
    assert not RecommendationConsent.objects.exists()


def test_only_organizers_recommend(entry, partner):
    with pytest.raises(PermissionDenied):
        recommend_entry(entry=entry, partner=partner, by=entry.entrant.user)


def test_an_entry_goes_to_a_partner_once(entry, partner, organizer):
    recommend_entry(entry=entry, partner=partner, by=organizer)
    with pytest.raises(ValidationError) as refused:
        recommend_entry(entry=entry, partner=partner, by=organizer)
    assert refused.value.messages == ["This entry has already been recommended to this partner."]


def test_withdrawn_entry_is_not_recommended(contest, partner, organizer):
    entry = SubmittedEntryFactory(entrant__contest=contest, status="withdrawn")
    with pytest.raises(ValidationError):
        recommend_entry(entry=entry, partner=partner, by=organizer)


def test_partner_of_another_contest_is_refused(entry, organizer):
    with pytest.raises(ValidationError):
        recommend_entry(entry=entry, partner=PartnerFactory(contest__is_current=False), by=organizer)


def test_recommendation_moves_along_its_steps(organizer):
    recommendation = RecommendationFactory()
    update_recommendation(recommendation=recommendation, status="in_contact", notes="已对接", by=organizer)
    update_recommendation(recommendation=recommendation, status="supported", notes="已支持", by=organizer)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.notes) == ("supported", "已支持")


def test_recommendation_does_not_go_back(organizer):
    recommendation = RecommendationFactory(status="declined")
    with pytest.raises(ValidationError) as refused:
        update_recommendation(recommendation=recommendation, status="in_contact", notes="", by=organizer)
    assert refused.value.messages == ["A recommendation cannot go from “Declined” to “In contact”."]


# --- Loans


@pytest.fixture
def entrant(contest):
    plan_limits(contest)
    return EntrantFactory(contest=contest)


def apply(entrant, applicant_type, people, amount):
    return apply_for_loan(
        entrant=entrant, applicant_type=applicant_type, partners_count=people, amount=Decimal(amount), by=entrant.user
    )


def test_loan_at_the_individual_limit_is_recorded(entrant):
    application = apply(entrant, "individual", 1, "200000")
    assert (application.status, application.amount, application.partners_count) == (
        "submitted",
        Decimal("200000"),
        1,
    )


def test_loan_one_yuan_over_the_individual_limit_is_refused(entrant):
    with pytest.raises(ValidationError) as refused:
        apply(entrant, "individual", 1, "200001")
    assert refused.value.messages == ["¥200,001 is more than the limit of ¥200,000."]
    assert not LoanApplication.objects.exists()


def test_six_partners_at_the_per_person_limit_are_refused_by_the_total(entrant):
    with pytest.raises(ValidationError) as refused:
        apply(entrant, "partnership", 6, "1320000")
    assert refused.value.messages == ["¥1,320,000 is more than the total limit of ¥1,300,000."]


def test_an_individual_counts_as_one_person(entrant):
    assert apply(entrant, "individual", 4, "1000").partners_count == 1


def test_only_the_entrant_applies(entrant):
    with pytest.raises(PermissionDenied):
        apply_for_loan(
            entrant=entrant, applicant_type="individual", partners_count=1, amount=Decimal(1), by=EntrantUserFactory()
        )


def test_referral_goes_to_a_bank(entrant, organizer):
    application = apply(entrant, "individual", 1, "150000")
    bank = Partner.objects.get(contest=entrant.contest, kind="bank")
    refer_loan_application(application=application, partner=bank, by=organizer)
    application.refresh_from_db()
    assert (application.status, application.referred_to) == ("referred", bank)
    assert application.referred_at is not None


def test_referral_to_a_department_is_refused(entrant, organizer):
    application = apply(entrant, "individual", 1, "150000")
    with pytest.raises(ValidationError) as refused:
        refer_loan_application(application=application, partner=PartnerFactory(contest=entrant.contest), by=organizer)
    assert refused.value.messages == ["Loan applications are referred to banks only."]


def test_only_organizers_refer(entrant):
    application = apply(entrant, "individual", 1, "150000")
    bank = Partner.objects.get(contest=entrant.contest, kind="bank")
    with pytest.raises(PermissionDenied):
        refer_loan_application(application=application, partner=bank, by=entrant.user)


def test_withdrawn_application_is_not_referred(entrant, organizer):
    application = withdraw_loan_application(application=apply(entrant, "individual", 1, "1000"), by=entrant.user)
    bank = Partner.objects.get(contest=entrant.contest, kind="bank")
    with pytest.raises(ValidationError):
        refer_loan_application(application=application, partner=bank, by=organizer)


def test_setup_policy_loads_the_plan_once(contest):
    call_command("setup_policy")
    LoanPolicy.objects.filter(applicant_type="individual").update(per_person_limit=Decimal("250000"))
    call_command("setup_policy")
    limits = {p.applicant_type: (p.per_person_limit, p.total_limit) for p in LoanPolicy.objects.filter(contest=contest)}
    assert limits == {
        "individual": (Decimal("250000"), None),
        "partnership": (Decimal("220000"), Decimal("1300000")),
        "small_micro_firm": (None, Decimal("3000000")),
    }
    assert list(Partner.objects.values_list("name", "kind", "is_cohost")) == [("中国建设银行河北省分行", "bank", True)]


def test_loan_application_factory_is_valid():
    assert LoanApplicationFactory().status == "submitted"


def test_demo_loads_policy_data_at_promotion(contest):
    from awards.demo import load_demo_data

    organizer = OrganizerUserFactory()
    entrant = EntrantFactory(contest=contest)
    SubmittedEntryFactory(entrant=entrant)
    users = {"organizer": organizer, "entrant1": entrant.user}
    for _ in range(2):
        load_demo_data(None, contest=contest, stage="promotion", users=users)
    assert Recommendation.objects.filter(entry__entrant=entrant).count() == 1
    assert list(LoanApplication.objects.values_list("status", flat=True)) == ["referred"]
    assert LoanPolicy.objects.filter(contest=contest).count() == 3


def test_demo_before_promotion_loads_only_the_limits(contest):
    from awards.demo import load_demo_data

    load_demo_data(None, contest=contest, stage="registration", users={"organizer": OrganizerUserFactory()})
    assert (LoanPolicy.objects.count(), Partner.objects.count(), LoanApplication.objects.count()) == (3, 1, 0)
