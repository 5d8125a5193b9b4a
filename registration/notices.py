"""Who an organizers' notice can go to: the audiences, some registered by later stages.

Registration knows the entrants of the contest and of each track; judging knows who advanced
from a round. Registration does not import judging, so judging registers its audiences from
its `AppConfig.ready()` (`register_notice_audiences`). An audience is a key ("all",
"track:gov", "round:AB12CD34"), a label for the organizer, and the entrants it holds.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from .models import Entrant, Entry, EntryStatus


@dataclass(frozen=True)
class Audience:
    key: str
    label: str
    entrants: Callable  # () -> queryset of Entrant


_PROVIDERS = []


def register_notice_audiences(provider):
    """`provider(contest)` returns the Audience list a later stage offers for that contest."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def _with_submitted_entries(contest, **filters):
    entries = Entry.objects.filter(contest=contest, status=EntryStatus.SUBMITTED, **filters)
    return Entrant.objects.filter(pk__in=entries.values("entrant_id"))


def notice_audiences(contest):
    """Every audience of `contest`, in the order the organizer's page offers them."""
    audiences = [
        Audience(
            key="all",
            label=_("All entrants with a submitted entry"),
            entrants=lambda: _with_submitted_entries(contest),
        )
    ]
    for track in contest.tracks.all():
        audiences.append(
            Audience(
                key=f"track:{track.code}",
                label=_("Entrants of the track %(track)s") % {"track": track},
                entrants=lambda track=track: _with_submitted_entries(contest, track=track),
            )
        )
    for provider in _PROVIDERS:
        audiences.extend(provider(contest))
    return audiences


def recipient_phones(audience):
    """The account numbers of the audience's entrants, each once, in a stable order."""
    phones = audience.entrants().exclude(user__phone=None).values_list("user__phone", flat=True)
    return sorted(set(phones))


# What the organizers' page calls each blank of an approved wording; the form names the same fields.
BLANK_NAMES = {
    "item": pgettext_lazy("notice blank", "item"),
    "event": pgettext_lazy("notice blank", "event"),
    "date": pgettext_lazy("notice blank", "date and time"),
    "place": pgettext_lazy("notice blank", "place"),
    "subject": pgettext_lazy("notice blank", "subject"),
}


def wording_with_blanks(template):
    """An approved wording (always Chinese, as the SMS is sent) with each blank named in the page's
    language, so the organizer reads "[date and time]" rather than a parameter's code name."""
    language = get_language()
    blanks = {
        name: format_html('<mark class="notice-blank" lang="{}">[{}]</mark>', language, BLANK_NAMES.get(name, name))
        for name in template.params
    }
    return format_html(template.text, **blanks)
