"""Rounds: creation with the plan's defaults, the checks that settings are complete, entries in."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.rules import require_organizer
from contest.models import Stage
from registration.models import Entry
from registration.services.progress import set_round_reached

from .. import defaults
from ..models import ROUND_KINDS, Criterion, Round, RoundEntry, next_round_kind
from .common import check_not_advanced, number


def _create_criteria(round_):
    Criterion.objects.bulk_create(
        Criterion(
            round=round_,
            name=name,
            name_en=name_en,
            description=description,
            description_en=description_en,
            weight=weight,
            order=order,
            tie_break_rank=tie_break,
        )
        for order, (name, name_en, description, description_en, weight, tie_break) in enumerate(
            defaults.CRITERIA[round_.stage.kind], start=1
        )
    )


@transaction.atomic
def create_default_rounds(*, contest):
    """Create the rounds of the plan that do not exist yet, each with the plan's criteria.

    A preliminary round per track, one re-selection and one final for all tracks. Stages
    missing from the schedule are skipped. Returns the rounds created. Queues nothing.
    """
    stages = {stage.kind: stage for stage in Stage.objects.filter(contest=contest, kind__in=ROUND_KINDS)}
    created = []
    wanted = []
    if Stage.Kind.PRELIMINARY in stages:
        wanted += [(stages[Stage.Kind.PRELIMINARY], track) for track in contest.tracks.order_by("order", "pk")]
    for kind in (Stage.Kind.RESELECTION, Stage.Kind.FINAL):
        if kind in stages:
            wanted.append((stages[kind], None))
    for stage, track in wanted:
        if Round.objects.filter(stage=stage, track=track).exists():
            continue
        round_ = Round.objects.create(stage=stage, track=track, **defaults.ROUND_SETTINGS[stage.kind])
        _create_criteria(round_)
        created.append(round_)
    return created


def settings_errors(round_, criteria=None):
    """What keeps the round's settings from being usable (translated sentences); [] when ready."""
    criteria = list(round_.criteria.all()) if criteria is None else criteria
    errors = []
    if not criteria:
        errors.append(_("The round has no criteria."))
    elif sum((c.weight for c in criteria), Decimal(0)) != Decimal(100):
        errors.append(
            _("The weights of the criteria add up to %(sum)s; they must add up to 100.")
            % {"sum": number(sum((c.weight for c in criteria), Decimal(0)))}
        )
    if round_.stage.kind not in ROUND_KINDS:
        errors.append(_("The stage of a round must be the preliminary, the re-selection or the final."))
    return errors


def check_settings(round_):
    errors = settings_errors(round_)
    if errors:
        raise ValidationError(errors, code="round_settings")


def _candidates(round_):
    """Entries that belong in the round now: submitted, of its track, and having reached its kind."""
    entries = Entry.objects.filter(contest=round_.stage.contest, status=Entry.Status.SUBMITTED)
    if round_.track_id:
        entries = entries.filter(track_id=round_.track_id)
    if round_.stage.kind == Stage.Kind.PRELIMINARY:
        # Every submitted entry starts in the preliminary round.
        return entries.filter(round_reached__in=["", Stage.Kind.PRELIMINARY])
    return entries.filter(round_reached=round_.stage.kind)


def _add_entries(round_):
    present = set(RoundEntry.objects.filter(round=round_).values_list("entry_id", flat=True))
    new = [pk for pk in _candidates(round_).values_list("pk", flat=True) if pk not in present]
    RoundEntry.objects.bulk_create([RoundEntry(round=round_, entry_id=pk) for pk in new], batch_size=1000)
    if new and round_.stage.kind == Stage.Kind.PRELIMINARY:
        set_round_reached(entries=new, round_reached=Stage.Kind.PRELIMINARY)
    return len(new)


@transaction.atomic
def populate_round(*, round, by):
    """Put into the round the entries that belong there and are not in it yet; returns how many.

    Preliminary rounds take every submitted entry of their track (and record that it reached
    the preliminary); later rounds take the entries advanced into their kind. Entries already
    in stay. Refused once advancement from the round is decided. Queues nothing.
    """
    require_organizer(by)
    locked = Round.objects.select_for_update(of=("self",)).select_related("stage").get(pk=round.pk)
    check_not_advanced(locked)
    return _add_entries(locked)


@transaction.atomic
def populate_opened_rounds(*, stage):
    """When a judging stage opens: fill its rounds that are still empty (the schedule's safety net)."""
    filled = 0
    for round_ in (
        Round.objects.select_for_update(of=("self",)).select_related("stage").filter(stage=stage, advanced_at=None)
    ):
        if not RoundEntry.objects.filter(round=round_).exists():
            filled += _add_entries(round_)
    return filled


def add_advanced_to_next_rounds(round_, entries):
    """Put advancing entries into the existing rounds of the next kind that cover their track."""
    kind = next_round_kind(round_.stage.kind)
    if kind is None:
        return
    for next_round in Round.objects.filter(stage__contest=round_.stage.contest, stage__kind=kind, advanced_at=None):
        chosen = [e.pk for e in entries if next_round.track_id is None or e.track_id == next_round.track_id]
        present = set(
            RoundEntry.objects.filter(round=next_round, entry_id__in=chosen).values_list("entry_id", flat=True)
        )
        RoundEntry.objects.bulk_create(
            [RoundEntry(round=next_round, entry_id=pk) for pk in chosen if pk not in present], batch_size=1000
        )
