"""The verbs of the prizes: allocate, adjust with a reason, confirm, revoke, publish.

Each is one transaction, checks first, then changes, and writes what it did into judging's
hash-chained log (`judging.services.audit.append_audit_many`), the one `verify_audit_chain`
checks: the awards follow from the final ranking, so one chain covers both.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.rules import require_organizer
from contest.schedule import now_or
from judging.models import AuditAction
from judging.ranking import decimal_or_none
from judging.services.audit import append_audit_many
from notifications.models import SmsMessage
from notifications.services import queue_sms_to_account
from registration.models import Entry

from .. import allocation, queries
from ..models import Award, AwardScope, AwardStatus, AwardType
from .certificates import issue_all_certificates


def _state(award):
    return {
        "award_type": award.award_type.name,
        "track": award.track.code if award.track_id else None,
        "moved_from": award.moved_from.code if award.moved_from_id else None,
        "place": award.place,
        "entry": award.entry.code,
        "status": award.status,
        "aggregate": award.aggregate,
        "tied": award.tied,
    }


def _audit(action, awards, *, by, reason="", before=None, now=None):
    append_audit_many(
        [
            {
                "action": action,
                "actor": by,
                "entry": award.entry,
                "before": (before or {}).get(award.pk),
                "after": _state(award),
                "reason": reason or award.reason,
            }
            for award in awards
        ],
        now=now,
    )


def _refuse_if_confirmed(contest):
    if Award.objects.filter(contest=contest, judged=True, status=AwardStatus.CONFIRMED).exists():
        raise ValidationError(_("The awards are confirmed: from now on they change only by revocation."))


def _place_reason(place, tie_break):
    if place.note == allocation.TIE_BROKEN:
        return _("Tie on the aggregate, broken by the higher mean on: %(criteria)s.") % {
            "criteria": "、".join(tie_break)
        }
    if place.note == allocation.TIE_UNRESOLVED:
        return _("Tied on the aggregate and on the tie-break: an organizer picks, with a reason.")
    return ""


def allocate_awards(*, contest, by, now=None):
    """Propose the ranked awards from the released final ranking, replacing earlier proposals.

    Returns the `allocation.Proposal` (its ties and empty places are shown to the organizer).
    """
    require_organizer(by)
    with transaction.atomic():
        types = queries.ranked_award_types(contest)
        if not types:
            raise ValidationError(_("There are no ranked award types: add them in the admin or run setup_awards."))
        final = queries.final_ranking(contest)
        if not final.rounds:
            raise ValidationError(_("The results of the final round are not released yet."))
        _refuse_if_confirmed(contest)
        quotas = [allocation.Quota(award=t.pk, scope=t.scope, count=t.count) for t in types]
        proposal = allocation.allocate(final.candidates, quotas, [t.pk for t in final.tracks])
        Award.objects.filter(contest=contest, judged=True, status=AwardStatus.PROPOSED).delete()
        by_pk = {t.pk: t for t in types}
        tracks = {t.pk: t for t in final.tracks}
        awards = Award.objects.bulk_create(
            [
                Award(
                    contest=contest,
                    award_type=by_pk[place.award],
                    track=tracks.get(place.track),
                    entry=final.entries[place.candidate],
                    place=place.place,
                    aggregate=decimal_or_none(place.aggregate),
                    tied=place.note == allocation.TIE_UNRESOLVED,
                    reason=_place_reason(place, final.tie_break),
                )
                for place in proposal.places
                if place.candidate is not None
            ]
        )
        _audit(AuditAction.AWARD_PROPOSED, awards, by=by, now=now)
    return proposal


def _check_entry_for(award, entry, reason):
    if not reason.strip():
        raise ValidationError(_("Give the reason for the change."))
    if award.status != AwardStatus.PROPOSED:
        raise ValidationError(_("The awards are confirmed: from now on they change only by revocation."))
    if entry.contest_id != award.contest_id or entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(_("Only an entry still in the contest can receive an award."))
    if award.award_type.scope == AwardScope.PER_TRACK and entry.track_id != award.track_id:
        raise ValidationError(_("This place belongs to the track “%(track)s”.") % {"track": award.track})


def override_award(*, award, entry, reason, by, now=None):
    """Give a proposed award's place to another entry, with a reason; clears an unresolved tie.

    If the entry holds another proposed award of the judging, the two entries swap places.
    """
    require_organizer(by)
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("award_type", "track", "entry")
            .get(pk=award.pk)
        )
        _check_entry_for(award, entry, reason)
        other = (
            Award.objects.standing()
            .filter(entry=entry, judged=True)
            .exclude(pk=award.pk)
            .select_related("award_type", "track")
            .first()
        )
        if other is not None and other.status != AwardStatus.PROPOSED:
            raise ValidationError(_("This entry already holds a confirmed award."))
        before = {award.pk: _state(award)}
        previous = award.entry
        changed = [award]
        if other is not None:
            before[other.pk] = _state(other)
            # The entry constraint allows one standing award per entry: free the other row first.
            other.delete()
        award.entry, award.tied, award.reason = entry, False, reason
        award.save(update_fields=["entry", "tied", "reason"])
        if other is not None and (
            other.award_type.scope != AwardScope.PER_TRACK or previous.track_id == other.track_id
        ):
            other.pk, other.entry, other.tied, other.reason = None, previous, False, reason
            other.save()
            changed.append(other)
        _audit(AuditAction.AWARD_CHANGED, changed, by=by, reason=reason, before=before, now=now)
    return award


def resolve_tie(*, award, entry, reason, by, now=None):
    """The organizer's pick for a place the ranking could not decide (an `override_award` of a tied place)."""
    if not award.tied:
        raise ValidationError(_("This place is not tied."))
    return override_award(award=award, entry=entry, reason=reason, by=by, now=now)


