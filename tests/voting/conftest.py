"""Fixtures of the voting tests: an edition whose public vote is open, finalists, voters, a clock.

With REDIS_URL set the live store is Redis, under a key prefix of the test's own that is
removed afterwards; without it counts come from the rows and meters from the cache.
"""

import uuid
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from contest.models import Stage
from tests.factories import ContestFactory, FinalistFactory, OrganizerUserFactory, StageFactory, TrackFactory
from voting import live
from voting.models import VoteSettings
from voting.queries import forget_clients, forget_contexts, vote_context
from voting.services.flag_clusters import forget_clusters
from voting.voters import Voter, vote_day


@pytest.fixture(autouse=True)
def _fresh_voting_state(settings):
    """No context or cluster id survives a test; Redis keys get a prefix of the test's own."""
    settings.VOTE_CONTEXT_TTL = 0
    # Rebuilds in tests run alone, except the one test of rebuilds under load, which sets its own.
    settings.VOTE_REBUILD_GRACE_SECONDS = 0
    settings.VOTE_REDIS_PREFIX = f"tvote{uuid.uuid4().hex[:10]}"
    forget_contexts()
    forget_clusters()
    forget_clients()
    yield
    live.pending.flush()
    forget_contexts()
    forget_clusters()
    forget_clients()
    if settings.VOTE_REDIS_URL:
        client = live.redis_client()
        keys = list(client.scan_iter(match=f"{settings.VOTE_REDIS_PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@pytest.fixture
def contest(db):
    """The current edition, its public vote open from ten days ago until ten days from now."""
    contest = ContestFactory()
    StageFactory(
        contest=contest,
        kind=Stage.Kind.PUBLIC_VOTE,
        starts_at=local_midnight(timezone.localdate() - timedelta(days=10)),
        ends_at=local_midnight(timezone.localdate() + timedelta(days=10)),
    )
    return contest


@pytest.fixture
def vote_settings(contest):
    return VoteSettings.for_contest(contest)


@pytest.fixture
def tracks(contest):
    return [
        TrackFactory(contest=contest, code="gov", name="数字支撑政务服务", name_en="Digital government", order=1),
        TrackFactory(contest=contest, code="economy", name="数字赋能经济发展", name_en="Digital economy", order=2),
    ]


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


def spread_phone(n):
    """The n-th of many numbers that share no block of ten (as organic voters' numbers rarely do)."""
    return f"135{(n * 7919 + 12345) % 10**8:08d}"


def make_voter(phone, at=None, device_id=""):
    return Voter.for_phone(phone, day=vote_day(at), device_id=device_id)


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (live counts) of what happens inside, as a real commit would."""

    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner


def staff_login(client, user):
    """Sign `user` in as staff are: an authenticator app, and this session confirmed with it."""
    from accounts.middleware import MFA_SESSION_KEY
    from accounts.rules import has_totp
    from tests.accounts.conftest import activate_totp

    if not has_totp(user):
        activate_totp(user)
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = str(user.pk)
    session.save()
    return client


def with_media(entry):
    """Accepted current files as the checks leave them: a video with its poster, a PDF."""
    from django.core.files.base import ContentFile

    from tests.factories import EntryFileFactory

    video = EntryFileFactory(entry=entry, kind="video")
    video.poster.save("poster.webp", ContentFile(b"RIFF....WEBP"), save=True)
    EntryFileFactory(entry=entry, kind="materials")
    return entry


def sms_code(phone):
    """The code of the last voting SMS queued for `phone` (what the console backend would print)."""
    from notifications.models import SmsMessage

    row = SmsMessage.objects.filter(phone=phone, purpose=SmsMessage.Purpose.VOTE_CODE).order_by("-pk").first()
    assert row is not None, f"no voting code was queued for {phone}"
    return row.params["code"]
