"""Demo awards: the plan's award types from the judging stages on; at the ceremony, the awards
allocated from the released final ranking, confirmed and published (when the judging demo
released one)."""

import logging

from django.core.exceptions import ValidationError

from accounts.rules import is_organizer
from contest.models import Stage

from . import queries, services

logger = logging.getLogger(__name__)


def load_demo_data(sender, *, contest, stage, users, **kwargs):
    """Receiver of `demo_loaded`."""
    services.create_default_award_types(contest=contest)
    if stage != Stage.Kind.CEREMONY:
        return
    organizer = next((u for u in users.values() if is_organizer(u)), None)
    if organizer is None or contest.awards.exists() or not queries.released_final_rounds(contest):
        return
    try:
        services.allocate_awards(contest=contest, by=organizer)
        for award in contest.awards.filter(tied=True).select_related("entry"):
            services.resolve_tie(award=award, entry=award.entry, reason="演示：组委会决定", by=organizer)
        single = queries.single_award_types(contest)
        for index, entry in enumerate(queries.finalists_without_award(contest)):
            services.assign_single_award(
                contest=contest, award_type=single[index % len(single)], entry=entry, reason="", by=organizer
            )
        services.confirm_awards(contest=contest, by=organizer)
        services.publish_awards(contest=contest, by=organizer)
    except ValidationError as exc:
        logger.warning("demo awards not allocated: %s", " ".join(exc.messages))
