from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Contest, Region, Stage, StageTransition
from .regions import HEBEI_REGIONS
from .signals import stage_changed


def record_stage_transitions(*, now=None):
    """Record every stage boundary passed by `now` that is not recorded yet.

    Creates one `StageTransition` row per (stage, opened|closed, instant) and sends
    `stage_changed` for it after commit. Safe to run concurrently and repeatedly: the
    unique constraint makes a boundary count once. Returns the new rows.
    """
    now = now or timezone.now()
    created = []
    stages = list(Stage.objects.filter(starts_at__lte=now).select_related("contest"))
    # Boundaries already recorded are skipped without a query each: the task runs every minute
    # over every edition's stages.
    recorded = set(StageTransition.objects.filter(stage__in=stages).values_list("stage_id", "event", "at"))
    for stage in stages:
        boundaries = [(StageTransition.Event.OPENED, stage.starts_at)]
        if stage.ends_at <= now:
            boundaries.append((StageTransition.Event.CLOSED, stage.ends_at))
        for event, at in boundaries:
            if (stage.pk, event, at) in recorded:
                continue
            try:
                with transaction.atomic():
                    row, is_new = StageTransition.objects.get_or_create(stage=stage, event=event, at=at)
            except IntegrityError:
                continue  # another worker recorded it first
            if is_new:
                created.append(row)
                transaction.on_commit(partial(stage_changed.send, sender=Stage, stage=stage, event=event, at=at))
    return created


def set_up_regions(*, contest, regions=HEBEI_REGIONS):
    """Give the contest these regions ((code, name, English name), in order); run again, it updates them."""
    for order, (code, name, name_en) in enumerate(regions, start=1):
        Region.objects.update_or_create(
            contest=contest, code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )


def carry_over_regions(*, contest):
    """Give a contest without regions those of the latest other edition, so that its entrants can
    fill in their profile from the first day; returns that edition, or None when there is
    nothing to carry over (the contest has regions, or no edition has any)."""
    if contest.regions.exists():
        return None
    previous = Contest.objects.exclude(pk=contest.pk).filter(regions__isnull=False).order_by("-pk").first()
    if previous is None:
        return None
    set_up_regions(contest=contest, regions=previous.regions.values_list("code", "name", "name_en"))
    return previous


def publish_review_committee(*, contests, by=None):
    """Make public the review committee list of each contest in `contests` that still keeps it private.

    Sets `review_committee_published_at` to now on those contests; a list already public keeps
    its date. Returns how many contests were published.
    """
    return contests.filter(review_committee_published_at__isnull=True).update(
        review_committee_published_at=timezone.now()
    )
