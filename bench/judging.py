"""Judging benchmark: assign 5,000 entries to a panel of 60 judges, then rank 25,000 score sheets.

    .venv/bin/python bench/judging.py [--entries 5000] [--judges 60] [--per-entry 5] [--seed 1] [--smoke]

Builds, in a throwaway SQLite database (or the database of --database-url, which must be
one you can empty; on PostgreSQL the tables are analysed after each bulk load, as
autovacuum would have done on a live database), a contest with 3 tracks of uneven size,
entrants whose organisations overlap with the judges' (same names spelt differently, shared
credit codes, a judge on a team), declared conflicts, and one round of all tracks whose
panel is the 60 judges, each allowed one or two tracks. Then it times

* `assign_judges` — the service the organizer's button calls: conflict detection, the
  balanced assignment (a max-flow), and writing the assignments and their log records (assign_s);
* `ranking` of the round once every sheet is submitted — what the ranking page, the
  advancement and the export compute (rank_s).

It checks the result independently (conflicts recomputed pair by pair, judges per entry) and
prints, as a baseline measured in the same run, the time to read the 25,000 sheets with one
query and the ranking's ratio to it, and the CPU time beside each wall time (a shared machine
stretches wall time, not CPU time). Goal: both timings under 5 s on a developer machine.
`--smoke` runs the same code on 120 entries and 24 judges, in a few seconds, so that the
script is checked with the test suite.

Last line: assign_s=<x> rank_s=<x> max_load=<n> min_load=<n> conflicts=<n> underassigned=<n>
"""

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lib.database import setup_django  # noqa: E402
from bench.lib.fixtures import entry_fields, open_contest, submitted  # noqa: E402

SMOKE_SIZES = (120, 24, 3)  # entries, judges, judges per entry: even loads remain possible in every track
TRACKS = [
    ("gov", "数字支撑政务服务", 0.4),
    ("economy", "数字赋能经济发展", 0.35),
    ("finance", "数字服务金融创新", 0.25),
]
JUDGE_ORGANISATIONS = [
    "河北大学",
    "燕山大学",
    "河北工业大学",
    "石家庄铁道大学",
    "河北师范大学",
    "河北经贸大学",
    "中国建设银行股份有限公司河北省分行",
    "河北银行股份有限公司",
    "河北省政务服务管理办公室",
    "河北省大数据中心",
    "河北省科学院",
    "中国电信股份有限公司河北分公司",
    "中国移动通信集团河北有限公司",
    "河北数港科技有限责任公司",
    "河北省信用中心",
    "国家统计局河北调查总队",
    "河北省数字经济联合会",
    "石家庄市行政审批局",
    "保定市大数据局",
    "唐山市数据和政务服务局",
]


def variant(name, rng):
    """The same organisation as an entrant might type it."""
    choice = rng.randrange(4)
    if choice == 0:
        return name.replace("有限责任公司", "有限公司")
    if choice == 1:
        return f" {name} "
    if choice == 2:
        return name.replace("股份有限公司", "（股份有限公司）")
    return name


