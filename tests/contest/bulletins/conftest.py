"""Fixtures of the bulletin tests: an edition whose registration has closed, with two tracks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contest.models import Stage
from tests.factories import OrganizerUserFactory, StageFactory, contest_at


@pytest.fixture(autouse=True)
def _fresh_vote_context(settings):
    settings.VOTE_CONTEXT_TTL = 0


@pytest.fixture
def contest(db):
    """Registration ran from 40 days ago until yesterday; the preliminary round is open."""
    now = timezone.now()
    contest = contest_at(Stage.Kind.REGISTRATION, starts=-timedelta(days=40), ends=-timedelta(days=1))
    StageFactory(
        contest=contest,
        kind=Stage.Kind.PRELIMINARY,
        starts_at=now - timedelta(hours=20),
        ends_at=now + timedelta(days=9),
    )
    return contest


@pytest.fixture
def registration(contest):
    return contest.stages.get(kind=Stage.Kind.REGISTRATION)


@pytest.fixture
def organizer(db):
    return OrganizerUserFactory(username="organizer")
