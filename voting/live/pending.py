"""Count changes of accepted votes waiting to be sent to Redis, one batch per process.

A call per vote would cost as much as the vote's INSERT: instead one thread of the process
sends the batch every VOTE_COUNT_FLUSH_MS in one round trip. A reader of the board in this
process flushes first, so a process always sees its own votes counted.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)


class PendingCounts:
    """Count changes of this process waiting to be sent to Redis, and the thread that sends them.

    A reader of the board in this process flushes first, so a process always sees its own
    votes counted. A worker killed between two flushes loses at most one interval of count
    changes, never rows; the scheduled rebuild restores them, as after any crash.
    """

    def __init__(self):
        self.reset()

    def reset(self):
        """A fresh start: at creation, and in a forked child, whose parent may have held a lock
        or had changes pending (those are the parent's to send)."""
        self.lock = threading.Lock()
        self.sending = threading.Lock()
        self.ready = threading.Event()
        self.changes = {}
        self.thread = None

    def put(self, store, contest_id, changes):
        # `store` is the one in use now: a flush after a settings change (in tests) must not
        # send these changes to another prefix.
        key = (store, contest_id)
        with self.lock:
            self.changes.setdefault(key, []).extend(changes)
            self.ready.set()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="vote-counts", daemon=True)
                self.thread.start()

    def flush(self):
        # One sender at a time: a flush at exit waits for the thread's flush in progress.
        with self.sending:
            with self.lock:
                batch, self.changes = self.changes, {}
            for (store, contest_id), changes in batch.items():
                try:
                    store.apply(contest_id, changes)
                except Exception:
                    logger.exception(
                        "voting: live counts of contest %s not updated; the next rebuild fixes them", contest_id
                    )

    def _run(self):
        while True:
            self.ready.wait()
            # Let the interval's votes gather into one call.
            time.sleep(settings.VOTE_COUNT_FLUSH_MS / 1000)
            self.ready.clear()
            try:
                self.flush()
            finally:
                # A rebuild queued from here (eagerly, in tests) would leave a connection open.
                connections.close_all()


pending = PendingCounts()
atexit.register(pending.flush)
os.register_at_fork(after_in_child=pending.reset)
