import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contest.models import Stage
from notifications.models import SmsMessage
from registration.models import Entry, EntryRevision, RegistrationSettings
from registration.services import (
    create_entry,
    delete_entry,
    disqualify_entry,
    restore_entry,
    submit_entry,
    update_entry,
    withdraw_entry,
)
from tests.factories import EntrantFactory, EntryFactory, EntryFileFactory, TrackFactory
from tests.registration.helpers import accept_files

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at_shanghai(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def confirmation_rows():
    return list(
        SmsMessage.objects.filter(purpose=SmsMessage.Purpose.REGISTRATION_CONFIRMATION).values_list(
            "phone", "template", "params", "idempotency_key"
        )
    )


# --- creation and limits ---------------------------------------------------------


def test_create_entry_makes_draft_with_derived_display_name(entrant, owner, track):
    entry = create_entry(entrant=entrant, by=owner, track=track, title="  一网通办助手 ", kind="app")
    entry.refresh_from_db()
    assert (entry.status, entry.title, entry.display_name) == ("draft", "一网通办助手", "智慧团队+一网通办助手")
    assert len(entry.code) == 8
    assert entry.code != str(entry.pk)


def test_create_entry_beyond_total_limit_is_refused(entrant, owner, track, other_track):
    create_entry(entrant=entrant, by=owner, track=track, title="作品一", kind="app")
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=other_track, title="作品二", kind="app")
    assert caught.value.code == "entry_limit_total"
    assert entrant.entries.count() == 1


def test_create_entry_per_track_limit_from_settings(entrant, owner, track, other_track):
    limits = RegistrationSettings.for_contest(entrant.contest)
    limits.max_entries_total = 3
    limits.save()
    create_entry(entrant=entrant, by=owner, track=track, title="作品一", kind="app")
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=track, title="作品二", kind="app")
    assert caught.value.code == "entry_limit_track"
    create_entry(entrant=entrant, by=owner, track=other_track, title="作品三", kind="app")
    assert entrant.entries.count() == 2


def test_create_entry_withdrawn_entries_do_not_count(entrant, owner, track):
    EntryFactory(entrant=entrant, track=track, status="withdrawn", first_submitted_at=timezone.now())
    create_entry(entrant=entrant, by=owner, track=track, title="新作品", kind="app")
    assert entrant.entries.count() == 2


def test_create_entry_track_of_other_contest_is_refused(entrant, owner):
    foreign = TrackFactory(contest__is_current=False)
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=foreign, title="作品", kind="app")
    assert list(caught.value.message_dict) == ["track"]


def test_create_entry_same_display_name_is_refused(contest, entrant, owner, track):
    twin = EntrantFactory(contest=contest, name="智慧团队")  # same entrant name, another account
    EntryFactory(entrant=twin, track=track, title="平台")
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=track, title="平台", kind="app")
    assert list(caught.value.message_dict) == ["title"]


def test_entry_display_name_unique_in_database(entrant, track):
    EntryFactory(entrant=entrant, track=track, title="平台")
    other = EntrantFactory(contest=entrant.contest)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryFactory(entrant=other, track=track, title="别的", display_name="智慧团队+平台")


def test_create_entry_by_other_user_is_denied(entrant, other_user, track):
    with pytest.raises(PermissionDenied):
        create_entry(entrant=entrant, by=other_user, track=track, title="作品", kind="app")
    assert not Entry.objects.exists()


def test_create_entry_invalid_url_is_refused(entrant, owner, track):
    with pytest.raises(ValidationError) as caught:
        create_entry(
            entrant=entrant, by=owner, track=track, title="作品", kind="app", product_url="javascript:alert(1)"
        )
    assert list(caught.value.message_dict) == ["product_url"]


# --- the window, in Asia/Shanghai --------------------------------------------------


@pytest.fixture
def june_window(contest):
    """Registration runs through 20 June 2022: it ends at 21 June 00:00 Beijing time."""
    Stage.objects.filter(contest=contest, kind=Stage.Kind.REGISTRATION).update(
        starts_at=at_shanghai(2022, 3, 10), ends_at=at_shanghai(2022, 6, 21)
    )
    return contest


def test_submit_entry_at_last_second_is_accepted(june_window, complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner, now=at_shanghai(2022, 6, 20, 23, 59, 59))
    complete_entry.refresh_from_db()
    assert complete_entry.status == "submitted"
    assert complete_entry.first_submitted_at == at_shanghai(2022, 6, 20, 23, 59, 59)


