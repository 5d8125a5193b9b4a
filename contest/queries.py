from django.core.cache import cache
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from .context_processors import current_contest
from .models import Announcement, CommitteeMember, Region


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


# --- Regions -------------------------------------------------------------------------------------

REGION_CACHE_SECONDS = 300


def _region_cache_key(contest_id):
    return f"contest:{contest_id}:regions"


def region_names(contest_id):
    """{code: (name, English name)} of a contest's regions; lists of entrants read it per row, so
    it is cached (and dropped whenever a region of the contest changes)."""
    key = _region_cache_key(contest_id)
    names = cache.get(key)
    if names is None:
        rows = Region.objects.filter(contest_id=contest_id).values_list("code", "name", "name_en")
        names = {code: (name, name_en) for code, name, name_en in rows}
        cache.set(key, names, REGION_CACHE_SECONDS)
    return names


def region_label(contest_id, code):
    """The region's name in the active language; the code itself for a region since removed."""
    name, name_en = region_names(contest_id).get(code, (code, ""))
    return name_en if translation.get_language() == "en" and name_en else name


def forget_region_names(sender, instance, **kwargs):
    cache.delete(_region_cache_key(instance.contest_id))
