"""Deciding who advances from a round, and telling the entrants once the results are released."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.rules import require_organizer
from contest.models import Stage
from contest.schedule import now_or
from notifications.models import SmsMessage
from notifications.services import queue_sms_to_account
from registration.services.progress import set_round_reached

from ..models import AdvancementRule, Assignment, AssignmentStatus, AuditAction, Round, RoundEntry, next_round_kind
from ..ranking import decimal_or_none, ranking
from .audit import append_audit, append_audit_many
from .rounds import add_advanced_to_next_rounds

ADVANCED_TEMPLATE = "advancement"
NOT_ADVANCED_TEMPLATE = "not_advanced"


def completeness_errors(round_, *, tracks=None):
    """Why the round's scores are not complete enough to decide (translated sentences).

    `tracks` is the round's `ranking()` when the caller has it already.
    """
    errors = []
    open_sheets = Assignment.objects.filter(round=round_, recused_at__isnull=True, entry__status="submitted").exclude(
        status=AssignmentStatus.SUBMITTED
    )
    count = open_sheets.count()
    if count:
        errors.append(_("%(count)s score sheets are not submitted yet.") % {"count": count})
    tracks = ranking(round_) if tracks is None else tracks
    short = [row.entry.code for track in tracks for row in track.rows if row.count < round_.judges_per_entry]
    if short:
        errors.append(
            _("These entries have fewer submitted score sheets than the round's %(k)s: %(codes)s.")
            % {"k": round_.judges_per_entry, "codes": ", ".join(short)}
        )
    return errors


def check_can_advance(round_):
    if round_.advancement_rule == AdvancementRule.NONE or next_round_kind(round_.stage.kind) is None:
        raise ValidationError(
            _("No round follows this one: awards are allocated from its ranking."), code="no_next_round"
        )
    if round_.advanced_at is not None:
        raise ValidationError(_("Advancement from this round is already decided."), code="already_advanced")


@transaction.atomic
def advance_round(*, round, by, decisions=None, reasons=None, now=None):
    """Decide who advances: the round's rule, adjusted by the organizer with a reason per change.

    `decisions` maps entry code → True/False where the organizer departs from (or confirms)
    the rule; `reasons` maps entry code → why, required wherever a decision departs from the
    rule. Requires every active sheet submitted and every entry fully scored. In one
    transaction: stores rank, aggregate and decision per entry and adds the advancing ones to
    the next rounds that exist (for the organizers to prepare). Results stay held: entries are
    marked as having reached the next round, and entrants are told, only by `release_results`.
    One judging-log record per entry.
    """
    require_organizer(by)
    now = now_or(now)
    decisions = decisions or {}
    reasons = {code: (text or "").strip() for code, text in (reasons or {}).items()}
    locked = Round.objects.select_for_update(of=("self",)).select_related("stage").get(pk=round.pk)
    check_can_advance(locked)
    tracks = ranking(locked)
    errors = completeness_errors(locked, tracks=tracks)
    if errors:
        raise ValidationError(errors, code="scores_incomplete")
    rows = [row for track in tracks for row in track.rows]
    check_decisions(rows, decisions, reasons)

    records = [_decide(row, round_=locked, by=by, decisions=decisions, reasons=reasons) for row in rows]
    advancing = [row.entry for row in rows if row.round_entry.advances]
    RoundEntry.objects.bulk_update(
        [row.round_entry for row in rows],
        ["aggregate", "rank", "rule_advances", "advances", "decision_reason"],
        batch_size=1000,
    )
    locked.advanced_at = now
    locked.advanced_by = by
    locked.save(update_fields=["advanced_at", "advanced_by"])
    add_advanced_to_next_rounds(locked, advancing)
    append_audit_many(records, now=now)
    return rows


def check_decisions(rows, decisions, reasons):
    """Every decision names an entry of the ranking, and every departure from the rule has a reason."""
    codes = {row.entry.code for row in rows}
    unknown = sorted(set(decisions) - codes)
    if unknown:
        raise ValidationError(
            _("These entries are not in the round: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown_entry"
        )
    missing = sorted(
        row.entry.code
        for row in rows
        if row.entry.code in decisions
        and decisions[row.entry.code] != row.rule_advances
        and not reasons.get(row.entry.code)
    )
    if missing:
        raise ValidationError(
            _("Give a reason for each departure from the rule: %(codes)s.") % {"codes": ", ".join(missing)},
            code="reason_required",
        )


def _decide(row, *, round_, by, decisions, reasons):
    """Set rank, aggregate and decision on the row's round entry (not saved); returns its log record."""
    code = row.entry.code
    advances = decisions.get(code, row.rule_advances)
    round_entry = row.round_entry
    round_entry.aggregate = decimal_or_none(row.aggregate)
    round_entry.rank = row.rank
    round_entry.rule_advances = row.rule_advances
    round_entry.advances = advances
    round_entry.decision_reason = reasons.get(code, "") if advances != row.rule_advances else ""
    return {
        "action": AuditAction.ADVANCEMENT,
        "actor": by,
        "round": round_,
        "entry": row.entry,
        "before": {"rule_advances": row.rule_advances},
        "after": {"advances": advances, "rank": row.rank, "aggregate": round_entry.aggregate, "tied": row.tied},
        "reason": round_entry.decision_reason,
    }


