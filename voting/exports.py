"""Exports of the public vote.

`export_votes(user)`: the votes a person cast, for "download my data"
(accounts.services.register_personal_data). Votes hold no number, only its keyed hash, so a
person's votes are found by hashing the number of their account. They are not erased with
the account: they hold nothing that names the person, and the counts of the popularity award
must stay auditable.
"""

from .models import Vote
from .voters import phone_hash


def export_votes(user):
    if not user.phone:
        return []
    rows = Vote.objects.filter(phone_hash=phone_hash(user.phone)).select_related("entry").order_by("created_at", "pk")
    return [
        {"day": vote.day, "finalist": vote.entry.display_name, "cast_at": vote.created_at, "status": vote.status}
        for vote in rows
    ]
