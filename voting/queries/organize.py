"""What the organizers' pages read: votes by status, clusters, hourly series, the decision log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncHour
from django.utils import timezone

from registration.models import Entry

from ..models import Decision, FlagCluster, Penalty, Vote
from .public import leaderboard


def status_counts(contest):
    """Flagged and invalid votes per finalist id, from the rows: {entry_id: {"flagged": n, "invalid": n}}.

    Valid votes are the live counts (`live.counts`); these two are few and indexed.
    """
    result = {}
    rows = (
        Vote.objects.filter(contest=contest)
        .exclude(status=Vote.Status.VALID)
        .values_list("entry_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for entry_id, status, n in rows.values_list("entry_id", "status", "n"):
        result.setdefault(entry_id, {"flagged": 0, "invalid": 0})[status] = n
    return result


def open_clusters(contest):
    """Clusters with their vote counts by status and the finalists they touch, open ones first."""
    return (
        FlagCluster.objects.filter(contest=contest)
        .annotate(
            flagged=Count("votes", filter=Q(votes__status=Vote.Status.FLAGGED)),
            invalid=Count("votes", filter=Q(votes__status=Vote.Status.INVALID)),
            valid=Count("votes", filter=Q(votes__status=Vote.Status.VALID)),
            finalists=Count("votes__entry", distinct=True),
        )
        .order_by("status", "-created_at", "-pk")
    )


@dataclass(frozen=True)
class HourlySeries:
    hours: list[datetime]
    # entry id -> list of (valid, flagged, invalid) per hour, aligned with `hours`
    series: dict[int, list[tuple[int, int, int]]]


def hourly_votes(contest, *, since, until, votes=None):
    """Votes per hour per finalist and status between `since` and `until`, hours in local time."""
    zone = timezone.get_current_timezone()
    start = timezone.localtime(since, zone).replace(minute=0, second=0, microsecond=0)
    hours = []
    cursor = start
    while cursor < until:
        hours.append(cursor)
        cursor = timezone.localtime(cursor + timedelta(hours=1), zone)
    index = {hour: i for i, hour in enumerate(hours)}
    votes = Vote.objects.filter(contest=contest) if votes is None else votes
    rows = (
        votes.filter(created_at__gte=start, created_at__lt=until)
        .annotate(hour=TruncHour("created_at", tzinfo=zone))
        .values_list("entry_id", "hour", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    series = {}
    for entry_id, hour, status, n in rows.values_list("entry_id", "hour", "status", "n"):
        position = index.get(timezone.localtime(hour, zone))
        if position is None:
            continue
        per_hour = series.setdefault(entry_id, [(0, 0, 0)] * len(hours))
        valid, flagged, invalid = per_hour[position]
        if status == Vote.Status.VALID:
            valid += n
        elif status == Vote.Status.FLAGGED:
            flagged += n
        else:
            invalid += n
        per_hour[position] = (valid, flagged, invalid)
    return HourlySeries(hours=hours, series=series)


def organizer_rows(context):
    """Every finalist with live valid votes and rank, the counts by status and the penalties given."""
    board = leaderboard(context)
    by_status = status_counts(context.contest)
    penalties = {}
    for penalty in Penalty.objects.filter(contest=context.contest).order_by("step"):
        penalties.setdefault(penalty.entry_id, []).append(penalty)
    ladder = context.settings.ladder
    rows = []
    listed = set()
    for row in board:
        listed.add(row.finalist.id)
        rows.append((row.finalist, row.votes, row.rank))
    for finalist in context.finalists.values():
        if finalist.id not in listed:
            rows.append((finalist, None, None))
    result = []
    for finalist, votes, rank in rows:
        given = penalties.get(finalist.id, [])
        result.append(
            {
                "finalist": finalist,
                "votes": votes,
                "rank": rank,
                "excluded": finalist.id in context.excluded,
                "status": by_status.get(finalist.id, {"flagged": 0, "invalid": 0}),
                "penalties": given,
                "next_penalty": Penalty.Kind(ladder[len(given)]).label if len(given) < len(ladder) else "",
            }
        )
    return result


def flagged_waiting(contest):
    """How many votes of the edition wait for an organizer's review."""
    return Vote.objects.filter(contest=contest, status=Vote.Status.FLAGGED).count()


def clusters_of(contest):
    return FlagCluster.objects.filter(contest=contest)


def cluster_votes(cluster):
    """The votes of `cluster` in the order they arrived, with their finalist."""
    return cluster.votes.select_related("entry").order_by("created_at", "pk")


def cluster_decisions(cluster):
    return cluster.decisions.select_related("decided_by").order_by("-created_at")


def arrival_span(votes):
    """(first, last) arrival time of `votes`, or (None, None) when there is none."""
    bounds = votes.aggregate(first=Min("created_at"), last=Max("created_at"))
    return bounds["first"], bounds["last"]


def finalist_entry(context, code):
    """The entry of the finalist `code` of the vote context, or None when `code` names no finalist."""
    finalist = context.finalists.get(code)
    if finalist is None:
        return None
    return Entry.objects.filter(contest=context.contest, pk=finalist.id).first()


def decision_log(contest):
    """Organizers' decisions about the vote, latest first."""
    return (
        Decision.objects.filter(contest=contest)
        .select_related("cluster", "entry", "decided_by")
        .order_by("-created_at", "-pk")
    )


def award_winners(result):
    """The winners of a confirmed popularity award, with their entries."""
    return result.winners.select_related("entry")
