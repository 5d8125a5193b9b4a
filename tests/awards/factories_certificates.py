"""Factories of the certificates' tests: confirmed awards of entries, and certificate rows.

AwardType and Award here are the smallest that certificates need; the allocation's factories
may replace them.
"""

import factory
from django.utils import timezone

from tests.factories import EntryFactory


class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.AwardType"

    contest = factory.SubFactory("tests.factories.ContestFactory")
    name = factory.Sequence(lambda n: f"一等奖{n}")
    name_en = factory.Sequence(lambda n: f"First Prize {n}")
    order = factory.Sequence(int)
    scope = "per_track"
    count = 1
    certificate_wording = "特发此证，以资鼓励。"
    certificate_wording_en = "In recognition of outstanding work."


class ConfirmedAwardFactory(factory.django.DjangoModelFactory):
    """A confirmed award of a team's entry; the team's members come with `members=n`."""

    class Meta:
        model = "awards.Award"

    entry = factory.SubFactory(EntryFactory)
    contest = factory.LazyAttribute(lambda o: o.entry.contest)
    award_type = factory.SubFactory(AwardTypeFactory, contest=factory.SelfAttribute("..contest"))
    track = factory.LazyAttribute(lambda o: o.entry.track)
    place = 1
    status = "confirmed"
    confirmed_at = factory.LazyFunction(timezone.now)


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.CertificateTemplate"
        django_get_or_create = ["contest"]

    contest = factory.SubFactory("tests.factories.ContestFactory")
    issuers = "河北省数据应用创新大赛组委会\n河北省数据和政务服务局"
    wording_zh = "经大赛评审委员会评定，荣获"
    wording_en = "is awarded, by decision of the jury,"
    show_english = True


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row as issue_certificates writes it, not yet rendered."""

    class Meta:
        model = "awards.Certificate"

    award = factory.SubFactory(ConfirmedAwardFactory)
    holder_name = factory.LazyAttribute(lambda o: o.award.entry.entrant.name)
