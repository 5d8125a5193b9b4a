"""Vote benchmark: the real vote endpoint against a bare JSON view, then nothing lost through crashes.

    .venv/bin/python bench/vote.py [--seconds 10] [--connections 48] [--workers 2] [--threads 16] [--smoke]

The portal runs under gunicorn on 127.0.0.1 (gthread workers, DEBUG off, PostgreSQL, a
Redis of the benchmark's own on another port), pinned to CPU 0 with Redis; the load
generator (an asyncio HTTP/1.1 client with keep-alive, in this process) is pinned to CPU 1.
Both endpoints run in the same server with the same worker settings:

* `GET /bench/bare` — a JSON view that does nothing, through the full middleware stack;
* `POST /api/vote/v1/votes` — the API's vote: bearer-token client, voter token, per-address
  meters and fraud rules (one Redis round trip), the INSERT with its constraints (one
  statement), the live count (one Redis call after commit).

Phases: each endpoint's maximum rate (closed loop, every connection busy; the endpoints take
turns in --rounds slices of --seconds in all, so a drift of the machine's speed hits each); the vote
endpoint at 70 % of its maximum (open loop, latency measured from each request's scheduled
time, so queueing counts); then a crash run at half the maximum during which one gunicorn
worker is SIGKILLed and Redis is killed and restarted without its data. Requests that fail
there are retried; a retry answered "already voted" proves its first attempt was stored, so
it counts as accepted. Then `rebuild_vote_counts` runs and the figures are compared:
accepted responses, valid rows in PostgreSQL, and the sum of the Redis counts.

Voters are not verified by SMS here. The script mints their voter tokens itself with
voting.voters.issue_voter_token() — the same signed token the `verify` endpoint returns —
using the SECRET_KEY and VOTE_HASH_KEY it gives the server. There is no endpoint or switch
that skips verification: a token is only valid if whoever made it holds the secret key.
Every request comes from its own address (X-Forwarded-For, one trusted proxy), device and
random number, as organic traffic would; the unusual-hours and share-jump rules are switched
off in the contest's settings so that a run at night or the first seconds' shares do not
flag the load (the other rules run as configured).

`--smoke` runs every phase in about a second each, with one worker and three finalists: it
checks that the script and the code it drives still work, not how fast they are.

Last line: vote_rps=… bare_rps=… ratio=… p50_ms=… p99_ms=… accepted=… rows=… counted=…
"""

import argparse
import asyncio
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lib.database import recreate_database, setup_django_as_server  # noqa: E402
from bench.lib.fixtures import entry_fields, open_contest, submitted  # noqa: E402
from bench.lib.load import Tally, closed_loop, make_votes, open_loop  # noqa: E402
from bench.lib.measure import Measure, percentile, process_groups  # noqa: E402
from bench.lib.server import Redis, accepts, children, free_port, server_env  # noqa: E402

DB_NAME = "vote_bench"
API_TOKEN = "bench-api-token-0123456789abcdef"  # noqa: S105 - a throwaway client of a throwaway database

URLS = """
from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def bare(request):
    return JsonResponse({"ok": True})


def floor(request):
    # The vote's round trips and nothing else: a Redis call, an autocommit INSERT, a Redis call.
    from django.db import connection

    from voting.live import redis_client

    client = redis_client()
    client.execute_command("PING")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor (x) VALUES (1)")
    client.execute_command("PING")
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare", bare), path("bench/floor", floor), *project_urlpatterns]
"""
BARE = b"GET /bench/bare HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
FLOOR = b"GET /bench/floor HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def vote_server_env(work, redis_port):
    """The server's environment: PostgreSQL, the benchmark's Redis, one trusted proxy, the URLs above."""
    (work / "bench_vote_urls.py").write_text(URLS)
    return server_env(
        work,
        "bench_vote_settings",
        'ROOT_URLCONF = "bench_vote_urls"\n',
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        DB_CONN_MAX_AGE="600",
        TRUSTED_PROXY_COUNT="1",
        LOG_FORMAT="text",
    )


