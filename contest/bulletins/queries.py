"""What the bulletin pages read: the public's published bulletins, the news they are part of,
the organizers' list."""

from django.shortcuts import get_object_or_404

from contest.queries import public_announcements

from .models import Bulletin


def published_bulletins(contest):
    """The contest's published bulletins, newest first, with their stage (one query)."""
    return Bulletin.objects.published().filter(contest=contest).select_related("stage").order_by("-published_at", "-pk")


def public_news(contest, *, at=None, limit=None):
    """The news: published announcements and work bulletins together, newest first (two queries).

    `limit` keeps the newest ones only, reading no more than that many of each kind.
    """
    announcements = public_announcements(contest, at).order_by("-published_at", "-pk")
    bulletins = published_bulletins(contest)
    if limit is not None:
        announcements, bulletins = announcements[:limit], bulletins[:limit]
    news = sorted([*announcements, *bulletins], key=lambda item: item.published_at, reverse=True)
    return news[:limit] if limit is not None else news


def public_bulletin_or_404(contest, code):
    return get_object_or_404(published_bulletins(contest), code=code)


def organizer_bulletins(contest):
    """Every bulletin of the contest, drafts and published versions, newest issue first."""
    return Bulletin.objects.filter(contest=contest).select_related("stage").order_by("-number", "-version")


def organizer_bulletin_or_404(contest, pk):
    return get_object_or_404(Bulletin.objects.filter(contest=contest).select_related("stage", "contest"), pk=pk)


def drafts_waiting(contest):
    """Drafts waiting for an organizer to publish them (the organizers' home counts them)."""
    return Bulletin.objects.drafts().filter(contest=contest)
