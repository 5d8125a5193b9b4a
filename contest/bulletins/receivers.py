"""Receivers of contest signals: a closing stage queues the build of its bulletin."""

from .services import queue_build


def on_stage_changed(sender, *, stage, event, **kwargs):
    """Receiver of `contest.signals.stage_changed`: sent once per recorded boundary (after its
    commit), so one closing queues exactly one build."""
    if event == "closed":
        queue_build(stage.pk)