def _stage_label(kind):
    # The SMS text is Chinese whatever language the organizer's page is in.
    with translation.override("zh-hans"):
        return str(Stage.Kind(kind).label)


@transaction.atomic
def release_results(*, round, by, now=None):
    """Publish the round's decided results: entrants see them and each gets an SMS.

    Marks the advancing entries as having reached the next round (registration's
    `set_round_reached`: the public vote shows finalists from it, so it must wait for the
    release) and writes one SMS outbox row per entry (advanced: "advancement"; not advanced:
    "not_advanced"), keyed by round and entry so a repeated release queues nothing twice;
    the sends are queued after commit. The final's release moves no entry and texts nobody:
    the awards follow from it. One judging-log record. Returns the number of SMS rows.
    """
    require_organizer(by)
    now = now_or(now)
    locked = Round.objects.select_for_update(of=("self",)).select_related("stage").get(pk=round.pk)
    next_kind = next_round_kind(locked.stage.kind)
    if next_kind is None:
        # The final decides no advancement: its complete ranking is what the awards read.
        errors = completeness_errors(locked)
        if errors:
            raise ValidationError(errors, code="incomplete")
    elif locked.advanced_at is None:
        raise ValidationError(_("Decide who advances before releasing the results."), code="not_advanced")
    if locked.results_released_at is not None:
        raise ValidationError(_("The results of this round are already released."), code="already_released")
    locked.results_released_at = now
    locked.released_by = by
    if locked.advanced_at is None:
        # The final: releasing it is also the decision, which closes its scores for good.
        locked.advanced_at, locked.advanced_by = now, by
    locked.save(update_fields=["results_released_at", "released_by", "advanced_at", "advanced_by"])
    queued, advanced = (0, 0) if next_kind is None else _announce_next_round(locked, next_kind)
    append_audit(
        action=AuditAction.RESULTS_RELEASED,
        actor=by,
        round=locked,
        after={"advanced": advanced, "sms": queued},
        now=now,
    )
    return queued


def _announce_next_round(locked, next_kind):
    """Move the advancing entries on and text every entrant of the round; (SMS rows, advanced).

    Not after the final: its ranking leads to the awards, which their own SMS announces."""
    next_stage = _stage_label(next_kind)
    set_round_reached(
        entries=list(RoundEntry.objects.filter(round=locked, advances=True).values_list("entry_id", flat=True)),
        round_reached=next_kind,
    )
    queued, advanced = 0, 0
    for round_entry in (
        RoundEntry.objects.filter(round=locked, advances__isnull=False)
        .select_related("entry__entrant__user")
        .order_by("pk")
    ):
        entry = round_entry.entry
        advanced += bool(round_entry.advances)
        message = queue_sms_to_account(
            user=entry.entrant.user,
            purpose=SmsMessage.Purpose.ADVANCEMENT,
            template=ADVANCED_TEMPLATE if round_entry.advances else NOT_ADVANCED_TEMPLATE,
            params={"entry": entry.display_name, "stage": next_stage},
            idempotency_key=f"judging-result:{locked.code}:{entry.code}",
        )
        queued += message is not None
    return queued, advanced
