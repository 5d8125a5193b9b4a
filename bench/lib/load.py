"""Load on a server: an asyncio HTTP/1.1 client with keep-alive, closed and open loops, and
the vote requests of organic voters."""

import asyncio
import json
import random
import time


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
    """What became of the votes sent: accepted, refused (by answer), broken connections, latencies."""

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

    def add(self, run):
        """Add the accepted and refused votes of another run."""
        self.accepted += run.accepted
        for key, n in run.refused.items():
            self.refused[key] = self.refused.get(key, 0) + n


async def send_with_retries(conn, raw, tally, *, retries):
    """Send `raw` until it is answered; a vote is recorded in `tally`, a request with no tally
    (a fixed GET) only needs a 200."""
    for attempt in range(retries + 1):
        try:
            status, body = await conn.send(raw)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            conn.close()
            if tally is not None:
                tally.errors += 1
            await asyncio.sleep(0.05 * (attempt + 1))
            continue
        if tally is None:
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


def make_votes(codes, count, seed, api_token):
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
                + f"Authorization: Bearer {api_token}\r\nX-Forwarded-For: {ip}\r\n".encode()
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
    return requests[:count]
