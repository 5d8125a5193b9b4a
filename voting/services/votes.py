"""Casting one vote."""

from __future__ import annotations

import logging
from contextlib import nullcontext

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from .. import live
from ..exceptions import (
    AddressLimited,
    AlreadyVoted,
    ApiRateLimited,
    CaptchaRequired,
    DailyLimitReached,
    FinalistExcluded,
    NotAFinalist,
    NotVerified,
    VotingClosed,
)
from ..fraud_rules import arrival_flags, site_network
from ..models import FlagCluster, Vote
from ..queries import vote_context
from ..voters import ua_hash, vote_day
from .clusters import cluster_for

logger = logging.getLogger(__name__)

# A lost race for a daily slot is retried; each retry sees the winner's row.
SLOT_ATTEMPTS = 3


# Longer than most verbs only by its keyword arguments, its docstring and the row's literal:
# the steps of the hot path read in the order a vote takes them.
def cast_vote(
    *,
    finalist_code,
    voter,
    ip,
    device_id="",
    user_agent="",
    page_seconds=None,
    channel=Vote.Channel.WEB,
    api_client=None,
    captcha_passed=False,
    now=None,
    context=None,
):
    """Record one vote of `voter` for the finalist `finalist_code` and count it once it commits.

    Checks, in order: the public-vote stage is open; the code names a finalist not excluded;
    the voter verified a number today; the API client and the address are within their
    rates (past `ip_captcha_after` votes an hour the address needs `captcha_passed`, past
    `ip_refuse_after` it is refused). The fraud rules judge the vote from the meters: a vote
    that breaks one is stored `flagged` in its cluster and not counted until reviewed.

    The INSERT itself enforces the two daily limits whatever the race: a second vote for
    the same finalist on the same day violates a unique constraint (AlreadyVoted), and the
    vote takes the next numbered slot of the phone's day, which a check constraint bounds by
    the daily limit (DailyLimitReached). One statement, so one transaction; the live count
    moves after it commits. `page_seconds` (from the last page with a vote button the device
    loaded to the vote, None when it loaded none) is kept for the shape of the finalist's
    support (voting.support_shape). Returns the Vote.
    """
    now = now or timezone.now()
    context = context or vote_context()
    if context is None or not context.is_open(now):
        raise VotingClosed
    finalist = context.finalists.get(finalist_code)
    if finalist is None:
        raise NotAFinalist
    if finalist.id in context.excluded:
        raise FinalistExcluded
    day = vote_day(now)
    if voter is None or voter.day != day:
        raise NotVerified

    vote_settings = context.settings
    network = site_network(ip)
    flags = _meter_arrival(
        context,
        finalist,
        voter,
        ip=ip,
        network=network,
        device_id=device_id,
        api_client=api_client,
        captcha_passed=captcha_passed,
        now=now,
    )
    cluster_id = cluster_for(context.contest_id, flags[0], day) if flags else None
    row = {
        "contest_id": context.contest_id,
        "entry_id": finalist.id,
        "phone_hash": voter.phone_hash,
        "prefix_hash": voter.prefix_hash,
        "day": day,
        "day_limit": vote_settings.votes_per_phone_per_day,
        "ip": ip,
        "network": network,
        "device_id": device_id,
        "ua_hash": ua_hash(user_agent),
        "page_seconds": page_seconds,
        "channel": channel,
        "api_client_id": api_client.pk if api_client is not None else None,
        "created_at": now,
        "status": Vote.Status.FLAGGED if flags else Vote.Status.VALID,
        "reason": ",".join(flag.rule for flag in flags),
        "cluster_id": cluster_id,
    }
    vote = _insert(row, finalist_id=finalist.id)
    if cluster_id is not None:
        FlagCluster.objects.filter(pk=cluster_id).exclude(status=FlagCluster.Status.OPEN).update(
            status=FlagCluster.Status.OPEN, updated_at=now
        )
    if vote.status == Vote.Status.VALID:
        live.apply_after_commit(context.contest_id, [live.Change(finalist.id, vote.pk, +1)], soon=True)
    return vote


def _meter_arrival(context, finalist, voter, *, ip, network, device_id, api_client, captcha_passed, now):
    """Count the vote in the meters (one round trip) and return the fraud rules it breaks.

    Raises ApiRateLimited, AddressLimited or CaptchaRequired past the client's or the
    address's rate. Without the meters (Redis down) it breaks no rule here.
    """
    vote_settings = context.settings
    arrival = live.Arrival(
        contest_id=context.contest_id,
        ip=ip,
        network=network,
        device_id=device_id,
        phone_hash=voter.phone_hash,
        prefix_hash=voter.prefix_hash,
        entry_id=finalist.id,
        at=now,
        window_minutes=vote_settings.burst_window_minutes,
        client_id=api_client.pk if api_client is not None else None,
    )
    try:
        readings = live.store().record_arrival(arrival)
    except Exception:
        # Redis is down: the vote still counts (the rows are the truth) and the sweep
        # applies the fraud rules to it later; only the per-address limit is skipped.
        logger.exception("voting: meters unavailable; vote accepted without them")
        return []
    if api_client is not None and readings.client_minute > api_client.requests_per_minute:
        raise ApiRateLimited
    if readings.address_hour > vote_settings.ip_refuse_after:
        raise AddressLimited
    if readings.address_hour > vote_settings.ip_captcha_after and not captcha_passed:
        raise CaptchaRequired
    return arrival_flags(
        vote_settings,
        readings,
        ip=ip,
        network=network,
        device_id=device_id,
        prefix_hash=voter.prefix_hash,
        finalist_code=finalist.code,
        at=now,
    )


