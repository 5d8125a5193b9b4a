"""Figures of the public vote for the work bulletins (contest asks each app's reports)."""

from django.db.models import Count, Q

from . import live
from .models import FlagCluster, Vote
from .queries import leaderboard, vote_context


def bulletin_figures(contest, *, leaders=10):
    """Votes by status, distinct voters, clusters found, and the leaders by valid votes (from the rows)."""
    votes = Vote.objects.filter(contest=contest)
    by_status = votes.aggregate(
        valid=Count("id", filter=Q(status=Vote.Status.VALID)),
        flagged=Count("id", filter=Q(status=Vote.Status.FLAGGED)),
        invalid=Count("id", filter=Q(status=Vote.Status.INVALID)),
        voters=Count("phone_hash", distinct=True),
    )
    context = vote_context(contest)
    board = leaderboard(context, vote_counts=live.database_counts(contest.pk))
    return {
        "valid_votes": by_status["valid"],
        "flagged_votes": by_status["flagged"],
        "invalid_votes": by_status["invalid"],
        "voters": by_status["voters"],
        "clusters": FlagCluster.objects.filter(contest=contest).count(),
        "finalists": len(context.finalists),
        "leaders": [
            {"display_name": row.finalist.display_name, "votes": row.votes, "rank": row.rank} for row in board[:leaders]
        ],
    }
