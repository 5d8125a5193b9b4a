"""Run the production stack natively, use it end to end, break it, back it up and restore it.

    .venv/bin/python -m deploy.smoke          (make smoke)

Environment:
  SMOKE_VIDEO_MB     size of the uploaded video (default 200; CI uses 32: four chunks)
  SMOKE_PG_RESTART   1 (default) restarts the machine's PostgreSQL cluster as a fault; 0 skips it
  SMOKE_KEEP         1 keeps the work directory (logs, nginx.conf, backup) for a look afterwards

Last line: steps=<n> faults=<n> lost=<n> doubled=<n> restore_ok=<yes|no>
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from ..backup import sha256
from .stack import ROOT, Stack


class Tally:
    """Rows expected against rows found: fewer is lost, more is doubled."""

    def __init__(self):
        self.lost = 0
        self.doubled = 0
        self.lines = []

    def expect(self, what, expected, found):
        if found < expected:
            self.lost += expected - found
        elif found > expected:
            self.doubled += found - expected
        self.lines.append(f"{what}: expected {expected}, found {found}")


def run_journey(journey, faults, tally, *, video_mb, pg_restart):
    from .journey import VOTER_PHONES, make_pdf, make_video

    work = journey.work
    journey.setup()
    journey.sign_up()
    journey.create_entry()

    pdf = make_pdf(work / "report.pdf")
    video = make_video(work / "demo.mp4", video_mb)
    journey.upload(pdf, "materials", "application/pdf")
    journey.wait_checked("materials")
    journey.step("PDF uploaded through tus and accepted by the heavy worker")

    client = journey.tus()
    hook, state = faults.upload_hook(client)
    started = time.monotonic()
    journey.upload(video, "video", "video/mp4", before_chunk=hook, client=client)
    took = time.monotonic() - started
    faults.judge_upload_faults(client, state)
    journey.step(f"{video_mb} MB video uploaded through tus in {took:.1f} s ({len(client.refusals)} retries)")
    interrupted = faults.kill_heavy_during_check(journey.entry_code, "video")
    row, status = journey.wait_checked("video")
    if interrupted:
        faults.done(f"heavy worker process {faults.killed_heavy} SIGKILLed during the video check; it completed")
    assert row.sha256 == sha256(video), "the stored video differs from the uploaded one"
    journey.step(
        f"video check accepted it ({row.duration_seconds:.0f} s, {row.video_codec}); status page: {sorted(status)}"
    )
    journey.submit()

    if pg_restart:
        faults.restart_postgres()
    journey.open_round()
    journey.judge_scores()
    journey.release_results()

    journey.open_vote()
    code = journey.vote(VOTER_PHONES[0])
    journey.vote(VOTER_PHONES[1])
    faults.restart_redis()
    journey.vote(VOTER_PHONES[2])
    journey.step(
        f"three voters verified by SMS code and voted for {code} through the API (one after Redis lost its data)"
    )
    counts = wait_for_counts(journey, len(VOTER_PHONES))
    journey.step(f"the organizer published the vote counts: {counts}")
    verify_rows(journey, tally, pdf=pdf, video=video)


def wait_for_counts(journey, expected, timeout=90):
    """The published counts, once the live counts (rebuilt by beat after Redis lost them) agree with the rows."""
    deadline = time.monotonic() + timeout
    journey.publish_counts()
    # Each process reuses the vote's settings for VOTE_CONTEXT_TTL seconds.
    while time.monotonic() < deadline:
        response = journey.api("GET", "counts")
        counts = response.json()
        if response.status_code == 200 and sum(row.get("votes", 0) for row in counts["finalists"]) == expected:
            return counts["finalists"]
        time.sleep(2)
    raise AssertionError(f"published counts {counts} never reached {expected} votes")


def verify_rows(journey, tally, *, pdf, video):
    from judging.models import Assignment, Score
    from notifications.models import SmsMessage
    from registration.models import Entry, EntryFile
    from voting.models import Vote

    from .inventory import stored_sha256

    tally.expect("entries", 1, Entry.objects.filter(contest=journey.contest).count())
    for kind, path in (("materials", pdf), ("video", video)):
        rows = list(EntryFile.objects.filter(entry__code=journey.entry_code, kind=kind))
        tally.expect(f"{kind} files", 1, len(rows))
        intact = sum(1 for row in rows if stored_sha256(row.file) == sha256(path))
        tally.expect(f"{kind} bytes intact", 1, intact)
    confirmations = SmsMessage.objects.filter(purpose=SmsMessage.Purpose.REGISTRATION_CONFIRMATION)
    tally.expect("confirmation SMS", 1, confirmations.count())
    tally.expect("advancement SMS", 1, SmsMessage.objects.filter(purpose=SmsMessage.Purpose.ADVANCEMENT).count())
    tally.expect("score sheets", 1, Assignment.objects.filter(round=journey.round).count())
    criteria = journey.round.criteria.count()
    tally.expect("scores", criteria, Score.objects.filter(assignment__round=journey.round).count())
    tally.expect("votes", 3, Vote.objects.filter(contest=journey.contest).count())


def inventory(stack, **overrides):
    output = subprocess.run(
        [sys.executable, "-m", "deploy.smoke.inventory"],
        cwd=ROOT,
        env=stack.tool_env(**overrides),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def restore_drill(stack, work, restored_db):
    """Back up with deploy/backup.py, restore into a fresh database and bucket, compare."""
    direct = {"S3_ENDPOINT_URL": f"http://127.0.0.1:{stack.ports['moto']}"}
    backup_dir = work / "backup"
    script = str(ROOT / "deploy" / "backup.py")
    subprocess.run([sys.executable, script, "backup", str(backup_dir)], env=stack.tool_env(**direct), check=True)
    subprocess.run(
        [sys.executable, script, "restore", str(backup_dir), "--database", restored_db, "--bucket", "smoke-restored"],
        env=stack.tool_env(**direct),
        check=True,
    )
    before = inventory(stack, **direct)
    after = inventory(
        stack,
        **direct,
        S3_BUCKET="smoke-restored",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{restored_db}",
    )
    same = before == after and all(f["sha256"] == f["stored_sha256"] for f in after["files"])
    print(
        f"restore drill: {len(after['entries'])} entries, {len(after['files'])} files, "
        f"{len(after['scores'])} scores, {len(after['votes'])} votes; identical={same}",
        flush=True,
    )
    return same


def main():
    video_mb = int(os.environ.get("SMOKE_VIDEO_MB", "200"))
    pg_restart = os.environ.get("SMOKE_PG_RESTART", "1") == "1"
    keep = os.environ.get("SMOKE_KEEP", "0") == "1"
    work = Path(tempfile.mkdtemp(prefix="smoke-"))
    suffix = f"{int(time.time())}_{os.getpid()}"
    database, restored_db = f"smoke_{suffix}", f"smoke_restored_{suffix}"
    stack = Stack(work, database=database)
    from .faults import Faults

    faults, tally = Faults(stack), Tally()
    journey, restore_ok, failed = None, False, False
    started = time.monotonic()
    try:
        stack.prepare()
        stack.start_redis()
        stack.start_moto()
        stack.start_portal()
        os.environ.update(stack.env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from .journey import Journey

        journey = Journey(stack, work, video_mb=video_mb)
        run_journey(journey, faults, tally, video_mb=video_mb, pg_restart=pg_restart)
        restore_ok = restore_drill(stack, work, restored_db)
        if restore_ok:
            journey.step("backup restored into a fresh database and bucket: same entries, files, scores, votes")
    except Exception:
        failed = True
        traceback.print_exc()
        print(f"logs in {work}/log (kept)", flush=True)
        keep = True
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        stack.stop()
        stack.drop_databases(database, restored_db)
        if not keep:
            stack.cleanup_work()
    for line in tally.lines + [f"note: {note}" for note in faults.notes]:
        print(line)
    print(f"run time: {time.monotonic() - started:.0f} s")
    steps = journey.steps if journey else 0
    print(
        f"steps={steps} faults={faults.count} lost={tally.lost} doubled={tally.doubled} "
        f"restore_ok={'yes' if restore_ok else 'no'}"
    )
    return 1 if failed or tally.lost or tally.doubled or not restore_ok else 0


if __name__ == "__main__":
    sys.exit(main())
