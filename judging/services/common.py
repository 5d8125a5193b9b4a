"""What the judging verbs share: the round-decided check, reasons, plain-JSON snapshots, bulk inserts.

The organizer check and the clock are shared by every app: `accounts.rules.require_organizer`
and `contest.schedule.now_or`.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _


def check_not_advanced(round_):
    if round_.advanced_at is not None:
        raise ValidationError(
            _("Advancement from this round has been decided; its assignments and scores can no longer change."),
            code="round_advanced",
        )


def require_reason(reason, field="reason"):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Give a reason: it is kept in the judging log.")}, code="reason_required")
    return reason


def number(value):
    """A Decimal as people write it: 90, 7.5 (never 9E+1 or 7.50)."""
    return format(value.normalize(), "f")


def plain(value):
    """A JSON value that reads back from the database exactly as written (no floats, no Decimals)."""
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    return value


def bulk_insert(model, names, rows):
    """Insert rows of `model` given as tuples of database-ready values for the fields `names`.

    For the few places that write tens of thousands of rows at once (an assignment run, its
    log): through the ORM, building instances and preparing every value took longer than the
    work itself, and on PostgreSQL Django's client-side parameter binding slowed it further.
    COPY there, one prepared statement for all rows on SQLite. Callers prepare values with
    the fields' `get_db_prep_save`, once for the values every row shares.
    """
    if not rows:
        return
    opts = model._meta
    columns = ", ".join(connection.ops.quote_name(opts.get_field(name).column) for name in names)
    table = connection.ops.quote_name(opts.db_table)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from the model, values as parameters
            rows,
        )
