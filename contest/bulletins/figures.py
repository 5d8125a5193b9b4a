"""The bulletins' panel on the organizers' home: drafts waiting to be published (one query)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contest.home import Figure, Panel

from .queries import drafts_waiting


def bulletins_panel(contest, *, now):
    waiting = drafts_waiting(contest).count()
    url = reverse("bulletins:organize:list")
    return Panel(
        title=_("Work bulletins"),
        url=url,
        figures=[Figure(label=_("Drafts waiting to be published"), value=waiting, url=url, attention=waiting > 0)],
    )