def test_submit_entry_at_midnight_after_deadline_is_refused(june_window, complete_entry, owner):
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=complete_entry, by=owner, now=at_shanghai(2022, 6, 21, 0, 0, 0))
    assert caught.value.code == "registration_closed"
    assert "2022-06-20 24:00" in caught.value.messages[0]
    complete_entry.refresh_from_db()
    assert complete_entry.status == "draft"
    assert confirmation_rows() == []


def test_submit_entry_in_utc_midnight_is_still_open(june_window, complete_entry, owner):
    # 20 June 16:00 UTC is 21 June 00:00 in Shanghai: closed, whatever the server's clock zone.
    with pytest.raises(ValidationError):
        submit_entry(entry=complete_entry, by=owner, now=datetime.datetime(2022, 6, 20, 16, 0, tzinfo=datetime.UTC))
    submit_entry(entry=complete_entry, by=owner, now=datetime.datetime(2022, 6, 20, 15, 59, 59, tzinfo=datetime.UTC))


def test_create_entry_before_start_explains_when_it_opens(june_window, entrant, owner, track):
    with pytest.raises(ValidationError) as caught:
        create_entry(
            entrant=entrant, by=owner, track=track, title="作品", kind="app", now=at_shanghai(2022, 3, 9, 23, 59)
        )
    assert caught.value.code == "registration_upcoming"
    assert "2022-03-10 00:00" in caught.value.messages[0]


def test_every_entrant_change_after_deadline_is_refused(june_window, complete_entry, owner, track):
    late = at_shanghai(2022, 6, 21, 0, 0, 1)
    submit_entry(entry=complete_entry, by=owner, now=at_shanghai(2022, 6, 1))
    attempts = [
        lambda: update_entry(entry=complete_entry, by=owner, now=late, title="改名"),
        lambda: withdraw_entry(entry=complete_entry, by=owner, now=late),
        lambda: submit_entry(entry=complete_entry, by=owner, now=late),
        lambda: create_entry(entrant=complete_entry.entrant, by=owner, track=track, title="新", kind="app", now=late),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.code == "registration_closed"
    complete_entry.refresh_from_db()
    assert (complete_entry.title, complete_entry.status) == ("一网通办助手", "submitted")


def test_no_registration_stage_refuses_changes(entrant, owner, track):
    Stage.objects.filter(contest=entrant.contest).delete()
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=track, title="作品", kind="app")
    assert caught.value.code == "registration_unscheduled"


# --- submission ------------------------------------------------------------------


def test_submit_entry_first_time_queues_one_confirmation_sms(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    assert confirmation_rows() == [
        (
            "+8613800138000",
            "registration_confirmation",
            {"entry": "智慧团队+一网通办助手", "number": complete_entry.code},
            f"registration-confirmation:{complete_entry.code}",
        )
    ]


def test_submit_entry_again_after_edit_sends_no_second_sms(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    update_entry(entry=complete_entry, by=owner, summary="新的简介。")
    submit_entry(entry=complete_entry, by=owner)
    withdraw_entry(entry=complete_entry, by=owner)
    submit_entry(entry=complete_entry, by=owner)
    assert len(confirmation_rows()) == 1


def test_submit_entry_rolled_back_leaves_no_sms(complete_entry, owner):
    def submit_then_fail():
        with transaction.atomic():
            submit_entry(entry=complete_entry, by=owner)
            raise RuntimeError("the caller's transaction fails after the service")

    with pytest.raises(RuntimeError):
        submit_then_fail()
    complete_entry.refresh_from_db()
    assert complete_entry.status == "draft"
    assert confirmation_rows() == []


def test_submit_entry_without_files_is_refused(entrant, owner, track):
    from tests.factories import TeamMemberFactory

    TeamMemberFactory(entrant=entrant)
    entry = EntryFactory(entrant=entrant, track=track)
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=entry, by=owner)
    assert len(caught.value.messages) == 2
    entry.refresh_from_db()
    assert entry.status == "draft"


def test_submit_entry_with_refused_or_pending_file_is_refused(entrant, owner, track):
    from tests.factories import TeamMemberFactory

    TeamMemberFactory(entrant=entrant)
    entry = EntryFactory(entrant=entrant, track=track)
    EntryFileFactory(entry=entry, kind="materials", status="refused")
    EntryFileFactory(entry=entry, kind="video", status="checking")
    with pytest.raises(ValidationError):
        submit_entry(entry=entry, by=owner)
    entry.refresh_from_db()
    assert entry.status == "draft"


def test_submit_entry_accepted_but_not_current_file_does_not_count(entrant, owner, track):
    from tests.factories import TeamMemberFactory

    TeamMemberFactory(entrant=entrant)
    entry = EntryFactory(entrant=entrant, track=track)
    EntryFileFactory(entry=entry, kind="materials")
    EntryFileFactory(entry=entry, kind="video", is_current=False)
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=entry, by=owner)
    assert len(caught.value.messages) == 1


