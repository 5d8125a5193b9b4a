"""Judges' scores: drafts, submission, an organizer's unlock, and conflicts declared on an entry."""

from decimal import Decimal, InvalidOperation

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.rules import require_organizer
from contest.schedule import now_or
from registration.models import Entry

from .. import aggregation
from ..conflicts import conflicts
from ..models import Assignment, AssignmentStatus, AuditAction, Conflict, Round, Score
from ..queries import entry_identities, judge_identities, round_criteria
from .audit import append_audit
from .common import check_not_advanced, number, require_reason
from .rounds import check_settings

MAX_PLACES = 2


def score_field(criterion):
    return f"criterion_{criterion.pk}"


def comment_field(criterion):
    return f"comment_{criterion.pk}"


def _as_decimal(value):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return "invalid"
    if not number.is_finite():
        return "invalid"
    return number


def score_errors(criteria, values, comments, *, submit):
    """Field name → translated message for every problem with these scores (empty when fine).

    Scores must lie within their criterion's range, with at most two decimals; on submission
    every criterion needs a score, and a score at either end of its range needs a comment.
    """
    errors = {}
    for criterion in criteria:
        name = score_field(criterion)
        value = _as_decimal(values.get(criterion.pk))
        if value == "invalid":
            errors[name] = _("Enter a number.")
            continue
        if value is None:
            if submit:
                errors[name] = _("Score every criterion before submitting.")
            continue
        if not criterion.min_score <= value <= criterion.max_score:
            errors[name] = _("Enter a score from %(min)s to %(max)s.") % {
                "min": number(criterion.min_score),
                "max": number(criterion.max_score),
            }
        elif -value.as_tuple().exponent > MAX_PLACES:
            errors[name] = _("Use at most two decimals.")
        elif (
            submit
            and value in (criterion.min_score, criterion.max_score)
            and not comments.get(criterion.pk, "").strip()
        ):
            errors[comment_field(criterion)] = _("Explain a score at the end of the range in a comment.")
    return errors


def _snapshot(assignment):
    return {
        "status": assignment.status,
        "total": assignment.total,
        "comment": assignment.comment,
        "scores": {str(s.criterion_id): {"value": s.value, "comment": s.comment} for s in assignment.scores.all()},
    }


def _lock(assignment):
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round__stage", "judge__user", "entry")
        .get(pk=assignment.pk)
    )


def check_can_score(assignment, *, by, now):
    """The assigned judge, not recused, in an open round not yet decided, on an entry still in
    the contest, on a sheet not yet submitted."""
    if not rules.has_perm("judging.score_assignment", by, assignment):
        raise PermissionDenied(_("Only the judge assigned to this entry can score it."))
    if assignment.recused_at is not None:
        raise PermissionDenied(_("You declared a conflict with this entry."))
    if not assignment.round.is_open(now):
        raise ValidationError(_("The round is not open for scoring."), code="round_closed")
    check_not_advanced(assignment.round)
    if assignment.entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(_("This entry is no longer in the contest."), code="entry_withdrawn")
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise ValidationError(
            _("Submitted scores are locked; ask an organizer to unlock them."), code="assignment_locked"
        )


def _write_scores(assignment, criteria, values, comments):
    """Create or update the sheet's score per criterion (with the criterion's range as it is now);
    returns criterion pk → the score as a Decimal (None when left empty)."""
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    cleaned = {}
    for criterion in criteria:
        value = _as_decimal(values.get(criterion.pk))
        cleaned[criterion.pk] = value
        text = comments.get(criterion.pk, "").strip()
        score = existing.get(criterion.pk)
        if score is None:
            Score.objects.create(
                assignment=assignment,
                criterion=criterion,
                value=value,
                comment=text,
                min_score=criterion.min_score,
                max_score=criterion.max_score,
            )
        elif (score.value, score.comment) != (value, text):
            score.value, score.comment = value, text
            score.save(update_fields=["value", "comment"])
    return cleaned


@transaction.atomic
def save_scores(*, assignment, by, values, comments=None, comment="", submit=False, now=None):
    """Save a judge's scores on their sheet, as a draft or submitted (then locked).

    `values` and `comments` map criterion pk → score (Decimal, str or None) and comment. Only
    the assigned judge, while the round is open, on an entry still in the contest, on a sheet
    not yet submitted and not recused. The first save in a round freezes its settings. On
    submission the weighted total is computed and stored. One judging-log record (before →
    after). Returns the assignment. Queues nothing.
    """
    now = now_or(now)
    comments = comments or {}
    locked = _lock(assignment)
    check_can_score(locked, by=by, now=now)
    round_ = locked.round
    criteria = round_criteria(round_)
    check_settings(round_)
    errors = score_errors(criteria, values, comments, submit=submit)
    if errors:
        raise ValidationError(errors, code="scores_invalid")

    before = _snapshot(locked)
    if round_.scoring_started_at is None:
        Round.objects.filter(pk=round_.pk, scoring_started_at__isnull=True).update(scoring_started_at=now)
    cleaned = _write_scores(locked, criteria, values, comments)
    locked.comment = comment.strip()
    locked.updated_at = now
    if submit:
        specs = [aggregation.CriterionSpec(c.pk, c.weight, c.min_score, c.max_score) for c in criteria]
        locked.status = AssignmentStatus.SUBMITTED
        locked.total = aggregation.weighted_total(cleaned, specs)
        locked.submitted_at = now
    else:
        locked.status = AssignmentStatus.DRAFT
    locked.save(update_fields=["comment", "updated_at", "status", "total", "submitted_at"])
    append_audit(
        action=AuditAction.SCORE_SUBMITTED if submit else AuditAction.SCORE_SAVED,
        actor=by,
        round=round_,
        entry=locked.entry,
        judge=locked.judge,
        before=before,
        after=_snapshot(locked),
        now=now,
    )
    return locked