def assign_single_award(*, contest, award_type, entry, reason, by, now=None):
    """Propose a single award (优秀案例奖 …) for a finalist without an award of the judging."""
    require_organizer(by)
    with transaction.atomic():
        award_type = AwardType.objects.select_for_update().get(pk=award_type.pk, contest=contest)
        if award_type.scope != AwardScope.SINGLE:
            raise ValidationError(_("Only single awards are given this way."))
        if not queries.finalists(contest).filter(pk=entry.pk).exists():
            raise ValidationError(_("Only a finalist still in the contest can receive a single award."))
        if Award.objects.standing().filter(entry=entry, judged=True).exists():
            raise ValidationError(_("This entry already holds an award."))
        standing = Award.objects.standing().filter(award_type=award_type)
        if award_type.count and standing.count() >= award_type.count:
            raise ValidationError(_("All places of this award are given."))
        last = standing.aggregate(last=Max("place"))["last"] or 0
        award = Award.objects.create(
            contest=contest, award_type=award_type, entry=entry, place=last + 1, reason=reason.strip()
        )
        _audit(AuditAction.AWARD_PROPOSED, [award], by=by, now=now)
    return award


def move_vacancy(*, contest, award_type, from_track, entry, reason, by, now=None):
    """Give an empty place of a per-track quota to a finalist of another track, with a reason.

    The place counts against `from_track`'s quota (it no longer shows as empty) and is added
    after the last place of the entry's own track. A new allocation proposes from scratch, so
    the move is then made again if still wanted.
    """
    require_organizer(by)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the change."))
    with transaction.atomic():
        award_type = AwardType.objects.select_for_update().get(pk=award_type.pk, contest=contest)
        _refuse_if_confirmed(contest)
        if award_type.scope != AwardScope.PER_TRACK:
            raise ValidationError(_("Only a place of a per-track award can move to another track."))
        vacancy = next(
            (
                v
                for v in queries.vacancies(contest, queries.award_table(contest))
                if v.award_type == award_type and v.track == from_track
            ),
            None,
        )
        if vacancy is None:
            raise ValidationError(_("This track has no empty place of this award."))
        if entry.track_id == from_track.pk:
            raise ValidationError(_("Choose a finalist of another track."))
        if not queries.finalists(contest).filter(pk=entry.pk).exists():
            raise ValidationError(_("Only a finalist still in the contest can receive an award."))
        if Award.objects.standing().filter(entry=entry).exists():
            raise ValidationError(_("This entry already holds an award."))
        last = Award.objects.standing().filter(award_type=award_type, track=entry.track).aggregate(last=Max("place"))
        award = Award.objects.create(
            contest=contest,
            award_type=award_type,
            track=entry.track,
            moved_from=from_track,
            entry=entry,
            place=(last["last"] or 0) + 1,
            reason=reason.strip(),
        )
        _audit(AuditAction.AWARD_CHANGED, [award], by=by, now=now)
    return award


