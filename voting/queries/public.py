"""What the public pages and the API read: finalists and their media, the leaderboard, a voter's day."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse

from registration.models import Entry, EntryFile

from .. import live
from ..models import ApiClient, Vote
from .context import Finalist, finalists_of


def with_public_files(queryset):
    """Finalists with track and their current accepted files (`public_files`), in a fixed number of queries."""
    files = EntryFile.objects.filter(is_current=True, status=EntryFile.Status.ACCEPTED).order_by("kind")
    return queryset.select_related("track").prefetch_related(Prefetch("files", queryset=files, to_attr="public_files"))


def public_finalists(contest, *, track=None):
    """The finalists as the gallery and the API list them (by track, then name), with their public files."""
    queryset = with_public_files(finalists_of(contest)).order_by("track__order", "display_name", "pk")
    return queryset if track is None else queryset.filter(track=track)


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


@dataclass(frozen=True)
class Standing:
    """A finalist's place on the public board, and its votes only when the public may see counts."""

    rank: int
    votes: int | None = None


@dataclass(frozen=True)
class FinalistCard:
    """A finalist as the gallery and the API show it."""

    entry: Entry
    media: PublicMedia
    line: str
    excluded: bool
    standing: Standing | None  # None when the public may see no board, or the finalist is excluded


def finalist_cards(context, *, track=None, by_rank=False):
    """(what the public may see, the cards of the public finalists), in track and name order.

    `by_rank`: by place on the board instead, when the public may see it (the finalists off
    the board last, in their order).
    """
    mode, board = public_board(context)
    cards = []
    for entry in public_finalists(context.contest, track=track):
        row = board.get(entry.pk)
        standing = None
        if row is not None:
            standing = Standing(rank=row.rank, votes=row.votes if mode == "counts" else None)
        cards.append(
            FinalistCard(
                entry=entry,
                media=public_media(entry),
                line=one_line(entry.summary),
                excluded=entry.pk in context.excluded,
                standing=standing,
            )
        )
    if by_rank and mode:
        cards.sort(key=lambda card: card.standing.rank if card.standing else 10**6)
    return mode, cards


def voter_today(voter, context):
    """(codes of the finalists the voter has voted for today, votes left today), in one query."""
    ids = list(
        Vote.objects.filter(contest=context.contest, phone_hash=voter.phone_hash, day=voter.day).values_list(
            "entry_id", flat=True
        )
    )
    voted = {code for code, finalist in context.finalists.items() if finalist.id in set(ids)}
    return voted, max(0, context.settings.votes_per_phone_per_day - len(ids))


# --- API clients ----------------------------------------------------------------------------

CLIENT_TTL = 60  # seconds a process trusts a client row it read (deactivation takes effect within this)
_clients = {}


def active_api_client(token):
    """The active API client holding `token`, or None; remembered by the process for CLIENT_TTL seconds."""
    digest = ApiClient.hash_token(token)
    cached = _clients.get(digest)
    if cached is not None and time.monotonic() - cached[1] < CLIENT_TTL:
        return cached[0]
    client = ApiClient.objects.filter(token_hash=digest, is_active=True).first()
    _clients[digest] = (client, time.monotonic())
    return client


def forget_clients():
    """Drop the API clients this process remembers (tests; a change in the admin waits CLIENT_TTL)."""
    _clients.clear()