@transaction.atomic
def unlock_scores(*, assignment, by, reason, now=None):
    """Reopen a submitted sheet so its judge can change it (an organizer, with a reason).

    The scores stay as they were, as a draft; the total is cleared until it is submitted
    again. Refused once advancement from the round is decided. One judging-log record.
    """
    require_organizer(by)
    now = now_or(now)
    reason = require_reason(reason)
    locked = _lock(assignment)
    check_not_advanced(locked.round)
    if locked.status != AssignmentStatus.SUBMITTED:
        raise ValidationError(_("Only submitted scores can be unlocked."), code="assignment_not_submitted")
    before = _snapshot(locked)
    locked.status = AssignmentStatus.DRAFT
    locked.total = None
    locked.submitted_at = None
    locked.updated_at = now
    locked.save(update_fields=["status", "total", "submitted_at", "updated_at"])
    append_audit(
        action=AuditAction.SCORE_UNLOCKED,
        actor=by,
        round=locked.round,
        entry=locked.entry,
        judge=locked.judge,
        before=before,
        after=_snapshot(locked),
        reason=reason,
        now=now,
    )
    return locked


@transaction.atomic
def declare_conflict(*, assignment, by, reason, now=None):
    """The judge (or an organizer for them) declares a conflict with the assignment's entry.

    Records the conflict, recuses the assignment — the entry disappears from the judge's pages,
    their scores stop counting, and the entry shows as short of a judge until it is reassigned
    — whatever the state of the sheet. One judging-log record. Returns the assignment.
    """
    now = now_or(now)
    reason = require_reason(reason)
    locked = _lock(assignment)
    own = by is not None and by.is_authenticated and locked.judge.user_id == by.pk
    if not own:
        require_organizer(by)
    if locked.recused_at is not None:
        raise ValidationError(_("A conflict with this entry is already declared."), code="already_recused")
    Conflict.objects.create(judge=locked.judge, entry=locked.entry, reason=reason, declared_by=by, created_at=now)
    _recuse(locked, by=by, reason=reason, now=now)
    return locked


def _recuse(assignment, *, by, reason, now):
    """Take the judge off the assignment (its scores stop counting), logged in the judging log."""
    before = {"status": assignment.status, "total": assignment.total}
    assignment.recused_at = now
    assignment.recusal_reason = reason
    assignment.save(update_fields=["recused_at", "recusal_reason"])
    append_audit(
        action=AuditAction.CONFLICT_DECLARED,
        actor=by,
        round=assignment.round,
        entry=assignment.entry,
        judge=assignment.judge,
        before=before,
        after={"recused": True},
        reason=reason,
        now=now,
    )


@transaction.atomic
def record_conflict(*, judge, by, reason, entry=None, entrant=None, organisation="", credit_code="", now=None):
    """An organizer records a conflict for a judge; matching assignments not yet decided are recused.

    Recuses the judge's active assignments, in rounds whose advancement is not decided, of
    the entry, of the entrant's entries, or of entries the organisation or credit code
    matches (as the automatic detection compares them). One judging-log record for the
    conflict and one per recusal. Returns the conflict.
    """
    require_organizer(by)
    now = now_or(now)
    reason = require_reason(reason)
    if not (entry or entrant or organisation.strip() or credit_code.strip()):
        raise ValidationError(_("Name the entry, entrant or organisation the conflict is with."), code="conflict_empty")
    conflict = Conflict.objects.create(
        judge=judge,
        entry=entry,
        entrant=entrant,
        organisation=organisation.strip(),
        credit_code=credit_code.strip().upper(),
        reason=reason,
        declared_by=by,
        created_at=now,
    )
    append_audit(
        action=AuditAction.CONFLICT_DECLARED,
        actor=by,
        entry=entry,
        judge=judge,
        after={
            "entrant": entrant.pk if entrant else None,
            "organisation": conflict.organisation,
            "credit_code": conflict.credit_code,
        },
        reason=reason,
        now=now,
    )
    active = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(judge=judge, recused_at__isnull=True, round__advanced_at__isnull=True)
        .select_related("entry__entrant__user", "round", "judge__user")
    )
    if not active:
        return conflict
    found = conflicts(entry_identities([a.entry for a in active]), judge_identities([judge]))
    for assignment in active:
        if judge.pk in found.get(assignment.entry.code, {}):
            _recuse(assignment, by=by, reason=reason, now=now)
    return conflict
