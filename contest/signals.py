"""Signals through which `contest` tells the stage apps about the schedule without importing them."""

from django.dispatch import Signal

# Sent once per boundary, after the transaction that recorded it commits.
# Arguments: stage (contest.Stage), event ("opened" or "closed"), at (datetime).
stage_changed = Signal()
