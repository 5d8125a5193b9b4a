"""The public results of the judging: the entries that advanced from a round whose results the
organizer released, by display name (参赛者名称+作品名称) and track. Nothing of a round before its
release: not its entries, not whether it was decided. Also the links to results: to these
pages from the home page, and to an entry's own results under it on its entrant's dashboard."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contest.models import Stage
from contest.results import ResultLink
from registration.models import Entry

from .models import ROUND_KINDS, RoundEntry, next_round_kind

# The pages: the round entries go to, and the round whose released decisions send them there.
PUBLISHED_KINDS = {next_round_kind(kind): kind for kind in ROUND_KINDS if next_round_kind(kind)}

TITLES = {
    Stage.Kind.RESELECTION: _("Entries in the re-selection"),
    Stage.Kind.FINAL: _("Finalists"),
}


def advanced_entries(contest, kind):
    """The entries that go on to round `kind`, from the released rounds before it (one query)."""
    return list(
        RoundEntry.objects.filter(
            round__stage__contest=contest,
            round__stage__kind=PUBLISHED_KINDS[kind],
            round__results_released_at__isnull=False,
            advances=True,
            entry__status=Entry.Status.SUBMITTED,
        )
        .select_related("entry__track")
        .order_by("entry__track__order", "entry__track__pk", "entry__display_name", "entry__pk")
    )


def result_links(contest, *, schedule, now):
    """A link to each page with something released (one query)."""
    released = set(
        RoundEntry.objects.filter(
            round__stage__contest=contest, round__results_released_at__isnull=False, advances=True
        )
        .values_list("round__stage__kind", flat=True)
        .order_by()
        .distinct()
    )
    return [
        ResultLink(label=TITLES[kind], url=reverse("judging:released", args=[kind]), order=ROUND_KINDS.index(kind))
        for kind, source in PUBLISHED_KINDS.items()
        if source in released
    ]


def entry_result_links(entries):
    """A link to the judging results under each of `entries` that has a released round (one query)."""
    released = set(
        RoundEntry.objects.filter(entry__in=entries, round__results_released_at__isnull=False).values_list(
            "entry_id", flat=True
        )
    )
    return {
        entry.pk: [(gettext("Judging results"), reverse("judging:entry_results", args=[entry.code]))]
        for entry in entries
        if entry.pk in released
    }
