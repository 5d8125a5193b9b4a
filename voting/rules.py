"""Who may do what in the public vote."""

import rules
from django.utils import timezone

from .queries import vote_context


@rules.predicate
def is_public_finalist(user, entry):
    """Anyone may see a finalist in the public vote, its poster, video and PDF, once the vote has begun.

    Registered with registration as a reader of entries (VotingConfig.ready), so the file
    view serves those files to the public. `user` may be anonymous.
    """
    if entry is None or not getattr(entry, "contest_id", None):
        return False
    context = vote_context(entry.contest)
    finalist = context.finalists.get(entry.code)
    return finalist is not None and finalist.id == entry.pk and context.has_started(timezone.now())
