"""What the portal holds, as JSON: entries, files with the checksum of their stored bytes,
scores, votes and SMS. Run with the portal's environment (DATABASE_URL, S3_BUCKET…); the
restore drill compares the original's inventory with the restored copy's.

    python -m deploy.smoke.inventory
"""

import hashlib
import json
import sys


def stored_sha256(field_file):
    digest = hashlib.sha256()
    with field_file.storage.open(field_file.name, "rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def inventory():
    from judging.models import Assignment, Score
    from notifications.models import SmsMessage
    from registration.models import Entry, EntryFile
    from voting.models import Vote

    entries = list(Entry.objects.order_by("code").values("code", "title", "status", "round_reached", "summary"))
    files = [
        {
            "entry": row.entry.code,
            "kind": row.kind,
            "status": row.status,
            "name": row.file.name,
            "sha256": row.sha256,
            "stored_sha256": stored_sha256(row.file),
        }
        for row in EntryFile.objects.select_related("entry").order_by("pk")
    ]
    scores = [
        {"entry": s.assignment.entry.code, "criterion": s.criterion.name, "value": str(s.value)}
        for s in Score.objects.select_related("assignment__entry", "criterion").order_by("pk")
    ]
    votes = list(Vote.objects.order_by("pk").values("entry__code", "phone_hash", "day", "status"))
    return {
        "entries": entries,
        "files": files,
        "assignments": Assignment.objects.count(),
        "scores": scores,
        "votes": [{**vote, "day": vote["day"].isoformat()} for vote in votes],
        "sms": SmsMessage.objects.count(),
    }


def main():
    import django

    django.setup()
    json.dump(inventory(), sys.stdout, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
