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
import base64
import hashlib
import io
import json
import os
import random
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "vote_bench"
API_TOKEN = "bench-api-token-0123456789abcdef"  # noqa: S105 - a throwaway client of a throwaway database

SETTINGS = """
from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_vote_urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""

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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    """A redis-server of the benchmark's own, without persistence: a restart loses every key."""

    def __init__(self, work, port):
        self.work, self.port, self.process = work, port, None

    def start(self):
        command = (
            f"taskset -c 0 redis-server --port {self.port} --bind 127.0.0.1 --save '' --appendonly no --dir {self.work}"
        )
        self.process = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def server_env(work, redis_port):
    (work / "bench_vote_settings.py").write_text(SETTINGS)
    (work / "bench_vote_urls.py").write_text(URLS)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(work), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "bench_vote_settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-secret-key-" + base64.urlsafe_b64encode(os.urandom(24)).decode(),
        "VOTE_HASH_KEY": "bench-hash-key-" + base64.urlsafe_b64encode(os.urandom(24)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DB_CONN_MAX_AGE": "600",
        "TRUSTED_PROXY_COUNT": "1",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "warning",
        "LOG_FORMAT": "text",
    }
    return env


def migration_state():
    """A digest of the migrations (ours, and the pinned packages' through requirements.txt)."""
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def recreate_database(env):
    """A fresh, migrated database. Migrating takes longer than the whole --smoke run, so a migrated
    copy is kept as a template per migration state and the next run starts from it."""
    import psycopg

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    template = f"{DB_NAME}_{migration_state()}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{DB_NAME}\\_%"])
        kept = [name for (name,) in rows]
        for stale in kept:
            if stale != template:
                conn.execute(f"DROP DATABASE {stale} WITH (FORCE)")
        if template in kept:
            conn.execute(f"CREATE DATABASE {DB_NAME} TEMPLATE {template}")
            return
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {template} TEMPLATE {DB_NAME}")


def prepare(env, finalist_count):
    """Create an edition whose public vote is open, finalists and an API client."""
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), env["PYTHONPATH"].split(os.pathsep)[0]]
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from contest.models import Contest, Stage, Track
    from registration.models import Entrant, Entry
    from voting.models import ApiClient, VoteSettings

    now = timezone.now()
    contest = Contest.objects.create(
        name="基准测试大赛",
        short_name="基准",
        slug="bench",
        is_current=True,
        hosts="主办单位",
        introduction="-",
        rules_text="-",
        ip_terms="-",
    )
    Stage.objects.create(
        contest=contest, kind=Stage.Kind.PUBLIC_VOTE, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1)
    )
    track = Track.objects.create(contest=contest, code="gov", name="数字支撑政务服务", description="-")
    codes = []
    for n in range(finalist_count):
        user = get_user_model().objects.create(username=f"bench{n}", phone=f"+86139{n:08d}")
        entrant = Entrant.objects.create(contest=contest, user=user, kind="team", name=f"团队{n}", region="baoding")
        entry = Entry.objects.create(
            contest=contest,
            entrant=entrant,
            track=track,
            title=f"作品{n}",
            display_name=f"团队{n}+作品{n}",
            summary="-",
            kind="solution",
            consent_original=True,
            consent_publicity=True,
            status="submitted",
            round_reached="final",
            first_submitted_at=now,
            submitted_at=now,
        )
        codes.append(entry.code)
    # Organic load: the rules about who votes stay as configured; the ones about a finalist's
    # hourly shape are off, since a run at 3 a.m. or the first seconds of a run are not organic.
    VoteSettings.objects.create(contest=contest, night_starts_hour=0, night_ends_hour=0, jump_min_votes=10**9)
    client = ApiClient(name="bench", requests_per_minute=10**9)
    client.token_hash, client.token_prefix = ApiClient.hash_token(API_TOKEN), API_TOKEN[:8]
    client.save()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_floor (id bigserial PRIMARY KEY, x integer)")
    # What the scheduled rebuild does on a fresh edition: the live counts exist (all zero).
    from voting import live

    live.store().rebuild(contest.pk)
    return codes


