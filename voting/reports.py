"""Figures of the public vote for the work bulletins (contest asks each app's reports)."""

from itertools import accumulate

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.bulletins.registry import line, section, table

from . import live
from .models import FlagCluster, Vote
from .queries import leaderboard, public_counts_mode, vote_context


def vote_figures(contest, *, leaders=10):
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


def bulletin_figures(contest, *, stage):
    """The vote section once the vote has started: votes per day and by status; the ranking
    only as far as the public may see it (counts published or live; ranks alone in "ranking")."""
    context = vote_context(contest)
    if context is None or not context.has_started(timezone.now()):
        return None
    figures = vote_figures(contest)
    mode = public_counts_mode(context)
    tables = []
    if mode == "counts":
        rows = [(row["rank"], row["display_name"], row["votes"]) for row in figures["leaders"]]
        tables.append(table(_("Leaders of the vote"), [_("Rank"), _("Finalist"), _("Valid votes")], rows))
    elif mode == "ranking":
        rows = [(row["rank"], row["display_name"]) for row in figures["leaders"]]
        tables.append(table(_("Leaders of the vote"), [_("Rank"), _("Finalist")], rows))
    per_day = list(Vote.objects.filter(contest=contest).values_list("day").annotate(n=Count("id")).order_by("day"))
    totals = accumulate(n for _day, n in per_day)
    return section(
        _("Public vote"),
        facts=[
            (_("Finalists"), figures["finalists"]),
            (_("Voters"), figures["voters"]),
            (_("Valid votes"), figures["valid_votes"]),
            (_("Flagged votes"), figures["flagged_votes"]),
            (_("Invalidated votes"), figures["invalid_votes"]),
        ],
        charts=[
            line(
                _("Votes cast, cumulative, by day"),
                [(day.strftime("%m-%d"), total) for (day, _n), total in zip(per_day, totals, strict=True)],
            )
        ],
        tables=[
            table(_("Votes per day"), [_("Day"), _("Votes")], [(day.isoformat(), n) for day, n in per_day]),
            *tables,
        ],
        notes=[] if mode else [_("The ranking is published once the committee makes the counts public.")],
    )
