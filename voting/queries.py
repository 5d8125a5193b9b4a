"""What the vote pages and services read: the vote context, finalists, leaderboards, series.

`vote_context()` is what every vote needs — the current edition, the public-vote stage,
the settings, the finalists and who is excluded — read in a few queries and reused by the
process for VOTE_CONTEXT_TTL seconds, so that a vote costs one INSERT and not five SELECTs.
An organizer's change (settings, a penalty) reaches every process within that time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncHour
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from contest.models import Contest, Stage
from registration.models import Entry, EntryFile, EntryStatus, RoundReached

from . import counts as live
from .models import FlagCluster, Penalty, PopularityResult, Vote, VoteSettings


def finalists_of(contest):
    """Entries of the edition in the public vote: in the final, submitted, publicity consented."""
    return Entry.objects.filter(
        contest=contest,
        round_reached=RoundReached.FINAL,
        status=EntryStatus.SUBMITTED,
        consent_publicity=True,
    )


def with_public_files(queryset):
    """Finalists with track and their current accepted files (`public_files`), in a fixed number of queries."""
    files = EntryFile.objects.filter(is_current=True, status=EntryFile.Status.ACCEPTED).order_by("kind")
    return queryset.select_related("track").prefetch_related(Prefetch("files", queryset=files, to_attr="public_files"))


@dataclass(frozen=True)
class Finalist:
    id: int
    code: str
    display_name: str
    track_id: int


@dataclass
class VoteContext:
    contest: Contest
    stage: Stage | None
    settings: VoteSettings
    finalists: dict[str, Finalist]
    excluded: frozenset[int]
    confirmed: bool
    loaded_at: float = field(default_factory=time.monotonic)

    @property
    def contest_id(self):
        return self.contest.pk

    def state(self, at=None):
        """ "unscheduled", "upcoming", "open" or "closed" (counts frozen) at `at`."""
        at = at or timezone.now()
        if self.stage is None:
            return "unscheduled"
        if at < self.stage.starts_at:
            return "upcoming"
        if self.stage.is_open(at):
            return "open"
        return "closed"

    def is_open(self, at=None):
        return self.state(at) == "open"

    def has_started(self, at=None):
        return self.state(at) in {"open", "closed"}


_contexts: dict[object, VoteContext] = {}


def load_context(contest):
    vote_settings = VoteSettings.for_contest(contest)
    stage = Stage.objects.filter(contest=contest, kind=Stage.Kind.PUBLIC_VOTE).first()
    finalists = {
        code: Finalist(id=pk, code=code, display_name=name, track_id=track_id)
        for pk, code, name, track_id in finalists_of(contest)
        .order_by("track__order", "display_name")
        .values_list("pk", "code", "display_name", "track_id")
    }
    excluded = frozenset(
        Penalty.objects.filter(contest=contest, kind=Penalty.Kind.EXCLUDE).values_list("entry_id", flat=True)
    )
    confirmed = PopularityResult.objects.filter(contest=contest).exists()
    return VoteContext(
        contest=contest,
        stage=stage,
        settings=vote_settings,
        finalists=finalists,
        excluded=excluded,
        confirmed=confirmed,
    )


def vote_context(contest=None):
    """The vote context of `contest` (default: the current edition), or None when there is no edition."""
    key = contest.pk if contest is not None else "current"
    ttl = settings.VOTE_CONTEXT_TTL
    cached = _contexts.get(key)
    if cached is not None and time.monotonic() - cached.loaded_at < ttl:
        return cached
    if contest is None:
        contest = Contest.objects.current()
        if contest is None:
            return None
    context = load_context(contest)
    if ttl:
        _contexts[key] = context
    return context


def forget_contexts():
    """Drop this process's cached contexts (after an organizer changed something here)."""
    _contexts.clear()


# --- Public files ------------------------------------------------------------------------


def _file_url(entry_file, variant):
    try:
        if variant == "file":
            return reverse("registration:file", args=[entry_file.uid])
        return reverse("registration:file_variant", args=[entry_file.uid, variant])
    except NoReverseMatch:
        # The file endpoints are not mounted: the pages show no media rather than failing.
        return ""


@dataclass(frozen=True)
class PublicMedia:
    poster_url: str = ""
    video_url: str = ""
    document_url: str = ""


def public_media(entry):
    """URLs of the poster, the video and the PDF (the materials or their PDF preview) of a finalist.

    Reads `entry.public_files` (see `with_public_files`). The file view decides who may fetch them;
    voting registers "public finalist" as a reader of the entry (voting.rules.is_public_finalist).
    """
    files = {entry_file.kind: entry_file for entry_file in getattr(entry, "public_files", [])}
    video = files.get("video")
    materials = files.get("materials")
    poster_url = video_url = document_url = ""
    if video is not None:
        video_url = _file_url(video, "file")
        if video.poster:
            poster_url = _file_url(video, "poster")
    if materials is not None:
        if materials.detected_type == "pdf":
            document_url = _file_url(materials, "file")
        elif materials.preview:
            document_url = _file_url(materials, "preview")
    return PublicMedia(poster_url=poster_url, video_url=video_url, document_url=document_url)


def one_line(text, limit=60):
    """The first line of a summary, cut at `limit` characters: what a gallery card shows."""
    first = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


# --- Leaderboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    finalist: Finalist
    votes: int
    rank: int


def leaderboard(context, *, vote_counts=None):
    """Finalists not excluded, by valid votes (most first), with competition ranks (ties share one)."""
    vote_counts = live.counts(context.contest_id) if vote_counts is None else vote_counts
    rows = [
        (finalist, vote_counts.get(finalist.id, 0))
        for finalist in context.finalists.values()
        if finalist.id not in context.excluded
    ]
    rows.sort(key=lambda row: (-row[1], row[0].display_name))
    board = []
    for index, (finalist, votes) in enumerate(rows):
        rank = board[-1].rank if board and board[-1].votes == votes else index + 1
        board.append(BoardRow(finalist=finalist, votes=votes, rank=rank))
    return board


def public_counts_mode(context, at=None):
    """What the public may see now: "counts", "ranking" or "" (nothing, also before the vote starts)."""
    if not context.has_started(at):
        return ""
    vote_settings = context.settings
    if vote_settings.counts_are_public(at) or vote_settings.counts_visibility == vote_settings.Visibility.LIVE:
        return "counts"
    if vote_settings.counts_visibility == vote_settings.Visibility.RANKING:
        return "ranking"
    return ""


def public_board(context):
    """(what the public may see, its leaderboard rows by finalist id) — no rows when it may see nothing."""
    mode = public_counts_mode(context)
    if not mode:
        return mode, {}
    return mode, {row.finalist.id: row for row in leaderboard(context)}


def status_counts(contest):
    """Flagged and invalid votes per finalist id, from the rows: {entry_id: {"flagged": n, "invalid": n}}.

    Valid votes are the live counts (`counts.counts`); these two are few and indexed.
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


def voter_today(voter, context):
    """(codes of the finalists the voter has voted for today, votes left today), in one query."""
    ids = list(
        Vote.objects.filter(contest=context.contest, phone_hash=voter.phone_hash, day=voter.day).values_list(
            "entry_id", flat=True
        )
    )
    voted = {code for code, finalist in context.finalists.items() if finalist.id in set(ids)}
    return voted, max(0, context.settings.votes_per_phone_per_day - len(ids))


# --- Organizers ----------------------------------------------------------------------------


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
