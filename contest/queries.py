from django.core.management.base import CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from .context_processors import current_contest
from .models import Announcement, CommitteeMember, Contest


def current_contest_or_404(request):
    """The edition the public site shows, shared with the context processor (one query per request)."""
    contest = current_contest(request)["contest"]
    if contest is None:
        raise Http404(_("No contest has been set up yet."))
    return contest


def public_committee_members(contest, at=None):
    """Committee members the public may see: the review committee only once it is published."""
    members = CommitteeMember.objects.filter(contest=contest)
    if not contest.review_committee_is_public(at):
        members = members.exclude(committee=CommitteeMember.Committee.REVIEW)
    return members


def public_announcements(contest, at=None):
    return Announcement.objects.filter(contest=contest).published(at)


def contest_for_command(slug):
    """The edition a management command's `--contest` names, else the current one."""
    contest = Contest.objects.filter(slug=slug).first() if slug else Contest.objects.current()
    if contest is None:
        raise CommandError("No such contest." if slug else "No current contest: name one with --contest.")
    return contest
