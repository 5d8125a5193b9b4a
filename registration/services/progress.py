"""How far entries have come in the judging: set by the judging app, read by voting and awards.

Registration owns the column; judging decides the value. Kept apart from the entrant verbs
because no entrant or registration window is involved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Entry, RoundReached


@transaction.atomic
def set_round_reached(*, entries, round_reached):
    """Record that `entries` (Entry objects or primary keys) reached `round_reached`.

    Only submitted entries can be in a round: any other status is refused before anything
    changes. Returns the number of entries updated. Queues nothing.
    """
    if round_reached not in RoundReached.values:
        raise ValidationError(_("Unknown judging round."), code="round_unknown")
    pks = {entry if isinstance(entry, int) else entry.pk for entry in entries}
    if not pks:
        return 0
    rows = Entry.objects.filter(pk__in=pks)
    codes = sorted(rows.exclude(status=Entry.Status.SUBMITTED).values_list("code", flat=True))
    if codes:
        raise ValidationError(
            _("Only submitted entries can take part in judging: %(codes)s.") % {"codes": ", ".join(codes)},
            code="entry_not_submitted",
        )
    return rows.update(round_reached=round_reached)
