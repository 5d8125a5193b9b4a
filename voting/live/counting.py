"""What the rest of the app calls for counts: move them after a commit, read them with the rows as fallback.

A vote is counted after its row commits; a review or a penalty moves counts by the votes
whose status it changed. When Redis has lost the counts (a restart), they are read from the
database until a rebuild ran.
"""

from __future__ import annotations

import logging

from django.db import transaction

from .pending import pending
from .store import database_counts, queue_rebuild, store

logger = logging.getLogger(__name__)


def apply_after_commit(contest_id, changes, *, soon=False):
    """Move the live counts once the current transaction commits (at once outside a transaction).

    With `soon`, the changes join this process's pending batch instead, which one thread
    sends to Redis every VOTE_COUNT_FLUSH_MS in one round trip: what an accepted vote uses,
    since a call per vote would cost as much as the vote's INSERT. A failure is logged and
    left to the scheduled rebuild: the rows are already committed.
    """
    changes = [change for change in changes if change.delta]
    if not changes:
        return
    current = store()
    if soon and current.uses_redis:
        transaction.on_commit(lambda: pending.put(store(), contest_id, changes))
        return

    def run():
        try:
            current.apply(contest_id, changes)
        except Exception:
            logger.exception("voting: live counts of contest %s not updated; the next rebuild fixes them", contest_id)

    transaction.on_commit(run)


def counts(contest_id):
    """Valid votes per finalist id: from Redis when it has them, else from the rows (and a rebuild is queued)."""
    current = store()
    try:
        board = current.board(contest_id)
    except Exception:
        logger.exception("voting: Redis unavailable; counting votes from the database")
        return database_counts(contest_id)
    if board is None:
        _queue_rebuild_once(current, contest_id)
        return database_counts(contest_id)
    return board


def _queue_rebuild_once(current, contest_id):
    if not current.uses_redis:
        return
    try:
        queued = current.client.set(current._keys(contest_id)["queued"], "1", nx=True, ex=60)
    except Exception:
        return
    if queued:
        queue_rebuild(contest_id)