def build(entries_count, judges_count, per_entry, rng):
    """The contest, its panel and round of all tracks, its teams and their entries; (round, organizer)."""
    from django.utils import timezone

    from accounts.models import User
    from contest.models import Track
    from judging.models import Conflict, RoundEntry
    from registration.models import Entry

    contest, stage = open_contest("preliminary", days_left=10, slug=f"bench-{rng.randrange(10**9)}")
    tracks = [
        Track.objects.create(contest=contest, code=code, name=name, description="-", order=i)
        for i, (code, name, _share) in enumerate(TRACKS)
    ]
    judge_users, profiles = panel(contest, tracks, judges_count)
    round_ = open_round(stage, profiles, per_entry)
    entrants = teams(contest, entries_count, judge_users, rng)
    weights = [share for _code, _name, share in TRACKS]
    now = timezone.now()
    entries = Entry.objects.bulk_create(
        [
            Entry(**entry_fields(entrant, rng.choices(tracks, weights)[0], f"作品{i}", **submitted(now)))
            for i, entrant in enumerate(entrants)
        ],
        batch_size=1000,
    )
    RoundEntry.objects.bulk_create([RoundEntry(round=round_, entry=e) for e in entries], batch_size=2000)
    Conflict.objects.bulk_create(
        Conflict(judge=rng.choice(profiles), entry=rng.choice(entries), reason="声明回避")
        for _ in range(entries_count // 100)
    )
    organizer = User.objects.create(username="bench-organizer", is_superuser=True, is_staff=True)
    return round_, organizer


def panel(contest, tracks, judges_count):
    """The judges, from the organisations above, a quarter of them on two tracks; (users, profiles)."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import JUDGES
    from judging.models import JudgeProfile

    judge_users = User.objects.bulk_create(
        User(username=f"bench-judge-{i}", phone=f"+8613000{i:06d}", display_name=f"评委{i}")
        for i in range(judges_count)
    )
    Group.objects.get_or_create(name=JUDGES)[0].user_set.add(*judge_users)
    profiles = JudgeProfile.objects.bulk_create(
        JudgeProfile(
            contest=contest,
            user=user,
            name=f"评委{i}",
            organisation=JUDGE_ORGANISATIONS[i % len(JUDGE_ORGANISATIONS)],
            credit_code=f"91130000MA{i:07d}X" if i % 4 == 0 else "",
        )
        for i, user in enumerate(judge_users)
    )
    through = JudgeProfile.tracks.through
    links = []
    for i, profile in enumerate(profiles):
        own = {tracks[i % 3]}
        if i % 4 == 0:
            own.add(tracks[(i + 1) % 3])  # a quarter of the panel judges two tracks
        links += [through(judgeprofile_id=profile.pk, track_id=t.pk) for t in own]
    through.objects.bulk_create(links)
    return judge_users, profiles


def open_round(stage, profiles, per_entry):
    """One round of all tracks in `stage`, judged by `profiles` on three criteria."""
    from judging.models import Criterion, Round

    round_ = Round.objects.create(
        stage=stage, track=None, judges_per_entry=per_entry, advancement_rule="top_n", advance_count=100
    )
    round_.panel.add(*profiles)
    for order, (name, weight) in enumerate([("完整性", 30), ("可操作性", 35), ("契合主题", 35)], start=1):
        Criterion.objects.create(round=round_, name=name, weight=weight, order=order, tie_break_rank=order)
    return round_


def teams(contest, count, judge_users, rng):
    """`count` teams of two; a quarter share a judge's organisation (spelt their way), a few have a judge."""
    from accounts.models import User
    from registration.models import Entrant, TeamMember

    entrant_users = User.objects.bulk_create(
        User(username=f"bench-entrant-{i}", phone=f"+8615{i:09d}") for i in range(count)
    )
    entrants = []
    for i, user in enumerate(entrant_users):
        shared = rng.random() < 0.25
        organisation = variant(rng.choice(JUDGE_ORGANISATIONS), rng) if shared else f"参赛单位{i}"
        entrants.append(
            Entrant(
                contest=contest,
                user=user,
                kind="team",
                name=f"团队{i}",
                organisation=organisation,
                region="shijiazhuang",
            )
        )
    entrants = Entrant.objects.bulk_create(entrants, batch_size=1000)
    members = []
    for i, entrant in enumerate(entrants):
        for position in (1, 2):
            phone = f"+8618{i:07d}{position:02d}"
            if position == 2 and rng.random() < 0.01:
                phone = rng.choice(judge_users).phone  # a judge on the team
            members.append(
                TeamMember(
                    entrant=entrant,
                    contest=contest,
                    position=position,
                    is_leader=position == 1,
                    name=f"成员{i}-{position}",
                    phone=phone,
                    organisation=rng.choice(JUDGE_ORGANISATIONS) if rng.random() < 0.05 else f"单位{i}",
                    role="成员",
                )
            )
    TeamMember.objects.bulk_create(members, batch_size=2000, ignore_conflicts=True)
    return entrants


def independent_conflicts(round_):
    """Assigned pairs in conflict, recomputed from the tables pair by pair (not by the indexed matcher)."""
    from judging.conflicts import normalize_code, normalize_organisation, normalize_person
    from judging.models import Assignment, Conflict
    from registration.models import TeamMember

    members = {}
    for member in TeamMember.objects.filter(contest=round_.stage.contest):
        members.setdefault(member.entrant_id, []).append(member)
    declared = set(Conflict.objects.values_list("judge_id", "entry_id"))
    count = 0
    for a in Assignment.objects.filter(round=round_).select_related("entry__entrant__user", "judge__user"):
        entrant, judge = a.entry.entrant, a.judge
        team = members.get(entrant.pk, [])
        organisations = {normalize_organisation(o) for o in [entrant.organisation, *(m.organisation for m in team)]} - {
            ""
        }
        if (
            normalize_organisation(judge.organisation) in organisations
            or (judge.credit_code and normalize_code(judge.credit_code) == normalize_code(entrant.credit_code))
            or judge.user.phone in {m.phone for m in team}
            or normalize_person(judge.name) in {normalize_person(m.name) for m in team}
            or (judge.pk, a.entry_id) in declared
        ):
            count += 1
    return count


def submit_everything(round_, rng):
    """Every sheet submitted with random scores, written in bulk (the scoring service is not what is timed)."""
    from judging.aggregation import CriterionSpec, weighted_total
    from judging.models import Assignment, Score

    criteria = list(round_.criteria.order_by("order"))
    specs = [CriterionSpec(c.pk, c.weight, c.min_score, c.max_score) for c in criteria]
    now = round_.stage.starts_at + timedelta(hours=1)
    sheets = list(Assignment.objects.filter(round=round_))
    scores = []
    for sheet in sheets:
        values = {c.pk: Decimal(rng.randint(2, 18)) / 2 for c in criteria}
        sheet.status, sheet.total, sheet.submitted_at = "submitted", weighted_total(values, specs), now
        scores += [
            Score(assignment=sheet, criterion=c, value=values[c.pk], min_score=c.min_score, max_score=c.max_score)
            for c in criteria
        ]
    Assignment.objects.bulk_update(sheets, ["status", "total", "submitted_at"], batch_size=2000)
    Score.objects.bulk_create(scores, batch_size=5000)
    return len(sheets)


def analyze():
    """Fresh statistics, as autovacuum would have them on a live database (PostgreSQL only)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--judges", type=int, default=60)
    parser.add_argument("--per-entry", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url", help="A database that may be filled with benchmark rows (default: a temporary SQLite file)."
    )
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes (120 entries, 24 judges, 3 per entry).")
    args = parser.parse_args()
    if args.smoke:
        args.entries, args.judges, args.per_entry = SMOKE_SIZES
    return args


def time_assignment(round_, organizer, args):
    """Plan alone, then `assign_judges`, timed; returns its wall time and the assignment's figures."""
    from judging.models import Assignment
    from judging.services import assign_judges, plan_assignment

    started, cpu = time.perf_counter(), time.process_time()
    plan_assignment(round_)
    print(
        f"plan alone (conflicts and flow, nothing written): {time.perf_counter() - started:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU"
    )
    started, cpu = time.perf_counter(), time.process_time()
    plan = assign_judges(round=round_, by=organizer)
    assign_s = time.perf_counter() - started
    print(f"assigned {plan.new_count} sheets: {assign_s:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")

    loads = Counter(Assignment.objects.filter(round=round_).values_list("judge_id", flat=True))
    per_entry = Counter(Assignment.objects.filter(round=round_).values_list("entry_id", flat=True))
    underassigned = sum(1 for count in per_entry.values() if count < args.per_entry) + (args.entries - len(per_entry))
    conflicts = independent_conflicts(round_)
    print(f"conflicted entries detected: {len(plan.conflicts)} of {args.entries}; average load {plan.average:.2f}")
    return assign_s, {
        "max_load": max(loads.values()),
        "min_load": min(loads.values()),
        "conflicts": conflicts,
        "underassigned": underassigned,
    }


def time_ranking(round_, rng):
    """Every sheet submitted, then `ranking` timed against reading the sheets in one query; returns rank_s."""
    from judging.models import Assignment
    from judging.ranking import ranking

    sheets = submit_everything(round_, rng)
    analyze()
    started = time.perf_counter()
    baseline_rows = len(list(Assignment.objects.filter(round=round_).values_list("entry_id", "judge_id", "total")))
    baseline_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    tracks = ranking(round_)
    rank_s = time.perf_counter() - started
    print(f"ranking: {rank_s:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    ranked = sum(len(t.rows) for t in tracks)
    print(
        f"ranked {ranked} entries from {sheets} sheets; baseline (read {baseline_rows} sheets, one query) "
        f"{baseline_s:.3f} s; ranking/baseline = {rank_s / baseline_s:.1f}"
    )
    return rank_s


def main():
    args = parse_args()
    rng = random.Random(args.seed)  # noqa: S311 - reproducible test data, not secrets

    with tempfile.TemporaryDirectory() as work:
        setup_django(args.database_url or f"sqlite:///{work}/bench.sqlite3")
        started = time.perf_counter()
        round_, organizer = build(args.entries, args.judges, args.per_entry, rng)
        analyze()
        print(f"built {args.entries} entries, {args.judges} judges in {time.perf_counter() - started:.1f} s")
        assign_s, assigned = time_assignment(round_, organizer, args)
        rank_s = time_ranking(round_, rng)
        figures = {"assign_s": f"{assign_s:.2f}", "rank_s": f"{rank_s:.2f}", **assigned}
        print(" ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
