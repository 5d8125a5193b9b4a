"""An entry after its creation: edits and their history, withdrawal, deletion, disqualification."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contest.models import Stage
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
from tests.factories import EntryFactory

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
