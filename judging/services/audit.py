"""The judging log: append-only records, each hashed with the previous record's hash.

Writers lock the single `AuditHead` row, so records get consecutive numbers and chain in
commit order; a rolled-back transaction leaves neither record nor head behind. The database
refuses UPDATE (and, on PostgreSQL, DELETE) of records by trigger (migration 0002); the chain
makes any change that bypasses that visible to `verify_audit_chain`. Anyone holding an
export of the records can recompute the chain, and the head hash printed by the command can
be recorded outside the portal (e.g. in a work bulletin) to anchor it.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction

from contest.schedule import now_or

from ..models import AuditHead, AuditRecord
from ..models.audit import GENESIS
from .common import bulk_insert, plain

# From this many records at once, the log is written in bulk, bypassing the ORM's per-row work.
BULK_FROM = 100


def _actor_fields(actor):
    if actor is None:
        return {"actor_id": None, "actor": "system"}
    return {"actor_id": actor.pk, "actor": actor.get_username()[:150]}


def _locked_head():
    head = AuditHead.objects.select_for_update(of=("self",)).filter(pk=1).first()
    if head is not None:
        return head
    last = AuditRecord.objects.order_by("-seq").first()
    try:
        with transaction.atomic():
            AuditHead.objects.create(pk=1, seq=last.seq if last else 0, hash=last.hash if last else GENESIS)
    except IntegrityError:
        pass  # created meanwhile by another writer
    return AuditHead.objects.select_for_update(of=("self",)).get(pk=1)


def append_audit(**record):
    """Append one record (keyword arguments as for `append_audit_many`); returns it."""
    return append_audit_many([record])[0]


def append_audit_many(records, *, now=None):
    """Append records, each a dict with action, actor and optionally round, entry, judge, before, after, reason.

    Must run inside the caller's transaction (the change it records and the record commit together).
    """
    if not records:
        return []
    now = now_or(now)
    head = _locked_head()
    rows = []
    seq, previous = head.seq, head.hash
    for record in records:
        seq += 1
        round_ = record.get("round")
        entry = record.get("entry")
        judge = record.get("judge")
        row = AuditRecord(
            seq=seq,
            created_at=record.get("now") or now,
            action=record["action"],
            round_code=round_.code if round_ is not None else "",
            entry_code=entry.code if entry is not None else "",
            judge_id=judge.pk if judge is not None else None,
            before=plain(record.get("before")),
            after=plain(record.get("after")),
            reason=record.get("reason", ""),
            prev_hash=previous,
            **_actor_fields(record.get("actor")),
        )
        row.hash = row.compute_hash()
        previous = row.hash
        rows.append(row)
    _insert(rows)
    head.seq, head.hash = seq, previous
    head.save(update_fields=["seq", "hash"])
    return rows


def _insert(rows):
    if len(rows) < BULK_FROM:
        AuditRecord.objects.bulk_create(rows)
        return
    fields = [f for f in AuditRecord._meta.concrete_fields if not f.primary_key]
    bulk_insert(
        AuditRecord,
        [f.name for f in fields],
        [tuple(f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields) for row in rows],
    )


@dataclass
class ChainReport:
    count: int = 0
    head: str = GENESIS
    problems: list = field(default_factory=list)  # (seq, what is wrong)

    @property
    def ok(self):
        return not self.problems


def verify_audit_chain(*, chunk=2000):
    """Recompute every record's hash in order; report each break (changed, missing or reordered records)."""
    report = ChainReport()
    expected_seq, previous = 1, GENESIS
    for record in AuditRecord.objects.order_by("seq").iterator(chunk_size=chunk):
        if record.seq != expected_seq:
            report.problems.append((record.seq, f"expected record #{expected_seq}: records are missing"))
        if record.prev_hash != previous:
            report.problems.append((record.seq, "does not follow the record before it"))
        if record.compute_hash() != record.hash:
            report.problems.append((record.seq, "its content does not match its hash: it was changed"))
        previous = record.hash
        expected_seq = record.seq + 1
        report.count += 1
    report.head = previous
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (expected_seq - 1, previous):
        report.problems.append((head.seq, "the head does not match the last record: records were removed at the end"))
    return report
