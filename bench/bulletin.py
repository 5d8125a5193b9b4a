"""Work bulletin benchmark: build the bulletin of a large edition, and of one tenth of it.

    .venv/bin/python bench/bulletin.py [--entries 5000] [--judges 100] [--votes 500000] [--smoke]
        [--database-url URL]

Builds, in a throwaway SQLite database (or the database of --database-url, which must be one
you can fill), two editions with bulk inserts: the large one with `--entries` submitted entries
over three tracks and fifteen regions (two files each, one in twenty refused), `--judges` judges
on a released preliminary round with five score sheets per entry, 60 finalists and `--votes`
votes over twenty days (flagged and invalid ones among them, counts published); the small one
with a tenth of each. Then, for each, it runs the bulletin's Celery task (eager, in this
process, as a heavy worker would) for the closed vote stage: every section's figures, the
SVG charts, the HTML and the PDF through WeasyPrint, and the storage write. It prints the
wall and CPU time of each build and the queries each made.

Goal: build_s < 30, pdf_kb < 2,000, queries_small == queries_large (the figures are
aggregates: their number of queries does not grow with the data). `--smoke` builds 50 entries
and 5,000 votes, in a few seconds, so that the script is checked with the test suite.

Last line: entries=<n> build_s=<x> pdf_kb=<x> queries_small=<n> queries_large=<n>
"""

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lib.database import setup_django  # noqa: E402

SMOKE = {"entries": 50, "judges": 10, "votes": 5000}
REGIONS = ("shijiazhuang", "tangshan", "baoding", "handan", "langfang", "xiongan", "cangzhou", "hengshui")
BATCH = 5000
FINALISTS = 60
VOTE_DAYS = 20


def build_contest(tag, entries_count, judges_count, votes_count):
    """An edition whose vote closed yesterday, its data bulk-inserted; returns its vote stage."""
    from django.utils import timezone

    from contest.models import Contest, Stage, Track
    from voting.models import VoteSettings

    now = timezone.now()
    contest = Contest.objects.create(name=f"基准大赛{tag}", short_name="基准", slug=f"bench-{tag}", hosts="主办")
    tracks = [
        Track.objects.create(contest=contest, code=code, name=name, order=n)
        for n, (code, name) in enumerate(
            (("gov", "数字支撑政务服务"), ("eco", "数字赋能经济发展"), ("fin", "数字服务金融创新"))
        )
    ]
    plan = (("registration", 90, 60), ("preliminary", 60, 40), ("public_vote", VOTE_DAYS + 1, 1))
    stages = {
        kind: Stage.objects.create(
            contest=contest, kind=kind, starts_at=now - timedelta(days=start), ends_at=now - timedelta(days=end)
        )
        for kind, start, end in plan
    }
    VoteSettings.objects.create(contest=contest, counts_published_at=now - timedelta(hours=1))
    entries = _registration(contest, tracks, entries_count, now, tag)
    _judging(contest, stages["preliminary"], entries, judges_count, now, tag)
    _votes(contest, entries[:FINALISTS], votes_count, now)
    return stages["public_vote"]


