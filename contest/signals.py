"""Signals through which `contest` tells the stage apps about the schedule without importing them."""

from django.dispatch import Signal

# Sent once per boundary, after the transaction that recorded it commits.
# Arguments: stage (contest.Stage), event ("opened" or "closed"), at (datetime).
stage_changed = Signal()

# Sent by `load_demo` inside its transaction, after the edition and the demo logins exist, so
# that each stage app adds its own demo data without `contest` importing it. Receivers run in
# the order of INSTALLED_APPS (registration before judging before voting), which is the order
# their data depends on. Arguments: contest, stage (the Stage.Kind value open today),
# users (username -> User of the demo logins).
demo_loaded = Signal()
