from datetime import timedelta

from django.utils import timezone, translation

from contest.admin import unpublished_review_committee_warning
from contest.models import Stage
from tests.factories import ContestFactory, StageFactory


def contest_with_preliminary(starts_in):
    contest = ContestFactory()
    now = timezone.now()
    StageFactory(
        contest=contest,
        kind=Stage.Kind.PRELIMINARY,
        starts_at=now + starts_in,
        ends_at=now + starts_in + timedelta(days=14),
    )
    return contest


def test_warns_when_preliminary_started_and_committee_unpublished(db):
    contest = contest_with_preliminary(-timedelta(hours=1))

    with translation.override("en"):
        warning = str(unpublished_review_committee_warning(contest))

    assert warning.startswith(f"The preliminary selection of “{contest.short_name}” has started")


def test_warns_a_week_ahead_of_the_preliminary(db):
    contest = contest_with_preliminary(timedelta(days=3))

    with translation.override("en"):
        warning = str(unpublished_review_committee_warning(contest))

    assert "starts on" in warning
    assert "not published yet" in warning


def test_no_warning_long_before_the_preliminary(db):
    contest = contest_with_preliminary(timedelta(days=30))

    assert unpublished_review_committee_warning(contest) is None


def test_no_warning_once_published(db):
    contest = contest_with_preliminary(-timedelta(days=1))
    contest.review_committee_published_at = timezone.now() - timedelta(days=10)
    contest.save(update_fields=["review_committee_published_at"])

    assert unpublished_review_committee_warning(contest) is None


def test_no_warning_without_a_preliminary(db):
    assert unpublished_review_committee_warning(ContestFactory()) is None
