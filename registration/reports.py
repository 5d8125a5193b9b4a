"""Figures of registration for the work bulletins (`contest.bulletins` asks through its registry).

Aggregates only: entrants by type and region, entries by track and state, submissions per day
(cumulative) and the files checked and refused with the reasons. No name, phone or ID.
"""

from collections import Counter
from itertools import accumulate

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest.bulletins.registry import bars, line, section, table
from contest.models import Stage

from .checks.messages import verdict_message
from .models import Entrant, Entry, EntryFile, EntryStatus, FileKind

# Short reasons for the refusal codes whose message quotes figures of one file.
REASONS = {
    "too_large": gettext_lazy("Over the size limit"),
    "archive_too_many_entries": gettext_lazy("Presentation with too many parts"),
    "archive_too_large": gettext_lazy("Presentation too large when opened"),
    "archive_ratio": gettext_lazy("Presentation expands too much"),
    "video_too_long": gettext_lazy("Video over the length limit"),
}


def refusal_reason(code):
    if code in REASONS:
        return str(REASONS[code])
    return verdict_message(code)


def bulletin_figures(contest, *, stage):
    """The registration section, once registration has opened; None before."""
    opened = Stage.objects.filter(contest=contest, kind=Stage.Kind.REGISTRATION, starts_at__lte=timezone.now())
    if not opened.exists():
        return None
    by_kind, by_region = Counter(), Counter()
    for kind, region, n in _grouped(Entrant.objects.filter(contest=contest), "kind", "region"):
        by_kind[kind] += n
        by_region[region] += n
    regions = list(contest.regions.all())
    entries = _entries_by_track(contest)
    submitted = sum(row[1] for row in entries)
    return section(
        _("Registration"),
        facts=[
            (_("Entrants"), sum(by_kind.values())),
            (_("Entries submitted"), submitted),
            (_("Drafts"), sum(row[2] for row in entries)),
        ],
        charts=[
            bars(_("Entries submitted by track"), [(row[0], row[1]) for row in entries]),
            line(_("Entries submitted, cumulative, by day"), _submissions_per_day(contest)),
            bars(
                _("Entrants by region"),
                [(str(region), by_region[region.code]) for region in regions if by_region[region.code]],
            ),
        ],
        tables=[
            table(_("Entries by track"), [_("Track"), _("Submitted"), _("Drafts")], entries),
            table(
                _("Entrants by type"),
                [_("Type"), _("Entrants")],
                [(label, by_kind[value]) for value, label in Entrant.Kind.choices],
            ),
            *_file_tables(contest),
        ],
    )


def _grouped(queryset, *fields):
    return queryset.values_list(*fields).annotate(n=Count("id")).order_by()


def _entries_by_track(contest):
    counts = {
        (track_id, status): n
        for track_id, status, n in _grouped(Entry.objects.filter(contest=contest), "track_id", "status")
    }
    return [
        [track.name, counts.get((track.pk, EntryStatus.SUBMITTED), 0), counts.get((track.pk, EntryStatus.DRAFT), 0)]
        for track in contest.tracks.all()
    ]


def _submissions_per_day(contest):
    days = (
        Entry.objects.filter(contest=contest, first_submitted_at__isnull=False)
        .exclude(status=EntryStatus.DRAFT)
        .annotate(day=TruncDate("first_submitted_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    rows = list(days)
    totals = accumulate(n for _day, n in rows)
    return [(day.strftime("%m-%d"), total) for (day, _n), total in zip(rows, totals, strict=True)]


def _file_tables(contest):
    files = EntryFile.objects.filter(entry__contest=contest)
    by_status = Counter({(kind, status): n for kind, status, n in _grouped(files, "kind", "status")})
    refused = _grouped(files.filter(status=EntryFile.Status.REFUSED), "kind", "verdict_code")
    kinds = [(FileKind.MATERIALS, _("Materials")), (FileKind.VIDEO, _("Videos"))]
    checked = [
        (
            label,
            by_status[(kind, EntryFile.Status.ACCEPTED)] + by_status[(kind, EntryFile.Status.REFUSED)],
            by_status[(kind, EntryFile.Status.ACCEPTED)],
            by_status[(kind, EntryFile.Status.REFUSED)],
        )
        for kind, label in kinds
    ]
    labels = dict(kinds)
    reasons = sorted(
        ((labels.get(kind, kind), refusal_reason(code), n) for kind, code, n in refused), key=lambda r: (r[0], -r[2])
    )
    return [
        table(_("Files checked"), [_("Files"), _("Checked"), _("Accepted"), _("Refused")], checked),
        table(_("Refused files by reason"), [_("Files"), _("Reason"), _("Refused")], reasons),
    ]
