"""The live store: counts and meters in Redis, or in Django's cache and the rows without it.

* **Counts** — per edition a sorted set (finalist id → valid votes) and a total counter in
  Redis. Every change carries the vote's id and a tag, and Redis applies a (vote, tag) pair
  once, so a retried call after a lost answer never counts twice. `RedisStore.rebuild()`
  recomputes the counts from the database; it is exact even while votes arrive (see its
  docstring), so it can run on a schedule and after any crash.
* **Meters** — counted where the counts are (keys in `voting.live.meters`).

Without Redis (`make run`, tests on SQLite) meters live in Django's cache and counts are
counted from the rows on every read (`LocalStore`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from ..models import Vote
from ..redis_scripts import APPLY, ARRIVAL, START, SWAP
from ..signals import counts_lost
from .meters import Arrival, Readings, hit_key, meter_keys
from .pending import pending

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One vote entering (+1) or leaving (−1) the valid count of a finalist, applied once per tag."""

    entry_id: int
    vote_id: int
    delta: int
    tag: str = "n"


def database_counts(contest_id):
    """Valid votes per finalist id, counted from the rows."""
    rows = Vote.objects.filter(contest_id=contest_id, status=Vote.Status.VALID).values_list("entry_id")
    return dict(rows.annotate(n=Count("id")).values_list("entry_id", "n"))


class LocalStore:
    """Meters in Django's cache, counts from the database: one process, no Redis."""

    uses_redis = False

    def record_arrival(self, arrival: Arrival) -> Readings:
        keys = meter_keys(arrival)
        values = {}
        for name in ("address_hour", "address_window", "network_window", "entry_hour"):
            values[name] = self._incr(*keys[name])
        values["device_phones"] = self._add(*keys["device_phones"], arrival.phone_hash) if arrival.device_id else 0
        values["block_phones"] = self._add(*keys["block_phones"], arrival.phone_hash)
        values["client_minute"] = self._incr(*keys["client_minute"]) if arrival.client_id else 0
        return Readings(**values)

    def hit(self, key, seconds, *, at=None):
        return self._incr(hit_key(key, seconds, at), seconds + 60)

    def apply(self, contest_id, changes):
        """Counts are read from the rows: nothing to move."""

    def board(self, contest_id):
        return database_counts(contest_id)

    def is_built(self, contest_id):
        return True

    def rebuild(self, contest_id):
        return database_counts(contest_id)

    def _incr(self, key, ttl):
        cache.add(key, 0, ttl)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, ttl)
            return 1

    def _add(self, key, ttl, member):
        if cache.add(f"{key}:{member}", 1, ttl):
            return self._incr(f"{key}:n", ttl)
        return cache.get(f"{key}:n", 1)


# --- Redis ------------------------------------------------------------------------

_clients = {}


def redis_client():
    """One client (and connection pool) per process; commands retry on a dropped connection."""
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    url = settings.VOTE_REDIS_URL
    client = _clients.get(url)
    if client is None:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=2,
            socket_timeout=5,
            health_check_interval=30,
            retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 4),
            retry_on_error=[redis.ConnectionError, redis.TimeoutError],
        )
        _clients[url] = client
    return client