def prepare(env, finalist_count):
    """Create an edition whose public vote is open, finalists and an API client."""
    setup_django_as_server(env)
    from django.db import connection

    from voting import live
    from voting.models import ApiClient, VoteSettings

    contest, _stage = open_contest("public_vote", is_current=True)
    codes = add_finalists(contest, finalist_count)
    # Organic load: the rules about who votes stay as configured; the ones about a finalist's
    # hourly shape are off, since a run at 3 a.m. or the first seconds of a run are not organic.
    VoteSettings.objects.create(contest=contest, night_starts_hour=0, night_ends_hour=0, jump_min_votes=10**9)
    client = ApiClient(name="bench", requests_per_minute=10**9)
    client.token_hash, client.token_prefix = ApiClient.hash_token(API_TOKEN), API_TOKEN[:8]
    client.save()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_floor (id bigserial PRIMARY KEY, x integer)")
    # What the scheduled rebuild does on a fresh edition: the live counts exist (all zero).
    live.store().rebuild(contest.pk)
    return codes


def add_finalists(contest, count):
    """`count` teams with an entry each in the final; returns the entries' codes."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from contest.models import Track
    from registration.models import Entrant, Entry

    now = timezone.now()
    track = Track.objects.create(contest=contest, code="gov", name="数字支撑政务服务", description="-")
    codes = []
    for n in range(count):
        user = get_user_model().objects.create(username=f"bench{n}", phone=f"+86139{n:08d}")
        entrant = Entrant.objects.create(contest=contest, user=user, kind="team", name=f"团队{n}", region="baoding")
        fields = entry_fields(entrant, track, f"作品{n}", summary="-", round_reached="final", **submitted(now))
        codes.append(Entry.objects.create(**fields).code)
    return codes


# --smoke: about a second per phase, one worker, a few finalists; still the real server, the
# real vote endpoint, the crash and the rebuild (what CI runs to keep this script working).
SMOKE = {"seconds": 1.0, "rounds": 1, "connections": 8, "workers": 1, "threads": 4, "finalists": 3}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="slices each endpoint's --seconds are cut into")
    parser.add_argument("--connections", type=int, default=48)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--finalists", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help=f"a tiny run that checks the script works: {SMOKE}")
    args = parser.parse_args()
    if args.smoke:
        vars(args).update(SMOKE)
    return args


def start_server(args, env, work, log):
    """gunicorn on a free port, pinned to CPU 0; returns (process, port) once it accepts connections."""
    port = free_port()
    command = (
        f"taskset -c 0 {sys.executable} -m gunicorn config.wsgi:application --bind 127.0.0.1:{port} "
        f"--worker-class {args.worker_class} --workers {args.workers} --threads {args.threads} --keep-alive 30 "
        "--backlog 2048"
    )
    server = subprocess.Popen(command.split(), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while not accepts(port):
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError((work / "gunicorn.log").read_text())
        time.sleep(0.1)
    return server, port


def measure_rates(args, port, server, redis, source, tally):
    """Each endpoint's maximum rate (closed loop); returns {name: Measure}."""
    asyncio.run(closed_loop(port, BARE, args.connections, min(2, args.seconds / 5), None))
    asyncio.run(closed_loop(port, source, args.connections, min(1.5, args.seconds * 0.15), tally))

    # The endpoints take turns in short slices, so that a machine that speeds up or slows
    # down during the run (they do, here) weighs on both alike.
    measures = {"bare": Measure(), "floor": Measure(), "vote": Measure()}
    loads = {"bare": (BARE, None), "floor": (FLOOR, None), "vote": (source, tally)}
    for _round in range(args.rounds):
        for name, measure in measures.items():
            raws, into = loads[name]
            measure.slice(
                process_groups(server, redis),
                lambda raws=raws, into=into: asyncio.run(
                    closed_loop(port, raws, args.connections, args.seconds / args.rounds, into)
                ),
            )
    bare_rps, vote_rps, floor_rps = measures["bare"].rate, measures["vote"].rate, measures["floor"].rate
    print(f"bare JSON view: {bare_rps:.0f} requests/s; CPU ms per request: {measures['bare'].cpu_text()}", flush=True)
    print(
        f"floor (a view making only the vote's round trips: Redis, INSERT, Redis): {floor_rps:.0f} requests/s "
        f"= {floor_rps / bare_rps:.2f} of bare; CPU ms per request: {measures['floor'].cpu_text()}",
        flush=True,
    )
    print(
        f"vote endpoint: {vote_rps:.0f} votes/s = {vote_rps / floor_rps:.2f} of the floor; "
        f"CPU ms per vote: {measures['vote'].cpu_text()}",
        flush=True,
    )
    return measures


