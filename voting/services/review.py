"""Organizers' decisions: review a flagged cluster, penalise a finalist, publish counts, confirm the award.

Every decision is a `Decision` row with its reason and author, written in the same
transaction as its effect; the live counts follow after commit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.rules import require_organizer

from .. import live
from ..exceptions import NotAFinalist, ResultConfirmed
from ..models import Decision, FlagCluster, Penalty, PopularityResult, PopularityWinner, Vote, VoteSettings
from ..queries import forget_contexts, leaderboard, vote_context


def _check_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: it is kept with the decision."), code="reason")
    return reason


def _check_not_confirmed(contest):
    if PopularityResult.objects.filter(contest=contest).exists():
        raise ResultConfirmed


def review_cluster(*, cluster, invalidate, reason, by, now=None):
    """Make every vote of `cluster` invalid (`invalidate=True`) or valid, and log the decision.

    The votes are marked reviewed by this decision, so the sweep leaves them alone; the
    cluster's status says what was decided. Counts move by the votes that entered or left
    the valid state, after commit. Returns the Decision.
    """
    now = now or timezone.now()
    require_organizer(by)
    reason = _check_reason(reason)
    _check_not_confirmed(cluster.contest)
    target = Vote.Status.INVALID if invalidate else Vote.Status.VALID
    with transaction.atomic():
        cluster = FlagCluster.objects.select_for_update().get(pk=cluster.pk)
        rows = list(cluster.votes.select_for_update().values_list("pk", "entry_id", "status"))
        changing = [(pk, entry_id, status) for pk, entry_id, status in rows if status != target]
        decision = Decision.objects.create(
            contest_id=cluster.contest_id,
            action=Decision.Action.INVALIDATE_CLUSTER if invalidate else Decision.Action.RESTORE_CLUSTER,
            cluster=cluster,
            reason=reason,
            votes_changed=len(changing),
            details={"rule": cluster.rule, "subject": cluster.key, "day": cluster.day.isoformat()},
            decided_by=by,
            created_at=now,
        )
        Vote.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(status=target, decision=decision)
        cluster.status = FlagCluster.Status.INVALIDATED if invalidate else FlagCluster.Status.RESTORED
        cluster.updated_at = now
        cluster.save(update_fields=["status", "updated_at"])
        changes = []
        for pk, entry_id, status in changing:
            if target == Vote.Status.VALID:
                changes.append(live.Change(entry_id, pk, +1, f"d{decision.pk}"))
            elif status == Vote.Status.VALID:
                changes.append(live.Change(entry_id, pk, -1, f"d{decision.pk}"))
        live.apply_after_commit(cluster.contest_id, changes)
    return decision


def apply_penalty(*, entry, reason, by, now=None):
    """Give `entry` the next step of its edition's penalty ladder and log the decision.

    warning: recorded only; reset: every valid or flagged vote for the finalist becomes
    invalid; exclude: the finalist leaves the leaderboard and the popularity award and
    receives no more votes. Raises ValidationError when the ladder is used up. Returns the Penalty.
    """
    now = now or timezone.now()
    require_organizer(by)
    reason = _check_reason(reason)
    context = vote_context(entry.contest)
    if entry.code not in context.finalists:
        raise NotAFinalist
    _check_not_confirmed(entry.contest)
    ladder = VoteSettings.for_contest(entry.contest).ladder
    with transaction.atomic():
        given = Penalty.objects.select_for_update().filter(entry=entry).count()
        if given >= len(ladder):
            raise ValidationError(_("This finalist has already received every penalty of the ladder."), code="ladder")
        kind = ladder[given]
        affected = []
        if kind == Penalty.Kind.RESET:
            affected = list(
                Vote.objects.select_for_update()
                .filter(entry=entry, status__in=[Vote.Status.VALID, Vote.Status.FLAGGED])
                .values_list("pk", "status")
            )
        decision = Decision.objects.create(
            contest_id=entry.contest_id,
            action=Decision.Action.PENALTY,
            entry=entry,
            reason=reason,
            votes_changed=len(affected),
            details={"penalty": kind, "step": given + 1},
            decided_by=by,
            created_at=now,
        )
        penalty = Penalty.objects.create(
            contest_id=entry.contest_id, entry=entry, step=given + 1, kind=kind, decision=decision, created_at=now
        )
        if affected:
            Vote.objects.filter(pk__in=[pk for pk, _ in affected]).update(status=Vote.Status.INVALID, decision=decision)
            live.apply_after_commit(
                entry.contest_id,
                [live.Change(entry.pk, pk, -1, f"d{decision.pk}") for pk, status in affected if status == "valid"],
            )
        transaction.on_commit(forget_contexts)
    return penalty


def publish_counts(*, contest, reason, by, now=None):
    """Let everyone see the vote counts from now on, whatever the visibility setting. Returns the Decision."""
    now = now or timezone.now()
    require_organizer(by)
    reason = _check_reason(reason)
    with transaction.atomic():
        vote_settings, _created = VoteSettings.objects.select_for_update().get_or_create(contest=contest)
        vote_settings.counts_published_at = now
        vote_settings.save(update_fields=["counts_published_at"])
        decision = Decision.objects.create(
            contest=contest, action=Decision.Action.PUBLISH_COUNTS, reason=reason, decided_by=by, created_at=now
        )
        transaction.on_commit(forget_contexts)
    return decision


def confirm_popularity_award(*, contest, reason, by, now=None):
    """Fix the popularity award: the finalists ranked within the award size by valid votes.

    Only after the public-vote stage has ended and when no vote waits for review. Counts
    are taken from the rows, not from Redis. Ties at the last place all receive the award.
    Stores the full ranking and the winners; afterwards no vote can be reviewed any more.
    Returns the PopularityResult.
    """
    now = now or timezone.now()
    require_organizer(by)
    reason = _check_reason(reason)
    context = vote_context(contest)
    if context.state(now) != "closed":
        raise ValidationError(_("The award can be confirmed once the public vote has ended."), code="open")
    _check_not_confirmed(contest)
    waiting = Vote.objects.filter(contest=contest, status=Vote.Status.FLAGGED).count()
    if waiting:
        message = ngettext(
            "%(count)d flagged vote still waits for review.", "%(count)d flagged votes still wait for review.", waiting
        )
        raise ValidationError(message, code="flagged", params={"count": waiting})
    board = leaderboard(context, vote_counts=live.database_counts(contest.pk))
    size = context.settings.award_size
    ranking = [
        {"code": row.finalist.code, "display_name": row.finalist.display_name, "votes": row.votes, "rank": row.rank}
        for row in board
    ]
    with transaction.atomic():
        decision = Decision.objects.create(
            contest=contest,
            action=Decision.Action.CONFIRM_AWARD,
            reason=reason,
            details={"award_size": size, "winners": [row["code"] for row in ranking if row["rank"] <= size]},
            decided_by=by,
            created_at=now,
        )
        result = PopularityResult.objects.create(
            contest=contest, award_size=size, decision=decision, ranking=ranking, confirmed_at=now
        )
        PopularityWinner.objects.bulk_create(
            PopularityWinner(result=result, entry_id=row.finalist.id, rank=row.rank, votes=row.votes)
            for row in board
            if row.rank <= size
        )
        transaction.on_commit(forget_contexts)
    return result
