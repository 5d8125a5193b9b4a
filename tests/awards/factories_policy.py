"""Factories of policy support: partners, loan limits, recommendations, loan applications."""

from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import ContestFactory, EntrantFactory, EntryFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    """A government department of the contest; pass kind="bank" for a bank."""

    class Meta:
        model = "awards.Partner"

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"河北省合作单位{n}")
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    kind = "department"


class SubmittedEntryFactory(EntryFactory):
    """A submitted entry whose entry form gave consent to recommendation."""

    status = "submitted"
    consent_recommendation = True
    first_submitted_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.Recommendation"

    entry = factory.SubFactory(SubmittedEntryFactory)
    partner = factory.SubFactory(PartnerFactory, contest=factory.SelfAttribute("..entry.contest"))


class LoanApplicationFactory(factory.django.DjangoModelFactory):
    """An individual's application for ¥100,000, not yet referred."""

    class Meta:
        model = "awards.LoanApplication"

    entrant = factory.SubFactory(EntrantFactory)
    applicant_type = "individual"
    partners_count = 1
    amount = Decimal("100000")


def plan_limits(contest):
    """The plan's three loan policy rows for `contest` (and the co-hosting bank)."""
    from awards.services import set_up_policy

    set_up_policy(contest=contest)
    return contest