def make_votes(codes, count, seed):
    """Raw HTTP requests for `count` votes: voters of three votes each, random numbers, own address and device."""
    from voting.voters import Voter, issue_voter_token, vote_day

    rng = random.Random(seed)  # noqa: S311 - reproducible load, not secrets
    day = vote_day()
    requests = []
    while len(requests) < count:
        phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        device = f"bench-{rng.getrandbits(64):016x}"
        token = issue_voter_token(Voter.for_phone(phone, day=day, device_id=device))
        ip = f"{rng.randint(11, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        for code in rng.sample(codes, 3):
            body = json.dumps({"finalist": code, "voter_token": token, "device_id": device}).encode()
            requests.append(
                b"POST /api/vote/v1/votes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + f"Authorization: Bearer {API_TOKEN}\r\nX-Forwarded-For: {ip}\r\n".encode()
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
    return requests[:count]


BARE = b"GET /bench/bare HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
FLOOR = b"GET /bench/floor HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


class Connection:
    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def send(self, raw):
        """Send one request, return (status, body); raises OSError/IncompleteRead on a broken connection."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(raw)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = 0
        closing = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                closing = True
        body = await self.reader.readexactly(length) if length else b""
        if closing:
            self.close()
        return status, body

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Tally:
    def __init__(self):
        self.accepted = 0
        self.refused = {}
        self.errors = 0
        self.latencies = []

    def record(self, status, body, *, retry):
        if status == 201:
            self.accepted += 1
            return True
        if status == 409 and retry:
            # "already voted" on a retry: the first attempt was stored, its answer lost.
            self.accepted += 1
            return True
        key = f"{status}:{body[:60]!r}"
        self.refused[key] = self.refused.get(key, 0) + 1
        return status < 500


async def send_with_retries(conn, raw, tally, *, retries):
    for attempt in range(retries + 1):
        try:
            status, body = await conn.send(raw)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            conn.close()
            tally.errors += 1
            await asyncio.sleep(0.05 * (attempt + 1))
            continue
        if raw is BARE or raw is FLOOR:
            return status == 200
        if tally.record(status, body, retry=attempt > 0):
            return True
        await asyncio.sleep(0.05 * (attempt + 1))
    return False


async def closed_loop(port, raws, connections, seconds, tally):
    """Every connection sends its next request (from the iterator `raws`, or `raws` itself when it is
    one fixed request) as soon as the previous answer arrived; returns answered requests per second."""
    stop = time.monotonic() + seconds
    done = 0

    async def worker():
        nonlocal done
        conn = Connection(port)
        while time.monotonic() < stop:
            raw = raws if isinstance(raws, bytes) else next(raws, None)
            if raw is None:
                break
            if await send_with_retries(conn, raw, tally, retries=0):
                done += 1
        conn.close()

    start = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return done / (time.monotonic() - start)


async def open_loop(port, raws, rate, seconds, connections, tally, *, retries=0, during=None):
    """Requests sent at a fixed rate whatever the answers; latency counts from each request's scheduled time."""
    queue = asyncio.Queue()
    total = int(rate * seconds)
    start = time.monotonic() + 0.2

    async def producer():
        for i in range(total):
            due = start + i / rate
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            queue.put_nowait((due, raws[i]))
        for _ in range(connections):
            queue.put_nowait(None)

    async def worker():
        conn = Connection(port)
        while (job := await queue.get()) is not None:
            due, raw = job
            if await send_with_retries(conn, raw, tally, retries=retries):
                tally.latencies.append(time.monotonic() - due)
        conn.close()

    tasks = [asyncio.create_task(producer()), *(asyncio.create_task(worker()) for _ in range(connections))]
    if during is not None:
        tasks.append(asyncio.create_task(during(start)))
    await asyncio.gather(*tasks)


def fmt(cpu):
    return ", ".join(f"{name} {ms:.2f}" for name, ms in cpu.items())


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def cpu_seconds(pids):
    """User + system CPU seconds of these processes so far (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def processes(server, redis):
    """The server's processes by group: gunicorn (master and workers), PostgreSQL, Redis."""
    postgres = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    postgres.append(int(entry.name))
            except OSError:
                continue
    return {"gunicorn": [server.pid, *gunicorn_workers(server.pid)], "postgres": postgres, "redis": [redis.process.pid]}


class Measure:
    """Requests, seconds and CPU seconds by process group, summed over the slices of one endpoint."""

    def __init__(self):
        self.requests = 0
        self.seconds = 0.0
        self.cpu = {}

    def slice(self, server, redis, run):
        """Run `run()` (returning requests/s) once and add what it did."""
        groups = processes(server, redis)
        before = {name: cpu_seconds(pids) for name, pids in groups.items()}
        started = time.monotonic()
        rate = run()
        elapsed = time.monotonic() - started
        self.requests += rate * elapsed
        self.seconds += elapsed
        for name, pids in groups.items():
            self.cpu[name] = self.cpu.get(name, 0) + cpu_seconds(pids) - before[name]

    @property
    def rate(self):
        return self.requests / self.seconds

    def cpu_ms(self):
        return {name: seconds * 1000 / max(1, self.requests) for name, seconds in self.cpu.items()}


def gunicorn_workers(master):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True, check=False)
    return [int(pid) for pid in out.stdout.split()]


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
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError((work / "gunicorn.log").read_text()) from None
            time.sleep(0.1)