def test_submit_entry_team_without_members_is_refused(entrant, owner, track):
    entry = EntryFactory(entrant=entrant, track=track)
    accept_files(entry)
    with pytest.raises(ValidationError):
        submit_entry(entry=entry, by=owner)


def test_submit_entry_missing_description_is_refused_by_field(complete_entry, owner):
    Entry.objects.filter(pk=complete_entry.pk).update(summary="", consent_publicity=False)
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=complete_entry, by=owner)
    assert set(caught.value.message_dict) == {"summary", "consent_publicity"}


def test_submit_app_entry_without_url_is_refused_and_draft_kept(complete_entry, owner):
    update_entry(entry=complete_entry, by=owner, kind="app", usage_instructions="扫码安装。")
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=complete_entry, by=owner)
    assert set(caught.value.message_dict) == {"product_url"}
    complete_entry.refresh_from_db()
    assert (complete_entry.status, complete_entry.kind, complete_entry.usage_instructions) == (
        "draft",
        "app",
        "扫码安装。",
    )


@pytest.mark.parametrize("kind", ["platform", "website", "app", "pc_client"])
def test_entry_with_prototype_needs_url_in_database(complete_entry, kind):
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=complete_entry.pk).update(
            kind=kind, status="submitted", first_submitted_at=timezone.now(), product_url=""
        )


def test_entry_draft_may_lack_url_in_database(complete_entry):
    Entry.objects.filter(pk=complete_entry.pk).update(kind="app", product_url="")
    assert Entry.objects.get(pk=complete_entry.pk).kind == "app"


def test_submit_entry_by_other_user_is_denied(complete_entry, other_user, organizer):
    for intruder in (other_user, organizer):
        with pytest.raises(PermissionDenied):
            submit_entry(entry=complete_entry, by=intruder)
    complete_entry.refresh_from_db()
    assert complete_entry.status == "draft"


# --- edits and history -------------------------------------------------------------


def test_update_entry_draft_keeps_partial_work_without_history(complete_entry, owner):
    update_entry(entry=complete_entry, by=owner, summary="", results="部分")
    complete_entry.refresh_from_db()
    assert (complete_entry.summary, complete_entry.results) == ("", "部分")
    assert complete_entry.revisions.count() == 0