def confirm_awards(*, contest, by, now=None):
    """Confirm every proposed award at once; the popularity award joins from the public vote's result.

    Refused while a place is tied or a finalist has no award (the message names them).
    """
    require_organizer(by)
    now = now_or(now)
    with transaction.atomic():
        proposed = list(
            Award.objects.filter(contest=contest, status=AwardStatus.PROPOSED)
            .select_related("award_type", "track", "entry")
            .select_for_update(of=("self",))
        )
        if not proposed:
            raise ValidationError(_("There is nothing to confirm: allocate the awards first."))
        tied = [a for a in proposed if a.tied]
        if tied:
            raise ValidationError(
                _("Resolve the ties first: %(names)s.") % {"names": "、".join(a.display_name for a in tied)}
            )
        missing = queries.finalists_without_award(contest)
        if missing:
            raise ValidationError(
                _("Every finalist must receive an award; still without one: %(names)s.")
                % {"names": "、".join(e.display_name for e in missing)}
            )
        for award in proposed:
            award.status, award.confirmed_at = AwardStatus.CONFIRMED, now
        Award.objects.bulk_update(proposed, ["status", "confirmed_at"])
        proposed += _confirm_popularity(contest, now)
        _audit(AuditAction.AWARD_CONFIRMED, proposed, by=by, now=now)
    return proposed


def _confirm_popularity(contest, now):
    """Popularity awards from the public vote's confirmed result, once; never from the judging."""
    award_type = AwardType.objects.filter(contest=contest, scope=AwardScope.POPULARITY).order_by("order").first()
    result = queries.popularity_result(contest)
    if award_type is None or result is None or Award.objects.filter(award_type=award_type).exists():
        return []
    return Award.objects.bulk_create(
        [
            Award(
                contest=contest,
                award_type=award_type,
                entry=winner.entry,
                place=place,
                judged=False,
                status=AwardStatus.CONFIRMED,
                confirmed_at=now,
            )
            for place, winner in enumerate(result.winners.all(), start=1)
        ]
    )


def revoke_award(*, award, reason, by, now=None):
    """Revoke a confirmed award with a reason; the row stays as history and its place is left empty."""
    require_organizer(by)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the revocation."))
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("award_type", "track", "entry")
            .get(pk=award.pk)
        )
        if award.status != AwardStatus.CONFIRMED:
            raise ValidationError(_("Only a confirmed award can be revoked; a proposal is changed instead."))
        before = {award.pk: _state(award)}
        award.status, award.revoked_at, award.revoke_reason = AwardStatus.REVOKED, now_or(now), reason.strip()
        award.save(update_fields=["status", "revoked_at", "revoke_reason"])
        _audit(AuditAction.AWARD_REVOKED, [award], by=by, reason=award.revoke_reason, before=before, now=now)
    return award


def publish_awards(*, contest, by, now=None):
    """Publish the confirmed awards on the winners page, queue one SMS per newly published award
    and issue their certificates (rendered by tasks on the heavy queue after commit)."""
    require_organizer(by)
    now = now_or(now)
    with transaction.atomic():
        if Award.objects.filter(contest=contest, status=AwardStatus.PROPOSED).exists():
            raise ValidationError(_("Confirm the proposed awards before publishing."))
        awards = list(
            Award.objects.filter(contest=contest, status=AwardStatus.CONFIRMED, published_at__isnull=True)
            .select_related("award_type", "track", "entry__entrant__user")
            .select_for_update(of=("self",))
        )
        if not awards:
            raise ValidationError(_("There is nothing new to publish."))
        for award in awards:
            award.published_at = now
        Award.objects.bulk_update(awards, ["published_at"])
        for award in awards:
            queue_sms_to_account(
                user=award.entry.entrant.user,
                purpose=SmsMessage.Purpose.AWARD,
                template="award",
                params={"entry": award.entry.title, "award": award.award_type.name},
                idempotency_key=f"award:{award.pk}",
            )
        _audit(AuditAction.AWARD_PUBLISHED, awards, by=by, now=now)
        issue_all_certificates(contest=contest, by=by)
    return awards