def measure_rates(args, port, server, redis, source, tally):
    """Each endpoint's maximum rate (closed loop); returns {name: Measure}."""
    warm = Tally()
    asyncio.run(closed_loop(port, BARE, args.connections, min(2, args.seconds / 5), warm))
    asyncio.run(closed_loop(port, source, args.connections, min(1.5, args.seconds * 0.15), tally))

    # The endpoints take turns in short slices, so that a machine that speeds up or slows
    # down during the run (they do, here) weighs on both alike.
    measures = {"bare": Measure(), "floor": Measure(), "vote": Measure()}
    loads = {"bare": (BARE, warm), "floor": (FLOOR, warm), "vote": (source, tally)}
    for _round in range(args.rounds):
        for name, measure in measures.items():
            raws, into = loads[name]
            measure.slice(
                server,
                redis,
                lambda raws=raws, into=into: asyncio.run(
                    closed_loop(port, raws, args.connections, args.seconds / args.rounds, into)
                ),
            )
    bare_rps, vote_rps, floor_rps = measures["bare"].rate, measures["vote"].rate, measures["floor"].rate
    print(
        f"bare JSON view: {bare_rps:.0f} requests/s; CPU ms per request: {fmt(measures['bare'].cpu_ms())}",
        flush=True,
    )
    print(
        f"floor (a view making only the vote's round trips: Redis, INSERT, Redis): {floor_rps:.0f} requests/s "
        f"= {floor_rps / bare_rps:.2f} of bare; CPU ms per request: {fmt(measures['floor'].cpu_ms())}",
        flush=True,
    )
    print(
        f"vote endpoint: {vote_rps:.0f} votes/s = {vote_rps / floor_rps:.2f} of the floor; "
        f"CPU ms per vote: {fmt(measures['vote'].cpu_ms())}",
        flush=True,
    )
    return measures


def add_run(tally, run):
    tally.accepted += run.accepted
    for key, n in run.refused.items():
        tally.refused[key] = tally.refused.get(key, 0) + n


def measure_latency(args, port, vote_rps, take, tally):
    """The vote endpoint at 70 % of its maximum (open loop); returns (p50, p99) in ms."""
    latency = Tally()
    rate = 0.7 * vote_rps
    asyncio.run(open_loop(port, take(int(rate * args.seconds) + 1), rate, args.seconds, 256, latency))
    add_run(tally, latency)
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
        victim = gunicorn_workers(server.pid)[0]
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
    add_run(tally, crash)
    print(f"crash run: {crash.accepted} accepted, {crash.errors} broken connections retried", flush=True)


def run(args, env, work, redis, log):
    """Every phase against a fresh database and server; returns the figures of the last line."""
    codes = prepare(env, args.finalists)
    server, port = start_server(args, env, work, log)
    try:
        os.sched_setaffinity(0, {1})
        budget = int(1500 * args.seconds * 3)
        print(f"preparing {budget} votes (voter tokens minted with the server's SECRET_KEY)…", flush=True)
        source = iter(make_votes(codes, budget, seed=1))

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
        env = server_env(work, redis.port)
        if args.smoke:
            # The final rebuild runs when no vote arrives any more: its grace would only wait.
            env["VOTE_REBUILD_GRACE_SECONDS"] = "0"
        recreate_database(env)
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
