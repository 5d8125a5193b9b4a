"""Signals of the public vote: how the live store asks for work it may not import.

`counts_lost` (kwarg `contest_id`) is sent after commit when Redis turns out to have lost an
edition's counts; `voting.tasks` queues a rebuild on it (connected in VotingConfig.ready), so
the store, low in the app, never imports the tasks that sit above it.
"""

from django.dispatch import Signal

counts_lost = Signal()