def measure_latency(args, port, vote_rps, take, tally):
    """The vote endpoint at 70 % of its maximum (open loop); returns (p50, p99) in ms."""
    latency = Tally()
    rate = 0.7 * vote_rps
    asyncio.run(open_loop(port, take(int(rate * args.seconds) + 1), rate, args.seconds, 256, latency))
    tally.add(latency)
    p50 = percentile(latency.latencies, 0.50) * 1000
    p99 = percentile(latency.latencies, 0.99) * 1000
    print(
        f"at {rate:.0f} votes/s (70 %): p50 {p50:.1f} ms, p99 {p99:.1f} ms, {len(latency.latencies)} answered",
        flush=True,
    )
    return p50, p99


def crash_run(args, port, server, redis, vote_rps, take, tally):
    """Half the maximum rate while a gunicorn worker is SIGKILLed and Redis restarts without its data."""
    crash = Tally()

    async def havoc(start):
        await asyncio.sleep(max(0, start - time.monotonic()) + args.seconds / 3)
        victim = children(server.pid)[0]
        os.kill(victim, signal.SIGKILL)
        print(f"  killed gunicorn worker {victim}", flush=True)
        await asyncio.sleep(args.seconds / 6)
        redis.kill()
        await asyncio.sleep(0.5)
        redis.start()
        print("  restarted Redis (its counts are gone)", flush=True)

    rate = 0.5 * vote_rps
    asyncio.run(
        open_loop(port, take(int(rate * args.seconds) + 1), rate, args.seconds, 256, crash, retries=8, during=havoc)
    )
    tally.add(crash)
    print(f"crash run: {crash.accepted} accepted, {crash.errors} broken connections retried", flush=True)


def run(args, env, work, redis, log):
    """Every phase against a fresh database and server; returns the figures of the last line."""
    codes = prepare(env, args.finalists)
    server, port = start_server(args, env, work, log)
    try:
        os.sched_setaffinity(0, {1})
        budget = int(1500 * args.seconds * 3)
        print(f"preparing {budget} votes (voter tokens minted with the server's SECRET_KEY)…", flush=True)
        source = iter(make_votes(codes, budget, seed=1, api_token=API_TOKEN))

        def take(n):
            chunk = [raw for _, raw in zip(range(n), source, strict=False)]
            if len(chunk) < n:
                raise RuntimeError("not enough prepared votes; lower --seconds")
            return chunk

        tally = Tally()
        measures = measure_rates(args, port, server, redis, source, tally)
        bare_rps, vote_rps = measures["bare"].rate, measures["vote"].rate
        p50, p99 = measure_latency(args, port, vote_rps, take, tally)
        live_before = counts(env)
        print(
            f"before the crash run: accepted={tally.accepted} rows={live_before['rows']} "
            f"counted={live_before['counted']} (no rebuild yet)",
            flush=True,
        )
        crash_run(args, port, server, redis, vote_rps, take, tally)
        from django.core.management import call_command

        # The management command an operator runs after such a night (in this process: Django is set up).
        call_command("rebuild_vote_counts", stdout=io.StringIO())
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    final = counts(env)
    if tally.refused:
        print(f"refusals: {tally.refused}", flush=True)
    print(f"rows by status: {final['by_status']}", flush=True)
    return {
        "vote_rps": f"{vote_rps:.0f}",
        "bare_rps": f"{bare_rps:.0f}",
        "ratio": f"{vote_rps / bare_rps:.2f}",
        "p50_ms": f"{p50:.1f}",
        "p99_ms": f"{p99:.1f}",
        "accepted": tally.accepted,
        "rows": final["rows"],
        "counted": final["counted"],
    }


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-vote-"))
    redis = Redis(work, free_port())
    log = None
    try:
        redis.start()
        env = vote_server_env(work, redis.port)
        if args.smoke:
            # The final rebuild runs when no vote arrives any more: its grace would only wait.
            env["VOTE_REBUILD_GRACE_SECONDS"] = "0"
        recreate_database(env, DB_NAME)
        log = (work / "gunicorn.log").open("wb")
        figures = run(args, env, work, redis, log)
    finally:
        redis.kill()
        if log is not None:
            log.close()
        shutil.rmtree(work, ignore_errors=True)
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


def counts(env):
    """Valid rows in PostgreSQL and the sum of the live counts in Redis."""
    from django.db import connection
    from django.db.models import Count

    from voting import live
    from voting.models import Vote

    connection.close()
    contest_id = Vote.objects.values_list("contest_id", flat=True).first()
    by_status = dict(Vote.objects.values_list("status").annotate(n=Count("id")))
    board = live.store().board(contest_id) or {}
    return {"rows": by_status.get("valid", 0), "counted": sum(board.values()), "by_status": by_status}


if __name__ == "__main__":
    main()
