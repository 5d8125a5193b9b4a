"""Exports of the public vote.

`export_votes(user)`: the votes a person cast, for "download my data"
(accounts.services.register_personal_data). Votes hold no number, only its keyed hash, so a
person's votes are found by hashing the number of their account. They are not erased with
the account: they hold nothing that names the person, and the counts of the popularity award
must stay auditable.

`vote_rows(contest)`: every vote of the edition for the organizers (CSV and Excel), with the
phone's keyed hash and never a number; read in chunks, so that half a million votes stream.
"""

from django.utils.translation import gettext as _

from documents.spreadsheets import excel_instant, sheet_title, text_safe_row, workbook_bytes

from .models import Channel, Vote
from .voters import phone_hash


def export_votes(user):
    if not user.phone:
        return []
    rows = Vote.objects.filter(phone_hash=phone_hash(user.phone)).select_related("entry").order_by("created_at", "pk")
    return [
        {"day": vote.day, "finalist": vote.entry.display_name, "cast_at": vote.created_at, "status": vote.status}
        for vote in rows
    ]


def vote_header():
    return [
        _("Cast at"),
        _("Day"),
        _("Entry code"),
        _("Display name"),
        _("Phone (keyed hash)"),
        _("Channel"),
        _("Network"),
        _("Status"),
        _("Reason"),
        _("Cluster"),
    ]


def vote_rows(contest):
    """One list per vote, oldest first, from a server-side cursor (the phone only as its hash)."""
    statuses = dict(Vote.Status.choices)
    channels = dict(Channel.choices)
    votes = (
        Vote.objects.filter(contest=contest)
        .order_by("created_at", "pk")
        .values_list(
            "created_at",
            "day",
            "entry__code",
            "entry__display_name",
            "phone_hash",
            "channel",
            "network",
            "status",
            "reason",
            "cluster_id",
        )
    )
    for cast_at, day, code, name, hashed, channel, network, status, reason, cluster in votes.iterator(chunk_size=5000):
        yield [
            excel_instant(cast_at),
            day,
            code,
            name,
            hashed,
            str(channels.get(channel, channel)),
            network,
            str(statuses.get(status, status)),
            reason,
            cluster,
        ]


def votes_workbook(contest):
    """The .xlsx bytes of every vote, written row by row (openpyxl's write-only mode keeps memory flat)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(_("Votes")))
    sheet.append(vote_header())
    for row in vote_rows(contest):
        sheet.append(text_safe_row(sheet, row))
    return workbook_bytes(workbook)
