"""Fixtures of the voting tests: an edition whose public vote is open, finalists, a clean live store.

With REDIS_URL set the live store is Redis, under a key prefix of the test's own that is
removed afterwards; without it counts come from the rows and meters from the cache.
"""

import uuid
from datetime import timedelta

import pytest

from contest.models import Stage
from tests.factories import FinalistFactory, OrganizerUserFactory, contest_at
from voting import live
from voting.models import VoteSettings
from voting.queries import forget_clients, forget_contexts, vote_context


@pytest.fixture(autouse=True)
def _fresh_voting_state(settings):
    """No context or API client survives a test; Redis keys get a prefix of the test's own."""
    settings.VOTE_CONTEXT_TTL = 0
    # Rebuilds in tests run alone, except the one test of rebuilds under load, which sets its own.
    settings.VOTE_REBUILD_GRACE_SECONDS = 0
    settings.VOTE_REDIS_PREFIX = f"tvote{uuid.uuid4().hex[:10]}"
    forget_contexts()
    forget_clients()
    yield
    live.pending.flush()
    forget_contexts()
    forget_clients()
    if settings.VOTE_REDIS_URL:
        client = live.redis_client()
        keys = list(client.scan_iter(match=f"{settings.VOTE_REDIS_PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)


@pytest.fixture
def contest(db):
    """The current edition, its public vote open from ten days ago until ten days from now (local midnights)."""
    return contest_at(Stage.Kind.PUBLIC_VOTE, starts=-timedelta(days=10), ends=timedelta(days=10), whole_days=True)


@pytest.fixture
def vote_settings(contest):
    return VoteSettings.objects.get_or_create(contest=contest)[0]


@pytest.fixture
def finalists(contest, tracks):
    """Three finalists: two in the first track, one in the second."""
    return [
        FinalistFactory(
            entrant__contest=contest, track=tracks[0], title="一网通办", summary="群众办事少跑腿。\n第二行。"
        ),
        FinalistFactory(entrant__contest=contest, track=tracks[0], title="信用画像", summary="企业信用一目了然。"),
        FinalistFactory(entrant__contest=contest, track=tracks[1], title="产业大脑", summary="县域产业集群数据平台。"),
    ]


@pytest.fixture
def organizer(db):
    return OrganizerUserFactory(username="organizer")


@pytest.fixture
def context(contest, finalists):
    return vote_context(contest)


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (live counts) of what happens inside, as a real commit would."""

    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner
