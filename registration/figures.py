"""Registration's panels of the organizers' home (`contest.home`): entries today and in all, by
track, and the file checks waiting or refused. Each panel costs a fixed number of queries."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contest.home import Figure, Panel
from contest.models import Track

from .models import Entry


def _entries_url(contest, **filters):
    query = "&".join(f"{name}={value}" for name, value in {"contest__id__exact": contest.pk, **filters}.items())
    return f"{reverse('admin:registration_entry_changelist')}?{query}"


def _midnight(now):
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def registration_panel(contest, *, now):
    """Drafts started and entries submitted today; drafts and submitted in all and by track (two queries)."""
    midnight = _midnight(now)
    tracks = list(Track.objects.filter(contest=contest).order_by("order", "pk"))
    rows = (
        Entry.objects.filter(contest=contest)
        .values("track_id")
        .annotate(
            drafts=Count("pk", filter=Q(status=Entry.Status.DRAFT)),
            submitted=Count("pk", filter=Q(status=Entry.Status.SUBMITTED)),
            drafts_today=Count("pk", filter=Q(status=Entry.Status.DRAFT, created_at__gte=midnight)),
            submitted_today=Count("pk", filter=Q(first_submitted_at__gte=midnight)),
        )
        .order_by()
    )
    by_track = {row["track_id"]: row for row in rows}

    def total(key):
        return sum(row[key] for row in by_track.values())

    figures = [
        Figure(
            label=_("Submitted today"),
            value=total("submitted_today"),
            detail=ngettext("%(count)s draft started today", "%(count)s drafts started today", total("drafts_today"))
            % {"count": total("drafts_today")},
            url=_entries_url(contest, status__exact=Entry.Status.SUBMITTED),
        ),
        Figure(
            label=_("Submitted in all"), value=total("submitted"), url=_entries_url(contest, status__exact="submitted")
        ),
        Figure(label=_("Drafts in all"), value=total("drafts"), url=_entries_url(contest, status__exact="draft")),
    ]
    for track in tracks:
        row = by_track.get(track.pk, {"submitted": 0, "drafts": 0})
        figures.append(
            Figure(
                label=track.tr("name"),
                value=row["submitted"],
                detail=_("submitted · %(count)s in draft") % {"count": row["drafts"]},
                url=_entries_url(contest, track__id__exact=track.pk),
            )
        )
    return Panel(title=_("Registrations"), figures=figures, url=_entries_url(contest))


def files_panel(contest, *, now):
    """Entries with a file waiting for its checks, and with a refused file, as the admin filters them (two queries)."""
    entries = Entry.objects.filter(contest=contest)
    checking = entries.with_file_state("checking").count()
    refused = entries.with_file_state("refused").count()
    return Panel(
        title=_("File checks"),
        url=_entries_url(contest),
        figures=[
            Figure(
                label=_("Entries with a file waiting to be checked"),
                value=checking,
                url=_entries_url(contest, files="checking"),
            ),
            Figure(
                label=_("Entries with a refused file"),
                value=refused,
                url=_entries_url(contest, files="refused"),
                attention=refused > 0,
            ),
        ],
    )
