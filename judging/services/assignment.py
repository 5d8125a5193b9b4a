"""Giving entries their judges: the automatic assignment (with a preview) and changes by hand."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.rules import require_organizer
from contest.schedule import now_or
from registration.models import Entry

from .. import balancing
from ..conflicts import conflicts
from ..models import Assignment, AssignmentSource, AssignmentStatus, AuditAction, JudgeProfile, Round, RoundEntry
from ..models.scoring import sheet_code
from ..queries import entry_identities, judge_identities
from .audit import append_audit, append_audit_many
from .common import bulk_insert, check_not_advanced, require_reason
from .rounds import check_settings

SAMPLE = balancing.SAMPLE


@dataclass
class Plan:
    """What `assign_judges` would do now: new judges per entry, loads, or why it cannot."""

    round: Round
    judges: dict = field(default_factory=dict)  # pk → JudgeProfile (the panel)
    entries: dict = field(default_factory=dict)  # code → Entry (entries of the round)
    kept: dict = field(default_factory=dict)  # code → [judge pk] active assignments kept
    new: dict = field(default_factory=dict)  # code → [judge pk] to add
    loads: dict = field(default_factory=dict)  # judge pk → final load
    conflicts: dict = field(default_factory=dict)  # code → {judge pk: reasons}
    average: float = 0.0
    error: str = ""

    @property
    def digest(self):
        """Fingerprint of the proposal: applying refuses a plan that changed since the preview."""
        pairs = sorted((code, pk) for code, pks in self.new.items() for pk in pks)
        return hashlib.sha256(repr((self.round.pk, pairs)).encode()).hexdigest()[:16]

    @property
    def new_count(self):
        return sum(len(pks) for pks in self.new.values())

    @property
    def load_range(self):
        return (min(self.loads.values()), max(self.loads.values())) if self.loads else (0, 0)

    def rows(self):
        """(entry, kept judges, new judges) per entry, for the preview table."""
        return [
            (
                entry,
                [self.judges[pk] for pk in self.kept.get(code, []) if pk in self.judges],
                [self.judges[pk] for pk in self.new.get(code, [])],
            )
            for code, entry in sorted(self.entries.items(), key=lambda item: (item[1].track.order, item[0]))
        ]

    def judge_loads(self):
        return [
            (self.judges[pk], self.loads.get(pk, 0)) for pk in sorted(self.judges, key=lambda pk: self.judges[pk].name)
        ]


def _names(items, more_text):
    items = list(items)
    shown = ", ".join(str(i) for i in items[:SAMPLE])
    if len(items) > SAMPLE:
        shown += more_text % {"count": len(items) - SAMPLE}
    return shown


def explain(error):
    """The translated sentence for an `balancing.Infeasible`."""
    more = _(" and %(count)s more")
    figures = error.figures
    entries = _names(error.entries, more)
    judges = _names(error.judges, more)
    if error.code == "no_panel":
        return _("The round has no panel: add judges to it first.")
    if error.code == "entry_short":
        return ngettext(
            "Entry %(entry)s needs %(need)s more judges, but only %(possible)s judge of the panel may judge its track without a conflict.",
            "Entry %(entry)s needs %(need)s more judges, but only %(possible)s judges of the panel may judge its track without a conflict.",
            figures["possible"],
        ) % {"entry": entries, "need": figures["need"], "possible": figures["possible"]}
    if error.code == "kept_overload":
        return _("%(judges)s already have more than %(maximum)s entries in this round; remove some by hand first.") % {
            "judges": judges,
            "maximum": figures["maximum"],
        }
    if error.code == "overload":
        return _(
            "Loads cannot stay within one of the average (%(average)s, at most %(maximum)s each): entries %(entries)s "
            "can only be judged by %(judges)s, who cannot take them all. Add judges for their track or set a per-judge cap."
        ) % {"average": figures["average"], "maximum": figures["maximum"], "entries": entries, "judges": judges}
    if error.code == "overload_cap":
        return _(
            "With at most %(maximum)s entries per judge, entries %(entries)s can only be judged by %(judges)s, "
            "who cannot take them all. Raise the cap or add judges for their track."
        ) % {"maximum": figures["maximum"], "entries": entries, "judges": judges}
    if error.code == "underload":
        return _(
            "Loads cannot stay within one of the average (%(average)s, at least %(minimum)s each): %(judges)s may judge "
            "too few entries of this round. Check their tracks and conflicts, or set a per-judge cap."
        ) % {"average": figures["average"], "minimum": figures["minimum"], "judges": judges}
    return str(error)


def _round_data(round_):
    """Panel, entries, active and all assignments, conflicts: the input of the solver (fixed queries)."""
    panel = list(round_.panel.select_related("user").prefetch_related("tracks").order_by("pk"))
    # Only what conflicts and the preview use: entries are thousands, and their dates and
    # texts are most of what loading them would cost.
    round_entries = list(
        RoundEntry.objects.filter(round=round_, entry__status=Entry.Status.SUBMITTED)
        .select_related("entry__entrant__user", "entry__track")
        .only(
            "entry__code",
            "entry__display_name",
            "entry__entrant__kind",
            "entry__entrant__name",
            "entry__entrant__organisation",
            "entry__entrant__credit_code",
            "entry__entrant__user__phone",
            "entry__track__order",
            "entry__track__name",
            "entry__track__name_en",
        )
    )
    entries = [re.entry for re in round_entries]
    existing = list(Assignment.objects.filter(round=round_).values_list("entry_id", "judge_id", "recused_at"))
    found = conflicts(entry_identities(entries), judge_identities(panel))
    return panel, entries, existing, found


def plan_assignment(round):
    """The assignment `assign_judges` would make now, computed without changing anything."""
    panel, entries, existing, found = _round_data(round)
    plan = Plan(round=round, judges={j.pk: j for j in panel}, entries={e.code: e for e in entries})
    by_pk = {e.pk: e for e in entries}
    kept, touched = defaultdict(list), defaultdict(set)
    loads = dict.fromkeys(plan.judges, 0)
    for entry_id, judge_id, recused_at in existing:
        entry = by_pk.get(entry_id)
        if entry is None:
            continue
        touched[entry.code].add(judge_id)  # never the same judge twice, recused or not
        if recused_at is None:
            kept[entry.code].append(judge_id)
            if judge_id in loads:
                loads[judge_id] += 1
    plan.kept = dict(kept)
    plan.conflicts = found
    demands = [
        balancing.EntryDemand(
            key=entry.code,
            track=entry.track_id,
            need=max(0, round.judges_per_entry - len(kept[entry.code])),
            excluded=frozenset(touched[entry.code]) | frozenset(found.get(entry.code, {})),
        )
        for entry in entries
    ]
    supplies = [
        balancing.JudgeSupply(
            key=judge.pk,
            label=judge.name,
            tracks=frozenset(t.pk for t in judge.tracks.all()) or None,
            load=loads[judge.pk],
        )
        for judge in panel
    ]
    try:
        solution = balancing.solve(demands, supplies, cap=round.max_load)
    except balancing.Infeasible as error:
        plan.error = explain(error)
        plan.loads = loads
        return plan
    plan.new = {code: pks for code, pks in solution.assignments.items() if pks}
    plan.loads = solution.loads
    plan.average = solution.average
    return plan


@transaction.atomic
def assign_judges(*, round, by, expected_digest=None, now=None):
    """Give every entry of the round the judges it lacks, as `plan_assignment` proposes.

    Keeps existing assignments; adds exactly the missing judges per entry, never a conflicted
    or recused one, with loads within one of the average (or under the round's cap). Raises
    ValidationError with the reason (which entry or judges, which constraint) when that is
    impossible, and when `expected_digest` is given but the proposal changed since the preview.
    One judging-log record per entry that got judges. Returns the plan applied. Queues nothing.
    """
    require_organizer(by)
    now = now_or(now)
    locked = Round.objects.select_for_update(of=("self",)).select_related("stage").get(pk=round.pk)
    check_not_advanced(locked)
    check_settings(locked)
    plan = plan_assignment(locked)
    if plan.error:
        raise ValidationError(plan.error, code="assignment_infeasible")
    if expected_digest is not None and expected_digest != plan.digest:
        raise ValidationError(
            _("The assignment changed since the preview (entries, panel or conflicts changed); review it again."),
            code="assignment_changed",
        )
    _insert_automatic(
        locked, [(plan.entries[code].pk, pk) for code, pks in sorted(plan.new.items()) for pk in pks], by, now
    )
    append_audit_many(
        [
            {
                "action": AuditAction.ASSIGNED,
                "actor": by,
                "round": locked,
                "entry": plan.entries[code],
                "before": {"judges": sorted(plan.kept.get(code, []))},
                "after": {"judges": sorted(plan.kept.get(code, []) + pks), "source": AssignmentSource.AUTOMATIC},
            }
            for code, pks in sorted(plan.new.items())
        ],
        now=now,
    )
    return plan


def _insert_automatic(round_, pairs, by, now):
    """Insert the (entry id, judge id) assignments of a run in bulk (see `bulk_insert`)."""
    opts = Assignment._meta
    constant = {
        "round": round_.pk,
        "source": AssignmentSource.AUTOMATIC,
        "status": AssignmentStatus.PENDING,
        "comment": "",
        "total": None,
        "submitted_at": None,
        "updated_at": None,
        "recused_at": None,
        "recusal_reason": "",
        "created_at": now,
        "created_by": by.pk if by is not None else None,
    }
    prepared = tuple(opts.get_field(name).get_db_prep_save(value, connection) for name, value in constant.items())
    rows = [(sheet_code(), entry_id, judge_id, *prepared) for entry_id, judge_id in pairs]
    bulk_insert(Assignment, ["code", "entry", "judge", *constant], rows)


def pair_conflicts(entry, judge):
    """Reasons why `judge` may not judge `entry` ([] when none)."""
    entry = Entry.objects.select_related("entrant__user").get(pk=entry.pk)
    profile = JudgeProfile.objects.select_related("user").get(pk=judge.pk)
    found = conflicts(entry_identities([entry]), judge_identities([profile]))
    return found.get(entry.code, {}).get(profile.pk, [])


@transaction.atomic
def add_assignment(*, round, entry, judge, by, reason, now=None):
    """Assign `judge` to `entry` by hand, with the same checks as the automatic assignment.

    The entry must be in the round, the judge on its panel and allowed for the entry's track,
    without a conflict, not already on it (nor recused from it), and under the round's cap.
    One judging-log record. Returns the assignment. Queues nothing.
    """
    require_organizer(by)
    now = now_or(now)
    reason = require_reason(reason)
    locked = Round.objects.select_for_update(of=("self",)).select_related("stage").get(pk=round.pk)
    check_not_advanced(locked)
    if not RoundEntry.objects.filter(round=locked, entry=entry, entry__status=Entry.Status.SUBMITTED).exists():
        raise ValidationError({"entry": _("This entry is not in the round.")}, code="entry_not_in_round")
    if not locked.panel.filter(pk=judge.pk).exists():
        raise ValidationError({"judge": _("This judge is not on the round's panel.")}, code="judge_not_on_panel")
    tracks = set(judge.tracks.values_list("pk", flat=True))
    if tracks and entry.track_id not in tracks:
        raise ValidationError({"judge": _("This judge does not judge the entry's track.")}, code="judge_track")
    if Assignment.objects.filter(round=locked, entry=entry, judge=judge).exists():
        raise ValidationError(
            {"judge": _("This judge is already assigned to the entry, or recused from it.")}, code="judge_duplicate"
        )
    if pair_conflicts(entry, judge):
        raise ValidationError({"judge": _("This judge has a conflict with the entry.")}, code="judge_conflict")
    if locked.max_load is not None:
        load = Assignment.objects.filter(round=locked, judge=judge, recused_at__isnull=True).count()
        if load + 1 > locked.max_load:
            raise ValidationError(
                {"judge": _("This judge already has %(load)s entries, the round's cap.") % {"load": load}},
                code="judge_cap",
            )
    before = sorted(
        Assignment.objects.filter(round=locked, entry=entry, recused_at__isnull=True).values_list("judge_id", flat=True)
    )
    assignment = Assignment.objects.create(
        round=locked, entry=entry, judge=judge, source=AssignmentSource.MANUAL, created_by=by, created_at=now
    )
    append_audit(
        action=AuditAction.ASSIGNED,
        actor=by,
        round=locked,
        entry=entry,
        judge=judge,
        before={"judges": before},
        after={"judges": sorted([*before, judge.pk]), "source": AssignmentSource.MANUAL},
        reason=reason,
        now=now,
    )
    return assignment


@transaction.atomic
def remove_assignment(*, assignment, by, reason, now=None):
    """Take a judge off an entry by hand; their draft scores go with the assignment.

    Submitted scores are never thrown away: such an assignment is refused (unlock it first, or
    let the judge declare a conflict). One judging-log record with the draft scores removed.
    """
    require_organizer(by)
    now = now_or(now)
    reason = require_reason(reason)
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round__stage", "entry", "judge")
        .get(pk=assignment.pk)
    )
    check_not_advanced(locked.round)
    if locked.status == AssignmentStatus.SUBMITTED:
        raise ValidationError(
            _("Submitted scores cannot be removed; unlock them first if they must go."), code="assignment_submitted"
        )
    before = sorted(
        Assignment.objects.filter(round=locked.round, entry=locked.entry, recused_at__isnull=True).values_list(
            "judge_id", flat=True
        )
    )
    drafts = {str(s.criterion_id): s.value for s in locked.scores.all()}
    append_audit(
        action=AuditAction.UNASSIGNED,
        actor=by,
        round=locked.round,
        entry=locked.entry,
        judge=locked.judge,
        before={"judges": before, "status": locked.status, "scores": drafts},
        after={"judges": [pk for pk in before if pk != locked.judge_id]},
        reason=reason,
        now=now,
    )
    locked.delete()