def test_update_entry_submitted_records_revision_and_stays_submitted(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    update_entry(entry=complete_entry, by=owner, title="一网通办助手2.0")
    update_entry(entry=complete_entry, by=owner, title="一网通办助手2.0")  # no change: no revision
    complete_entry.refresh_from_db()
    assert complete_entry.status == "submitted"
    assert complete_entry.display_name == "智慧团队+一网通办助手2.0"
    revisions = list(complete_entry.revisions.order_by("number"))
    assert [(r.number, r.action, r.changed_by_id) for r in revisions] == [
        (1, EntryRevision.Action.SUBMIT, owner.pk),
        (2, EntryRevision.Action.EDIT, owner.pk),
    ]
    assert revisions[0].snapshot["title"] == "一网通办助手"
    assert revisions[1].snapshot["title"] == "一网通办助手2.0"
    assert set(revisions[1].snapshot["files"]) == {"materials", "video"}


def test_update_entry_submitted_cannot_become_incomplete(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    with pytest.raises(ValidationError) as caught:
        update_entry(entry=complete_entry, by=owner, summary="  ")
    assert list(caught.value.message_dict) == ["summary"]
    complete_entry.refresh_from_db()
    assert complete_entry.summary == "作品简介。"
    assert complete_entry.revisions.count() == 1


def test_update_entry_submitted_app_without_url_is_refused(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    with pytest.raises(ValidationError) as caught:
        update_entry(entry=complete_entry, by=owner, kind="app")
    assert set(caught.value.message_dict) == {"product_url", "usage_instructions"}


def test_update_entry_to_full_track_is_refused(entrant, owner, track, other_track):
    limits = RegistrationSettings.for_contest(entrant.contest)
    limits.max_entries_total = 2
    limits.save()
    first = create_entry(entrant=entrant, by=owner, track=track, title="一", kind="app")
    create_entry(entrant=entrant, by=owner, track=other_track, title="二", kind="app")
    with pytest.raises(ValidationError) as caught:
        update_entry(entry=first, by=owner, track=other_track)
    assert caught.value.code == "entry_limit_track"


def test_withdraw_entry_records_history_and_frees_the_place(complete_entry, owner, track):
    submit_entry(entry=complete_entry, by=owner)
    withdraw_entry(entry=complete_entry, by=owner)
    complete_entry.refresh_from_db()
    assert complete_entry.status == "withdrawn"
    assert list(complete_entry.revisions.values_list("action", flat=True)) == ["submit", "withdraw"]
    create_entry(entrant=complete_entry.entrant, by=owner, track=track, title="另一个", kind="app")


def test_withdraw_entry_draft_is_refused(complete_entry, owner):
    with pytest.raises(ValidationError) as caught:
        withdraw_entry(entry=complete_entry, by=owner)
    assert caught.value.code == "entry_not_submitted"


def test_resubmit_withdrawn_entry_respects_limits(complete_entry, owner, track):
    submit_entry(entry=complete_entry, by=owner)
    withdraw_entry(entry=complete_entry, by=owner)
    create_entry(entrant=complete_entry.entrant, by=owner, track=track, title="另一个", kind="app")
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=complete_entry, by=owner)
    assert caught.value.code == "entry_limit_total"


def test_delete_entry_draft_only(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    with pytest.raises(ValidationError):
        delete_entry(entry=complete_entry, by=owner)
    draft = EntryFactory(entrant=complete_entry.entrant, track=complete_entry.track)
    delete_entry(entry=draft, by=owner)
    assert list(Entry.objects.values_list("pk", flat=True)) == [complete_entry.pk]


# --- organizers ------------------------------------------------------------------


def test_disqualify_and_restore_entry_keep_history(complete_entry, owner, organizer):
    submit_entry(entry=complete_entry, by=owner)
    disqualify_entry(entry=complete_entry, by=organizer, ground="cheating_or_infringement", note="抄袭他人作品")
    complete_entry.refresh_from_db()
    assert (complete_entry.status, complete_entry.disqualification_ground, complete_entry.disqualification_note) == (
        "disqualified",
        "cheating_or_infringement",
        "抄袭他人作品",
    )
    restore_entry(entry=complete_entry, by=organizer, note="复核后恢复")
    complete_entry.refresh_from_db()
    assert (complete_entry.status, complete_entry.disqualification_ground) == ("submitted", "")
    rows = list(complete_entry.revisions.values_list("number", "action", "note", "changed_by"))
    assert rows == [
        (1, "submit", "", owner.pk),
        (2, "disqualify", "抄袭他人作品", organizer.pk),
        (3, "restore", "复核后恢复", organizer.pk),
    ]


def test_disqualified_entry_cannot_be_edited_or_resubmitted(complete_entry, owner, organizer):
    submit_entry(entry=complete_entry, by=owner)
    disqualify_entry(entry=complete_entry, by=organizer, ground="false_information")
    with pytest.raises(ValidationError):
        update_entry(entry=complete_entry, by=owner, title="换个名字")
    with pytest.raises(ValidationError):
        submit_entry(entry=complete_entry, by=owner)


def test_disqualify_entry_needs_a_rules_ground(complete_entry, owner, organizer):
    submit_entry(entry=complete_entry, by=owner)
    with pytest.raises(ValidationError) as caught:
        disqualify_entry(entry=complete_entry, by=organizer, ground="we_dislike_it")
    assert list(caught.value.message_dict) == ["ground"]


def test_disqualify_entry_by_entrant_is_denied(complete_entry, owner, other_user):
    submit_entry(entry=complete_entry, by=owner)
    for user in (owner, other_user):
        with pytest.raises(PermissionDenied):
            disqualify_entry(entry=complete_entry, by=user, ground="illegal")
    complete_entry.refresh_from_db()
    assert complete_entry.status == "submitted"


def test_disqualified_needs_ground_in_database(complete_entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=complete_entry.pk).update(status="disqualified", first_submitted_at=timezone.now())


def test_disqualify_works_after_registration_closed(complete_entry, owner, organizer):
    submit_entry(entry=complete_entry, by=owner)
    Stage.objects.filter(contest=complete_entry.contest).update(
        starts_at=timezone.now() - timedelta(days=60), ends_at=timezone.now() - timedelta(days=1)
    )
    disqualify_entry(entry=complete_entry, by=organizer, ground="illegal")
    assert Entry.objects.get(pk=complete_entry.pk).status == "disqualified"


def test_submit_entry_account_without_phone_submits_without_sms(complete_entry, owner):
    owner.phone = None
    owner.save(update_fields=["phone"])
    submit_entry(entry=complete_entry, by=owner)
    complete_entry.refresh_from_db()
    assert complete_entry.status == "submitted"
    assert confirmation_rows() == []
