"""Live counts and meters of the public vote.

The vote rows are the truth; this package keeps two things beside them that must be fast:

* **Counts** — per edition a sorted set (finalist id → valid votes) and a total counter in
  Redis (`store`). A vote is counted after its row commits; a review or a penalty moves counts
  by the votes whose status it changed (`counting.apply_after_commit`). Every change carries
  the vote's id and a tag, and Redis applies a (vote, tag) pair once, so a retried call after
  a lost answer never counts twice. `RedisStore.rebuild()` recomputes the counts from the
  database; it is exact even while votes arrive (see its docstring), so it can run on a
  schedule and after any crash. When Redis has lost them (a restart), the counts are read
  from the database until a rebuild ran (`counting.counts`).
* **Meters** — short-lived counters per address, /24 network, device, number block and
  finalist-hour that the per-address limit and the fraud rules read as a vote arrives
  (`meters`). They are approximate by nature (fixed windows); the periodic sweep re-reads the
  rows exactly.
* **Pending** — accepted votes' count changes gathered per process and sent to Redis by one
  thread every VOTE_COUNT_FLUSH_MS (`pending`): the vote's hot path costs one INSERT, not an
  INSERT and a Redis call.

Without Redis (`make run`, tests on SQLite) meters live in Django's cache and counts are
counted from the rows on every read.
"""

from .counting import apply_after_commit, counts
from .meters import Arrival, Readings
from .pending import pending
from .store import Change, LocalStore, RedisStore, database_counts, redis_client, store

__all__ = [
    "Arrival",
    "Change",
    "LocalStore",
    "Readings",
    "RedisStore",
    "apply_after_commit",
    "counts",
    "database_counts",
    "pending",
    "redis_client",
    "store",
]
