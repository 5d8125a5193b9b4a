from datetime import timedelta

from django.utils import timezone

from contest.models import Contest
from contest.services import publish_review_committee
from tests.factories import ContestFactory


def test_publish_review_committee_stamps_only_private_lists(db):
    earlier = timezone.now() - timedelta(days=10)
    private = ContestFactory()
    public = ContestFactory(is_current=False, review_committee_published_at=earlier)
    before = timezone.now()

    count = publish_review_committee(contests=Contest.objects.filter(pk__in=[private.pk, public.pk]))

    private.refresh_from_db()
    public.refresh_from_db()
    assert count == 1
    assert before <= private.review_committee_published_at <= timezone.now()
    assert public.review_committee_published_at == earlier


def test_publish_review_committee_leaves_other_contests_alone(db):
    chosen, other = ContestFactory(), ContestFactory(is_current=False)

    count = publish_review_committee(contests=Contest.objects.filter(pk=chosen.pk))

    other.refresh_from_db()
    assert count == 1
    assert other.review_committee_published_at is None