# The columns a vote is inserted with; `slot` is computed by the statement itself.
INSERT_FIELDS = (
    "contest_id", "entry_id", "phone_hash", "prefix_hash", "day", "day_limit", "ip", "network", "device_id",
    "ua_hash", "page_seconds", "channel", "api_client_id", "created_at", "status", "reason", "cluster_id",
)  # fmt: skip
ADAPTED = ("day", "ip", "created_at")
_statements = {}


def _insert_statement():
    """INSERT … VALUES (…, (SELECT MAX(slot) + 1 of the phone's day)) RETURNING id, slot.

    Written out once rather than built by the ORM for every vote: compiling an INSERT with a
    subquery costs the web worker more CPU than the database spends running it. The lookup
    follows the daily-slot constraint's index (phone_hash, day, contest, slot).
    """
    vendor = connection.vendor
    if vendor not in _statements:
        quote = connection.ops.quote_name
        meta = Vote._meta
        columns = [quote(meta.get_field(name).column) for name in INSERT_FIELDS]
        table, slot = quote(meta.db_table), quote("slot")
        where = " AND ".join(f"{quote(column)} = %s" for column in ("phone_hash", "day", "contest_id"))
        values = ", ".join(["%s"] * len(columns))
        # Only quoted names from the model's metadata are interpolated; every value is a parameter.
        _statements[vendor] = (
            f"INSERT INTO {table} ({', '.join(columns)}, {slot}) "  # noqa: S608
            f"VALUES ({values}, (SELECT COALESCE(MAX({slot}), 0) + 1 FROM {table} WHERE {where})) "
            f"RETURNING {quote(meta.pk.column)}, {slot}"
        )
    return _statements[vendor]


def _insert(row, *, finalist_id):
    """INSERT the vote `row` (values by attribute name) into the phone's next daily slot and
    return it as a Vote, or raise why the database refused it."""
    if connection.vendor == "postgresql":
        # psycopg sends dates, datetimes and the address as they are; PostgreSQL types them.
        params = [row[name] for name in INSERT_FIELDS]
    else:
        meta = Vote._meta
        params = [
            meta.get_field(name).get_db_prep_save(row[name], connection) if name in ADAPTED else row[name]
            for name in INSERT_FIELDS
        ]
    params += [row["phone_hash"], params[INSERT_FIELDS.index("day")], row["contest_id"]]
    sql = _insert_statement()
    for _attempt in range(SLOT_ATTEMPTS):
        try:
            # Alone, the INSERT is its own transaction; inside the caller's, a savepoint keeps
            # that transaction usable after a refusal.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                pk, slot = _execute_insert(sql, params)
            return _stored_vote(row, pk=pk, slot=slot)
        except IntegrityError as refusal:
            day_votes = list(
                Vote.objects.filter(
                    contest_id=row["contest_id"], phone_hash=row["phone_hash"], day=row["day"]
                ).values_list("entry_id", "pk", "slot", "created_at", "device_id")
            )
            if getattr(refusal, "resent", False):
                mine = (finalist_id, row["created_at"], row["device_id"])
                for entry_id, pk, slot, created_at, device_id in day_votes:
                    if (entry_id, created_at, device_id) == mine:
                        # This very vote, stored by an attempt whose answer the connection lost.
                        return _stored_vote(row, pk=pk, slot=slot)
            used = [entry_id for entry_id, *_ in day_votes]
            if finalist_id in used:
                raise AlreadyVoted from None
            if len(used) >= row["day_limit"]:
                raise DailyLimitReached from None
            # Another vote of the same phone took the slot first: try the next one.
    raise DailyLimitReached


_ATTNAMES = [field.attname for field in Vote._meta.concrete_fields]


def _stored_vote(row, *, pk, slot):
    # Positional arguments: the cheapest way to build an instance Django offers.
    vote = Vote(*[pk if name == "id" else slot if name == "slot" else row.get(name) for name in _ATTNAMES])
    vote._state.adding = False
    vote._state.db = connection.alias
    return vote


def _execute_insert(sql, params):
    """Run the INSERT and return (id, slot).

    On PostgreSQL the statement goes through a server-side-binding cursor, prepared when the
    connection is kept between requests (DB_CONN_MAX_AGE > 0): the server then parses and
    plans it once per connection instead of once per vote. It skips Django's per-request
    health check (a `SELECT 1` round trip, as costly as the vote itself); instead, a kept
    connection found dead is replaced and the statement sent once more. If the first attempt
    had committed before the connection died, the unique constraint refuses the second and
    `_insert` recognises the stored row as this vote's. A prepared statement needs a
    session-level connection: direct, or PgBouncer ≥ 1.22 with `max_prepared_statements`.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    try:
        return _execute_prepared(sql, params)
    except OperationalError:
        # A server restart or an idle timeout leaves a kept connection dead: go again once on a
        # fresh one. Inside a transaction the caller's work died with the connection: let it fail.
        raw = connection.connection
        if connection.in_atomic_block or raw is None or not (raw.closed or raw.broken):
            raise
        connection.close()
    try:
        return _execute_prepared(sql, params)
    except IntegrityError as refusal:
        refusal.resent = True
        raise


def _execute_prepared(sql, params):
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    # Preparing costs a round trip once per connection: worth it only on a kept one.
    prepare = connection.settings_dict["CONN_MAX_AGE"] != 0
    if prepare and raw.prepare_threshold is None:
        # Django turns preparing off (None) for its own client-side cursors, which never
        # prepare anyway; a threshold no count reaches lets `prepare=True` below work
        # without preparing anything else.
        raw.prepare_threshold = 2**31 - 1
    with connection.wrap_database_errors, psycopg.Cursor(raw) as cursor:
        cursor.execute(sql, params, prepare=prepare)
        return cursor.fetchone()
