"""The judging log: append-only in the database, and any change that gets past that is detected."""

import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from judging.models import AuditHead, AuditRecord
from judging.models.audit import GENESIS
from judging.services import append_audit, verify_audit_chain
from judging.services.audit import BULK_FROM, append_audit_many
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def log(db):
    actor = UserFactory()
    return [
        append_audit(action="assigned", actor=actor, after={"judges": [1, 2, 3]}),
        append_audit(
            action="score_saved", actor=actor, before={"scores": {}}, after={"scores": {"1": {"value": "7.5"}}}
        ),
        append_audit(action="score_submitted", actor=actor, after={"total": "71.250"}, reason="理由"),
        append_audit(action="results_released", actor=None, after={"advanced": 2}),
    ]


def bypass_append_only():
    """What someone with direct database access could do: switch the protection off (rolled back with the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE judging_auditrecord DISABLE TRIGGER judging_auditrecord_append_only")
        else:
            cursor.execute("DROP TRIGGER judging_auditrecord_no_update")


def test_records_chain_from_the_genesis_to_the_head(log):
    assert [r.seq for r in log] == [1, 2, 3, 4]
    assert log[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(log))
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (4, log[-1].hash)
    report = verify_audit_chain()
    assert (report.ok, report.count, report.head) == (True, 4, log[-1].hash)


def test_stored_records_hash_the_same_when_read_back(log):
    for record in AuditRecord.objects.order_by("seq"):
        assert record.compute_hash() == record.hash


def test_the_database_refuses_to_change_a_record(log):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(seq=2).update(reason="改过")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite empties test tables with DELETE, so only PostgreSQL refuses it"
)
def test_postgresql_refuses_to_delete_a_record(log):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(seq=2).delete()


def test_an_edited_record_is_detected(log):
    bypass_append_only()
    AuditRecord.objects.filter(seq=2).update(after={"scores": {"1": {"value": "9.5"}}})

    report = verify_audit_chain()

    assert not report.ok
    assert report.problems == [(2, "its content does not match its hash: it was changed")]
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit_chain", stdout=io.StringIO(), stderr=io.StringIO())


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(log):
    bypass_append_only()
    record = AuditRecord.objects.get(seq=2)
    record.reason = "改过"
    record.hash = record.compute_hash()
    AuditRecord.objects.filter(seq=2).update(reason=record.reason, hash=record.hash)

    assert verify_audit_chain().problems == [(3, "does not follow the record before it")]


def test_a_removed_record_is_detected(log):
    bypass_append_only()
    AuditRecord.objects.filter(seq=3).delete()

    problems = verify_audit_chain().problems

    assert (4, "expected record #3: records are missing") in problems
    assert (4, "does not follow the record before it") in problems


def test_records_removed_at_the_end_are_detected_by_the_head(log):
    bypass_append_only()
    AuditRecord.objects.filter(seq=4).delete()

    assert verify_audit_chain().problems == [
        (4, "the head does not match the last record: records were removed at the end")
    ]


def test_the_command_prints_the_head_and_checks_an_expected_one(log):
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert f"4 records, head {log[-1].hash}" in out.getvalue()

    call_command("verify_audit_chain", expect_head=log[-1].hash, stdout=io.StringIO())
    with pytest.raises(CommandError, match="not the expected"):
        call_command("verify_audit_chain", expect_head=log[0].hash, stdout=io.StringIO())


def test_a_rolled_back_transaction_leaves_no_record_and_no_head_change(log):
    def append_then_fail():
        with transaction.atomic():
            append_audit_many([{"action": "assigned", "actor": None}])
            raise RuntimeError

    with pytest.raises(RuntimeError):
        append_then_fail()

    assert AuditRecord.objects.count() == 4
    assert verify_audit_chain().ok


def test_a_large_batch_is_written_in_bulk_and_reads_back_identically(db):
    records = [
        {
            "action": "assigned",
            "actor": None,
            "before": {"judges": []},
            "after": {"judges": [i, i + 1], "名": "评委"},
            "reason": f"第{i}条",
        }
        for i in range(BULK_FROM + 50)
    ]

    written = append_audit_many(records)

    stored = list(AuditRecord.objects.order_by("seq"))
    assert [r.hash for r in stored] == [r.hash for r in written]
    assert stored[7].after == {"judges": [7, 8], "名": "评委"}
    assert verify_audit_chain().ok
