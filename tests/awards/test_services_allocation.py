import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from awards import services
from awards.models import Award, AwardStatus, Certificate
from judging.models import AuditRecord
from judging.services import verify_audit_chain
from notifications.models import SmsMessage
from registration.models import Entry
from tests.awards.factories import award_type, final_scene, holders
from tests.factories import EntrantUserFactory
from voting.models import Decision, PopularityResult, PopularityWinner


@pytest.fixture(autouse=True)
def _english():
    """The assertions read the services' messages in English (the portal's second language)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

# Seven finalists per track, distinct totals, best first.
SEVEN = [(10, 10), (9, 9), (8, 8), (7, 7), (6, 6), (5, 5), (4, 4)]


def test_allocation_follows_the_plan_and_is_logged():
    scene = final_scene({"a": SEVEN, "b": SEVEN[1:]})
    proposal = services.allocate_awards(contest=scene.contest, by=scene.organizer)
    a, b = scene.tracks["a"], scene.tracks["b"]
    assert holders(scene.contest, "特等奖") == ["作品a1"]
    assert holders(scene.contest, "一等奖", a) == ["作品a2"]
    assert holders(scene.contest, "一等奖", b) == ["作品b1"]
    assert holders(scene.contest, "二等奖", a) == ["作品a3", "作品a4"]
    assert holders(scene.contest, "三等奖", a) == ["作品a5", "作品a6", "作品a7"]
    assert holders(scene.contest, "三等奖", b) == ["作品b4", "作品b5", "作品b6"]
    assert proposal.empty == []
    assert AuditRecord.objects.filter(action="award_proposed").count() == 13
    assert verify_audit_chain().ok


def test_allocation_again_replaces_the_proposal():
    scene = final_scene({"a": SEVEN[:3]})
    services.allocate_awards(contest=scene.contest, by=scene.organizer)
    services.allocate_awards(contest=scene.contest, by=scene.organizer)
    assert Award.objects.filter(contest=scene.contest).count() == 3


def test_allocation_refused_before_the_final_results_are_released():
    scene = final_scene({"a": SEVEN[:2]}, released=False)
    with pytest.raises(ValidationError, match="not released"):
        services.allocate_awards(contest=scene.contest, by=scene.organizer)


def test_only_organizers_allocate():
    scene = final_scene({"a": SEVEN[:2]})
    with pytest.raises(PermissionDenied):
        services.allocate_awards(contest=scene.contest, by=EntrantUserFactory())


def test_disqualified_entry_at_the_top_receives_nothing():
    scene = final_scene({"a": SEVEN[:4]})
    top = scene.entries["a1"]
    Entry.objects.filter(pk=top.pk).update(status="disqualified", disqualification_ground="illegal")
    services.allocate_awards(contest=scene.contest, by=scene.organizer)
    assert holders(scene.contest, "特等奖") == ["作品a2"]
    assert not Award.objects.filter(entry=top).exists()


def test_tie_at_the_third_prize_boundary_broken_by_the_criterion_is_shown():
    # a7 (5, 3) and a8 (3, 6) both total 4.2: the heaviest criterion puts a7 first.
    broken = final_scene({"a": [*SEVEN[:6], (5, 3), (3, 6)]})
    services.allocate_awards(contest=broken.contest, by=broken.organizer)
    last = Award.objects.get(contest=broken.contest, award_type__name="三等奖", place=3)
    assert last.entry.title == "作品a7"
    assert "higher mean" in last.reason
    assert not last.tied


def test_tie_the_criterion_cannot_break_waits_for_the_organizers_pick():
    tied = final_scene({"a": [*SEVEN[:6], (3, 3), (3, 3)]})
    services.allocate_awards(contest=tied.contest, by=tied.organizer)
    place = Award.objects.get(contest=tied.contest, award_type__name="三等奖", place=3)
    assert place.tied
    with pytest.raises(ValidationError, match="Resolve the ties"):
        services.confirm_awards(contest=tied.contest, by=tied.organizer)
    pick = next(e for e in (tied.entries["a7"], tied.entries["a8"]) if e != place.entry)
    services.resolve_tie(award=place, entry=pick, reason="评委会复议", by=tied.organizer)
    place.refresh_from_db()
    assert (place.entry, place.tied, place.reason) == (pick, False, "评委会复议")
    assert AuditRecord.objects.filter(action="award_changed", reason="评委会复议").count() == 1


def test_short_track_leaves_places_empty():
    scene = final_scene({"a": SEVEN[:4]})
    proposal = services.allocate_awards(contest=scene.contest, by=scene.organizer)
    assert [(p.place, p.note) for p in proposal.empty] == [(1, "empty"), (2, "empty"), (3, "empty")]


def test_confirmation_refused_while_a_finalist_has_no_award_then_single_award_completes_it():
    scene = final_scene({"a": [*SEVEN, (2, 2)], "b": [(1, 1)]})
    services.allocate_awards(contest=scene.contest, by=scene.organizer)
    left_out = scene.entries["a8"]
    assert holders(scene.contest, "三等奖", scene.tracks["a"]) == ["作品a5", "作品a6", "作品a7"]
    with pytest.raises(ValidationError, match="作品a8"):
        services.confirm_awards(contest=scene.contest, by=scene.organizer)
    assert not Award.objects.filter(status=AwardStatus.CONFIRMED).exists()
    services.assign_single_award(
        contest=scene.contest,
        award_type=award_type(scene.contest, "创新精神奖"),
        entry=left_out,
        reason="",
        by=scene.organizer,
    )
    confirmed = services.confirm_awards(contest=scene.contest, by=scene.organizer)
    assert len(confirmed) == 9
    assert set(Award.objects.values_list("status", flat=True)) == {"confirmed"}
    with pytest.raises(ValidationError, match="confirmed"):
        services.allocate_awards(contest=scene.contest, by=scene.organizer)


def test_revocation_keeps_the_history_and_leaves_the_place_empty():
    scene = final_scene({"a": SEVEN[:2]})
    services.allocate_awards(contest=scene.contest, by=scene.organizer)
    services.confirm_awards(contest=scene.contest, by=scene.organizer)
    award = Award.objects.get(contest=scene.contest, award_type__name="特等奖")
    with pytest.raises(ValidationError):
        services.revoke_award(award=award, reason=" ", by=scene.organizer)
    services.revoke_award(award=award, reason="发现抄袭", by=scene.organizer)
    award.refresh_from_db()
    assert (award.status, award.revoke_reason) == (AwardStatus.REVOKED, "发现抄袭")
    assert award.revoked_at is not None
    assert AuditRecord.objects.filter(action="award_revoked", reason="发现抄袭").count() == 1
    with pytest.raises(ValidationError):
        services.revoke_award(award=award, reason="再次", by=scene.organizer)
    assert verify_audit_chain().ok


def test_publishing_queues_one_sms_per_winner_once():
    scene = final_scene({"a": SEVEN[:3]})
    services.allocate_awards(contest=scene.contest, by=scene.organizer)
    with pytest.raises(ValidationError, match="Confirm"):
        services.publish_awards(contest=scene.contest, by=scene.organizer)
    services.confirm_awards(contest=scene.contest, by=scene.organizer)
    published = services.publish_awards(contest=scene.contest, by=scene.organizer)
    assert len(published) == 3
    messages = SmsMessage.objects.filter(template="award").order_by("idempotency_key")
    assert sorted(messages.values_list("idempotency_key", flat=True)) == sorted(f"award:{a.pk}" for a in published)
    assert {m.params["award"] for m in messages} == {"特等奖", "一等奖", "二等奖"}
    # Each published award has its certificate, issued for rendering.
    assert sorted(Certificate.objects.values_list("award_id", flat=True)) == sorted(a.pk for a in published)
    with pytest.raises(ValidationError, match="nothing new"):
        services.publish_awards(contest=scene.contest, by=scene.organizer)
    assert SmsMessage.objects.filter(template="award").count() == 3


def test_setup_is_idempotent():
    scene = final_scene({"a": SEVEN[:1]})
    assert services.create_default_award_types(contest=scene.contest) == []
    assert scene.contest.award_types.count() == 8


def _popularity_result(contest, entry, by):
    decision = Decision.objects.create(
        contest=contest, action=Decision.Action.CONFIRM_AWARD, reason="投票结束", details={}, decided_by=by
    )
    result = PopularityResult.objects.create(contest=contest, award_size=1, decision=decision, ranking=[])
    PopularityWinner.objects.create(result=result, entry=entry, rank=1, votes=321)
    return result


def test_popularity_award_follows_the_vote_beside_the_judging_never_mixed():
    scene = final_scene({"a": SEVEN[:3], "b": [(1, 1)]})
    voted = scene.entries["b1"]  # last in the judging, first in the public vote
    _popularity_result(scene.contest, voted, scene.organizer)
    services.allocate_awards(contest=scene.contest, by=scene.organizer)
    assert holders(scene.contest, "人气奖") == []  # the proposal is the judging's alone
    assert holders(scene.contest, "一等奖", scene.tracks["b"]) == ["作品b1"]
    services.confirm_awards(contest=scene.contest, by=scene.organizer)
    popularity = Award.objects.get(award_type__name="人气奖")
    assert (popularity.entry, popularity.judged, popularity.status) == (voted, False, AwardStatus.CONFIRMED)
    # Revoking the judging's award of the same entry leaves its popularity award alone.
    ranked = Award.objects.get(entry=voted, judged=True)
    services.revoke_award(award=ranked, reason="评审复核", by=scene.organizer)
    popularity.refresh_from_db()
    assert popularity.status == AwardStatus.CONFIRMED
    assert holders(scene.contest, "人气奖") == ["作品b1"]


def _short_b_scene():
    """Track a: eight finalists, one more than its places; track b: two, five places short."""
    scene = final_scene({"a": [*SEVEN, (3, 3)], "b": [(2, 2), (1, 1)]})
    services.allocate_awards(contest=scene.contest, by=scene.organizer)
    return scene


def _vacant(scene, name, track):
    from awards import queries

    vacancies = queries.vacancies(scene.contest, queries.award_table(scene.contest))
    return next((v.places for v in vacancies if v.award_type.name == name and v.track == track), 0)


def test_an_empty_place_moves_to_another_track_with_a_reason():
    scene = _short_b_scene()
    third, left_out = award_type(scene.contest, "三等奖"), scene.entries["a8"]
    assert _vacant(scene, "三等奖", scene.tracks["b"]) == 3

    award = services.move_vacancy(
        contest=scene.contest,
        award_type=third,
        from_track=scene.tracks["b"],
        entry=left_out,
        reason="赛道b作品不足，组委会决定",
        by=scene.organizer,
    )

    assert (award.track, award.moved_from, award.place) == (scene.tracks["a"], scene.tracks["b"], 4)
    assert holders(scene.contest, "三等奖", scene.tracks["a"]) == ["作品a5", "作品a6", "作品a7", "作品a8"]
    assert _vacant(scene, "三等奖", scene.tracks["b"]) == 2
    record = AuditRecord.objects.get(action="award_changed", entry_code=left_out.code)
    assert (record.reason, record.after["moved_from"]) == ("赛道b作品不足，组委会决定", "b")
    assert verify_audit_chain().ok
    assert len(services.confirm_awards(contest=scene.contest, by=scene.organizer)) == 10


@pytest.mark.parametrize(
    ("name", "track", "entry", "reason", "message"),
    [
        ("三等奖", "b", "a8", " ", "reason"),
        ("三等奖", "a", "a8", "理由", "no empty place"),
        ("三等奖", "b", "b1", "理由", "another track"),
        ("三等奖", "b", "a1", "理由", "already holds"),
        ("特等奖", "b", "a8", "理由", "per-track"),
    ],
)
def test_moving_a_place_is_refused_without_reason_vacancy_or_a_free_finalist(name, track, entry, reason, message):
    scene = _short_b_scene()
    with pytest.raises(ValidationError, match=message):
        services.move_vacancy(
            contest=scene.contest,
            award_type=award_type(scene.contest, name),
            from_track=scene.tracks[track],
            entry=scene.entries[entry],
            reason=reason,
            by=scene.organizer,
        )
    assert not Award.objects.filter(moved_from__isnull=False).exists()