class RedisStore:
    uses_redis = True

    def __init__(self):
        self.client = redis_client()
        self._apply = self.client.register_script(APPLY)
        self._arrival = self.client.register_script(ARRIVAL)
        self._start = self.client.register_script(START)
        self._swap = self.client.register_script(SWAP)

    def _keys(self, contest_id):
        p = f"{settings.VOTE_REDIS_PREFIX}:{contest_id}"
        return {
            "board": f"{p}:board",
            "total": f"{p}:total",
            "built": f"{p}:built",
            "rebuilding": f"{p}:rebuilding",
            "journal": f"{p}:journal",
            "queued": f"{p}:rebuild-queued",
            "applied": f"{p}:applied:",
        }

    def _count_keys(self, contest_id):
        k = self._keys(contest_id)
        return [k["board"], k["total"], k["built"], k["rebuilding"], k["journal"], k["queued"]]

    def _run(self, script, keys, args):
        """EVALSHA straight through the client (redis-py's Script wrapper costs more CPU than Redis does)."""
        from redis.exceptions import NoScriptError

        try:
            return self.client.execute_command("EVALSHA", script.sha, len(keys), *keys, *args)
        except NoScriptError:  # Redis restarted and forgot its scripts
            self.client.script_load(script.script)
            return self.client.execute_command("EVALSHA", script.sha, len(keys), *keys, *args)

    # Meters ------------------------------------------------------------------------

    def record_arrival(self, arrival: Arrival) -> Readings:
        keys = meter_keys(arrival)
        names = ("address_hour", "address_window", "network_window", "entry_hour", "client_minute")
        active = (True, True, True, True, bool(arrival.client_id))
        sets = ("device_phones", "block_phones")
        set_active = (bool(arrival.device_id), True)
        # One round trip: a script rather than a pipeline, whose Python side costs more than Redis does.
        values = self._run(
            self._arrival,
            [keys[name][0] for name in names + sets],
            [
                *(keys[name][1] if on else 0 for name, on in zip(names, active, strict=True)),
                *(keys[name][1] if on else 0 for name, on in zip(sets, set_active, strict=True)),
                arrival.phone_hash,
            ],
        )
        return Readings(**dict(zip(names + sets, values, strict=True)))

    def hit(self, key, seconds, *, at=None):
        name = hit_key(key, seconds, at)
        pipe = self.client.pipeline(transaction=False)
        pipe.incr(name)
        pipe.expire(name, seconds + 60, nx=True)
        return pipe.execute()[0]

    # Counts --------------------------------------------------------------------

    def apply(self, contest_id, changes):
        """Move the counts by `changes`; queues a rebuild when Redis turns out to have lost them."""
        changes = list(changes)
        keys = self._count_keys(contest_id)
        prefix = self._keys(contest_id)["applied"]
        for start in range(0, len(changes), 500):
            args = [prefix]
            for change in changes[start : start + 500]:
                args += [change.entry_id, change.vote_id, change.delta, change.tag]
            if self._run(self._apply, keys, args) == -1:
                queue_rebuild(contest_id)

    def board(self, contest_id):
        """Valid votes per finalist id, or None when Redis holds no counts (read the database then)."""
        pending.flush()
        k = self._keys(contest_id)
        pipe = self.client.pipeline(transaction=False)
        pipe.exists(k["built"])
        pipe.zrange(k["board"], 0, -1, withscores=True)
        built, rows = pipe.execute()
        if not built:
            return None
        return {int(member): int(score) for member, score in rows}

    def is_built(self, contest_id):
        return bool(self.client.exists(self._keys(contest_id)["built"]))

    def rebuild(self, contest_id, *, flag_seconds=300):
        """Recompute the counts from the database and swap them in; exact while votes keep arriving.

        1. Raise the `rebuilding` flag: from now on every count change is also journaled
           with its vote id. (A second rebuild while one runs returns None.) Then wait
           VOTE_REBUILD_GRACE_SECONDS: a vote that committed just before the flag may not
           have applied its count yet, and if that came after the swap it would count twice
           (it is in the snapshot too). Its count follows its commit within one flush
           interval (VOTE_COUNT_FLUSH_MS); the grace covers that gap with a wide margin.
        2. Count the valid votes in one database snapshot (REPEATABLE READ on PostgreSQL).
           A change whose row committed before the snapshot is in it; one that committed
           later is not — and was journaled, because its commit, and so its count call,
           came after the flag. Wait the grace again, for the same reason as in 1: a vote
           that committed just before the snapshot must have journaled its count before the
           journal is read for the last time.
        3. For the journaled votes, compare their last journaled direction with their status
           in the snapshot and add the difference to the snapshot counts.
        4. Swap the result in atomically, unless more changes were journaled meanwhile; then
           read those too and try again.
        Returns the counts swapped in.
        """
        k = self._keys(contest_id)
        if not self._start(keys=[k["rebuilding"], k["journal"]], args=[flag_seconds]):
            return None
        try:
            time.sleep(settings.VOTE_REBUILD_GRACE_SECONDS)
            return self._rebuild_in_snapshot(contest_id)
        except BaseException:
            self.client.delete(k["rebuilding"])
            raise

    def _rebuild_in_snapshot(self, contest_id):
        k = self._keys(contest_id)
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            base = database_counts(contest_id)
            time.sleep(settings.VOTE_REBUILD_GRACE_SECONDS)
            last_direction = {}  # vote id -> (entry id, last delta)
            seen = 0
            while True:
                for item in self.client.lrange(k["journal"], seen, -1):
                    entry_id, vote_id, delta = (int(part) for part in item.decode().split(":"))
                    last_direction[vote_id] = (entry_id, delta)
                    seen += 1
                valid_in_snapshot = set(
                    Vote.objects.filter(
                        pk__in=list(last_direction), status=Vote.Status.VALID, contest_id=contest_id
                    ).values_list("pk", flat=True)
                )
                counts = dict(base)
                for vote_id, (entry_id, delta) in last_direction.items():
                    adjustment = (1 if delta > 0 else 0) - (1 if vote_id in valid_in_snapshot else 0)
                    if adjustment:
                        counts[entry_id] = counts.get(entry_id, 0) + adjustment
                args = [seen, timezone.now().isoformat()]
                for entry_id, n in counts.items():
                    args += [entry_id, n]
                if self._swap(keys=self._count_keys(contest_id), args=args):
                    return counts


def queue_rebuild(contest_id):
    """Ask for a rebuild of the counts after commit (`voting.tasks` answers `counts_lost`)."""
    # robust: counting is best effort after the row committed; a broker hiccup must not
    # fail the vote. The scheduled rebuild catches up anyway.
    transaction.on_commit(lambda: counts_lost.send(sender=RedisStore, contest_id=contest_id), robust=True)


_local = LocalStore()


def store():
    """The live store in use: Redis when VOTE_REDIS_URL (or REDIS_URL) is set, else the local one."""
    if settings.VOTE_REDIS_URL:
        key = (settings.VOTE_REDIS_URL, settings.VOTE_REDIS_PREFIX)
        found = _redis_stores.get(key)
        if found is None:
            found = _redis_stores[key] = RedisStore()
        return found
    return _local


_redis_stores = {}
