"""The public vote's part of the demo contest: settings that show the counts, and the first votes.

Receives `contest.signals.demo_loaded` after judging's receiver has chosen the finalists.
From the final on, made-up voters (numbers spread over the number space, each from an
address of its own, as organic traffic is) cast votes through `cast_vote` at instants
inside the public-vote stage, so every vote passes the limits and fraud rules a real one
does. Votes are cast once: a contest that already has votes gets no more.
"""

import hashlib
import logging
from datetime import timedelta

from django.utils import timezone

from contest.models import Stage

from .exceptions import VoteRefused
from .models import Vote, VoteSettings
from .queries import forget_contexts, load_context
from .services import cast_vote
from .voters import Voter, vote_day

logger = logging.getLogger(__name__)

VOTERS = 12
# Mainland mobile prefixes: each voter's number lies in a block of ten of its own.
PREFIXES = ("130", "131", "132", "135", "136", "137", "139", "150", "151", "152", "155", "157", "158", "159", "186")
# Addresses from the documentation ranges (RFC 5737): made up, and never anyone's.
NETWORKS = ("192.0.2", "198.51.100", "203.0.113")
# How many in ten voters favour each finalist, by the finalists' order on the gallery.
APPEAL = (8, 6, 5, 4, 3, 2, 2, 1)


def load_demo_data(sender, *, contest, stage, users, **kwargs):
    """Receiver of `demo_loaded`: vote settings with live counts; votes from the final on."""
    vote_settings, _created = VoteSettings.objects.update_or_create(
        contest=contest, defaults={"counts_visibility": VoteSettings.Visibility.LIVE}
    )
    kinds = list(Stage.Kind.values)
    vote_stage = contest.stages.filter(kind=Stage.Kind.PUBLIC_VOTE).first()
    if vote_stage is None or kinds.index(stage) < kinds.index(Stage.Kind.FINAL):
        return
    if Vote.objects.filter(contest=contest).exists():
        return
    # The finalists were chosen a moment ago in this process: read them afresh.
    forget_contexts()
    context = load_context(contest)
    finalists = list(context.finalists.values())
    if not finalists:
        return
    start = vote_stage.starts_at + timedelta(hours=8)
    end = min(timezone.now(), vote_stage.ends_at)
    ballots = _ballots(finalists, vote_settings.votes_per_phone_per_day)
    step = (end - start) / (len(ballots) + 1)
    refused = 0
    for number, (voter_number, finalist) in enumerate(ballots, start=1):
        at = start + step * number
        voter = Voter.for_phone(_phone(voter_number), day=vote_day(at))
        try:
            cast_vote(
                finalist_code=finalist.code,
                voter=voter,
                ip=f"{NETWORKS[voter_number % len(NETWORKS)]}.{10 + voter_number}",
                # A person reads the page before pressing the button (voting.support_shape).
                page_seconds=20 + 7 * voter_number,
                now=at,
                context=context,
            )
        except VoteRefused as exc:
            refused += 1
            logger.info("demo vote refused: %s", exc.text)
    if refused:
        logger.warning("%s demo votes were refused.", refused)
    forget_contexts()


def _phone(number):
    """A made-up mainland number; no two voters share a block of ten consecutive numbers."""
    digest = int(hashlib.sha256(f"demo-voter-{number}".encode()).hexdigest()[:8], 16)
    return f"+86{PREFIXES[number % len(PREFIXES)]}{digest % 10**7:07d}{number % 10}"


def _ballots(finalists, daily_limit):
    """(voter, finalist) pairs: each voter picks the finalists that appeal to them, up to the daily limit."""
    ballots = []
    for voter_number in range(VOTERS):
        chosen = [
            finalist
            for position, finalist in enumerate(finalists)
            if (voter_number * 7 + position * 3) % 10 < APPEAL[min(position, len(APPEAL) - 1)]
        ]
        ballots += [(voter_number, finalist) for finalist in chosen[:daily_limit]]
    return ballots
