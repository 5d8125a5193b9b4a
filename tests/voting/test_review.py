"""Organizer decisions: reviewing clusters (counts follow), penalties, publishing, confirming the award."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import EntrantUserFactory, FinalistFactory
from tests.voting.helpers import make_voter, spread_phone
from voting import live
from voting.exceptions import ResultConfirmed
from voting.models import Decision, FlagCluster, Penalty, PopularityResult, Vote
from voting.queries import leaderboard, vote_context
from voting.services import (
    apply_penalty,
    cast_vote,
    confirm_popularity_award,
    publish_counts,
    review_cluster,
    sweep_votes,
)


def cast(context, finalist, n, ip=None, at=None):
    return cast_vote(
        finalist_code=finalist.code,
        voter=make_voter(spread_phone(n), at),
        ip=ip or f"10.{n // 250}.{n % 250}.1",
        now=at,
        captcha_passed=True,
        context=context,
    )


@pytest.fixture
def burst(context, finalists, vote_settings, contest, after_commit):
    """Finalist 0: 3 organic votes and a burst of 12 from one address (threshold 5); finalist 1: 4 votes."""
    vote_settings.burst_ip_votes = 5
    vote_settings.save()
    context = vote_context(contest)
    with after_commit():
        live.store().rebuild(context.contest_id)
        for n in range(3):
            cast(context, finalists[0], n)
        for n in range(100, 112):
            cast(context, finalists[0], n, ip="36.110.1.23")
        for n in range(200, 204):
            cast(context, finalists[1], n)
        sweep_votes(context=context)
    return FlagCluster.objects.get(rule="ip_burst")


def test_flagged_votes_do_not_count_until_reviewed(burst, context, finalists):
    assert Vote.objects.filter(cluster=burst, status="flagged").count() == 12
    assert live.counts(context.contest_id) == {finalists[0].pk: 3, finalists[1].pk: 4}


def test_restoring_a_cluster_counts_its_votes(burst, context, finalists, organizer, after_commit):
    with after_commit():
        decision = review_cluster(cluster=burst, invalidate=False, reason="学校机房，核实为真实投票", by=organizer)

    assert live.counts(context.contest_id) == {finalists[0].pk: 15, finalists[1].pk: 4}
    assert [row.finalist.id for row in leaderboard(vote_context(context.contest))][:2] == [
        finalists[0].pk,
        finalists[1].pk,
    ]
    assert (decision.action, decision.votes_changed, decision.decided_by) == ("restore_cluster", 12, organizer)
    assert decision.reason == "学校机房，核实为真实投票"
    assert set(Vote.objects.filter(cluster=burst).values_list("status", "decision")) == {("valid", decision.pk)}
    burst.refresh_from_db()
    assert burst.status == "restored"


def test_invalidating_a_restored_cluster_takes_its_votes_out_again(burst, context, finalists, organizer, after_commit):
    with after_commit():
        review_cluster(cluster=burst, invalidate=False, reason="先恢复", by=organizer)
        decision = review_cluster(cluster=burst, invalidate=True, reason="复核为刷票", by=organizer)

    assert live.counts(context.contest_id) == {finalists[0].pk: 3, finalists[1].pk: 4}
    assert decision.votes_changed == 12
    assert Vote.objects.filter(cluster=burst, status="invalid").count() == 12
    assert Decision.objects.filter(cluster=burst).count() == 2


def test_a_review_needs_an_organizer_and_a_reason(burst, finalists):
    with pytest.raises(PermissionDenied):
        review_cluster(cluster=burst, invalidate=True, reason="x", by=EntrantUserFactory())
    with pytest.raises(ValidationError):
        review_cluster(cluster=burst, invalidate=True, reason="  ", by=_organizer())
    assert not Decision.objects.exists()


def _organizer():
    from tests.factories import OrganizerUserFactory

    return OrganizerUserFactory()


def test_the_penalty_ladder(burst, context, finalists, organizer, after_commit):
    entry = finalists[0]
    with after_commit():
        warning = apply_penalty(entry=entry, reason="第一次提醒", by=organizer)
        reset = apply_penalty(entry=entry, reason="组织刷票", by=organizer)
    assert (warning.kind, warning.step, reset.kind, reset.step) == ("warning", 1, "reset", 2)
    assert Vote.objects.filter(entry=entry).exclude(status="invalid").count() == 0
    assert live.counts(context.contest_id).get(entry.pk, 0) == 0
    assert reset.decision.votes_changed == 15

    excluded = apply_penalty(entry=entry, reason="再次刷票", by=organizer)
    context = vote_context(entry.contest)
    assert excluded.kind == "exclude"
    assert entry.pk in context.excluded
    assert entry.pk not in [row.finalist.id for row in leaderboard(context)]
    with pytest.raises(ValidationError):
        apply_penalty(entry=entry, reason="没有下一步了", by=organizer)
    assert list(Penalty.objects.filter(entry=entry).values_list("kind", flat=True)) == ["warning", "reset", "exclude"]
    assert Decision.objects.filter(action="penalty", entry=entry).count() == 3


def test_a_shorter_ladder_is_a_setting(context, finalists, organizer, vote_settings):
    vote_settings.penalty_ladder = "reset,exclude"
    vote_settings.save()

    first = apply_penalty(entry=finalists[1], reason="刷票", by=organizer)

    assert first.kind == "reset"


def test_publishing_the_counts(context, organizer, vote_settings):
    decision = publish_counts(contest=context.contest, reason="组委会决定公布", by=organizer)

    vote_settings.refresh_from_db()
    assert vote_settings.counts_published_at == decision.created_at
    assert vote_settings.counts_are_public()


def close_the_vote(context):
    stage = context.stage
    stage.ends_at = timezone.now() - timedelta(minutes=1)
    stage.save()
    return vote_context(context.contest)


def test_the_award_is_confirmed_only_after_the_vote(context, organizer):
    with pytest.raises(ValidationError, match="网络投票结束后才能确认人气奖"):
        confirm_popularity_award(contest=context.contest, reason="确认", by=organizer)


def test_the_award_waits_for_flagged_votes(burst, context, organizer):
    close_the_vote(context)

    with pytest.raises(ValidationError) as refused:
        confirm_popularity_award(contest=context.contest, reason="确认", by=organizer)

    assert "12" in refused.value.messages[0]
    assert not PopularityResult.objects.exists()


def test_the_award_goes_to_the_top_valid_counts_ties_included(
    context, contest, finalists, tracks, organizer, vote_settings
):
    fourth = FinalistFactory(entrant__contest=contest, track=tracks[1])
    vote_settings.award_size = 2
    vote_settings.save()
    context = vote_context(contest)
    day = timezone.now() - timedelta(days=1)
    n = 0
    for finalist, votes in ((finalists[0], 5), (finalists[1], 3), (finalists[2], 3), (fourth, 1)):
        for _ in range(votes):
            cast(context, finalist, n, at=day)
            n += 1
    context = close_the_vote(context)

    result = confirm_popularity_award(contest=contest, reason="评委会确认人气奖", by=organizer)

    winners = list(result.winners.order_by("rank", "entry__pk").values_list("entry", "rank", "votes"))
    assert winners == [(finalists[0].pk, 1, 5), (finalists[1].pk, 2, 3), (finalists[2].pk, 2, 3)]
    assert [row["votes"] for row in result.ranking] == [5, 3, 3, 1]
    assert result.decision.details["winners"] == [finalists[0].code, finalists[1].code, finalists[2].code]
    with pytest.raises(ResultConfirmed):
        confirm_popularity_award(contest=contest, reason="再确认", by=organizer)


def test_no_review_after_the_award_is_confirmed(burst, context, organizer):
    review_cluster(cluster=burst, invalidate=True, reason="刷票", by=organizer)
    close_the_vote(context)
    confirm_popularity_award(contest=context.contest, reason="确认", by=organizer)

    with pytest.raises(ResultConfirmed):
        review_cluster(cluster=burst, invalidate=False, reason="改主意", by=organizer)