def _registration(contest, tracks, count, now, tag):
    from accounts.models import User
    from registration.models import Entrant, Entry, EntryFile

    users = User.objects.bulk_create(
        (User(username=f"e{tag}-{n}", phone=f"+861{tag}{n:09d}") for n in range(count)), batch_size=BATCH
    )
    entrants = Entrant.objects.bulk_create(
        (
            Entrant(contest=contest, user=user, kind=("team", "individual")[n % 2], name=f"团队{tag}-{n}",
                    region=REGIONS[n % len(REGIONS)], accepted_rules_at=now, accepted_privacy_at=now)
            for n, user in enumerate(users)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    entries = Entry.objects.bulk_create(
        (
            Entry(contest=contest, entrant=entrant, track=tracks[n % 3], title=f"作品{n}", display_name=f"团队{tag}-{n}+作品{n}",
                  kind="solution", status="submitted", consent_original=True, consent_publicity=True,
                  round_reached="final" if n < FINALISTS else "preliminary",
                  first_submitted_at=now - timedelta(days=90 - n % 30, minutes=n), submitted_at=now - timedelta(days=60))
            for n, entrant in enumerate(entrants)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    EntryFile.objects.bulk_create(
        (
            EntryFile(entry=entry, kind=kind, file=f"entries/{entry.code}/{kind}.bin", size=1000,
                      status="refused" if n % 20 == 0 else "accepted",
                      verdict_code=("pdf_encrypted" if kind == "materials" else "video_too_long") if n % 20 == 0 else "ok",
                      is_current=n % 20 != 0)
            for n, entry in enumerate(entries)
            for kind in ("materials", "video")
        ),
        batch_size=BATCH,
    )  # fmt: skip
    return entries


def _judging(contest, stage, entries, judges_count, now, tag):
    from accounts.models import User
    from judging.models import Assignment, JudgeProfile, Round, RoundEntry

    users = User.objects.bulk_create(
        User(username=f"j{tag}-{n}", phone=f"+862{tag}{n:09d}") for n in range(judges_count)
    )
    judges = JudgeProfile.objects.bulk_create(
        JudgeProfile(contest=contest, user=user, name=f"评委{n}", organisation=f"单位{n}")
        for n, user in enumerate(users)
    )
    round_ = Round.objects.create(
        stage=stage, advancement_rule="top_n", advance_count=100, advanced_at=now, results_released_at=now
    )
    round_.panel.set(judges)
    RoundEntry.objects.bulk_create(
        (RoundEntry(round=round_, entry=entry, advances=n < 300) for n, entry in enumerate(entries)), batch_size=BATCH
    )
    Assignment.objects.bulk_create(
        (
            Assignment(round=round_, entry=entry, judge=judges[(n * 5 + k) % len(judges)], source="automatic",
                       status="submitted", total=Decimal((n * 7 + k * 13) % 100), submitted_at=now)
            for n, entry in enumerate(entries)
            for k in range(5)
        ),
        batch_size=BATCH,
    )  # fmt: skip


def _votes(contest, finalists, count, now):
    from django.utils import timezone

    from voting.models import FlagCluster, Vote

    first_day = timezone.localdate(now) - timedelta(days=VOTE_DAYS)
    cluster = FlagCluster.objects.create(contest=contest, rule="ip_burst", key="bench", day=first_day)
    statuses = ["valid"] * 97 + ["flagged", "invalid", "invalid"]
    Vote.objects.bulk_create(
        (
            Vote(contest=contest, entry=finalists[n % len(finalists)], phone_hash=f"{contest.pk}-{n}", prefix_hash="p",
                 day=first_day + timedelta(days=n % VOTE_DAYS), slot=1, day_limit=3, ip="10.0.0.1", network="10.0.0.0/24",
                 status=statuses[n % 100], cluster=cluster if statuses[n % 100] == "flagged" else None)
            for n in range(count)
        ),
        batch_size=BATCH,
    )  # fmt: skip


def timed_build(stage):
    """Run the task for `stage`; (wall s, CPU s, queries, PDF KB)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from contest.bulletins.models import Bulletin
    from contest.bulletins.tasks import task_build_bulletin

    # The bulk inserts filled the debug query log to its bound, where it counts nothing more.
    reset_queries()
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        pk = task_build_bulletin.delay(stage_id=stage.pk).get()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    bulletin = Bulletin.objects.get(pk=pk)
    if len(bulletin.figures) != 3:
        sys.exit(f"expected the registration, judging and vote sections, got {[s['key'] for s in bulletin.figures]}")
    return wall, cpu, len(queries), bulletin.pdf.size / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--judges", type=int, default=100)
    parser.add_argument("--votes", type=int, default=500_000)
    parser.add_argument("--database-url", help="A database that may be filled with benchmark rows.")
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes (50 entries, 5,000 votes).")
    args = parser.parse_args()
    if args.smoke:
        args.entries, args.judges, args.votes = SMOKE["entries"], SMOKE["judges"], SMOKE["votes"]

    with tempfile.TemporaryDirectory() as work:
        setup_django(args.database_url or f"sqlite:///{work}/bench.sqlite3", f"{work}/media")
        started = time.perf_counter()
        small = build_contest("1", args.entries // 10, max(args.judges // 10, 5), args.votes // 10)
        large = build_contest("2", args.entries, args.judges, args.votes)
        print(f"data: {time.perf_counter() - started:.1f} s to insert both editions")
        from documents.pdf import html_to_pdf

        html_to_pdf("<p>预热</p>")  # WeasyPrint and the font load once, as in a warm worker
        results = {}
        for name, stage in (("small", small), ("large", large)):
            wall, cpu, queries, kb = timed_build(stage)
            results[name] = (wall, queries, kb)
            print(f"{name}: build {wall:.2f} s wall, {cpu:.2f} s CPU, {queries} queries, PDF {kb:.0f} KB")
        wall, queries_large, kb = results["large"]
        print(
            f"entries={args.entries} build_s={wall:.2f} pdf_kb={kb:.0f} "
            f"queries_small={results['small'][1]} queries_large={queries_large}"
        )


if __name__ == "__main__":
    main()
