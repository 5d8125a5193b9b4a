"""Judging's part of the demo contest: the review committee as judges, rounds, and their progress.

Receives `contest.signals.demo_loaded` after registration's receiver has added the entries.
Rounds, entries in rounds, assignments, scores, advancement and release all go through the
judging services, acting as the demo organizer, at instants inside each round's stage, so
the judging log reads as a real edition's would. The stage open today decides how far the
judging has come:

* before the preliminary: judges, rounds with the plan's criteria, panels;
* preliminary: entries in the preliminary rounds, judges assigned, the first scores in;
* re-selection: the preliminary scored, decided and released; the re-selection assigned;
* final and later: the re-selection decided too (two finalists per track), the final
  assigned; after the final, its scores complete.

Running it again, or for an earlier stage, changes nothing that is already done: a decided
round is never touched again, and the judging log only ever grows by what is new.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.demo import passwordless_user
from accounts.roles import JUDGES
from contest.models import CommitteeMember, Stage

from . import services
from .models import ROUND_KINDS, Assignment, AssignmentStatus, JudgeProfile, Round, RoundEntry
from .queries import round_criteria

# (username, name, title, organisation) of the judges beyond the review committee's demo
# members; their accounts have no usable password. The organisation of 吴志远 is one of an
# entrant's team members', so the assignment shows a conflict it steers around.
EXTRA_JUDGES = [
    ("demo-judge-04", "吴志远", "教授", "冀中理工大学"),
    ("demo-judge-05", "陈雪梅", "研究员", "河北省社会科学院"),
    ("demo-judge-06", "张海涛", "正高级工程师", "河北省大数据中心"),
    ("demo-judge-07", "赵丽华", "高级经济师", "河北省金融学会"),
    ("demo-judge-08", "孙立新", "高级工程师", "石家庄市数据资源管理局"),
    ("demo-judge-09", "郭静怡", "副教授", "燕赵财经学院信息技术系"),
]
# The demo logins, then one more account, take the review committee's places in order.
COMMITTEE_JUDGES = ["judge1", "judge2", "demo-judge-03"]

# Per round kind, what the demo changes in the plan's default settings before scoring starts:
# twelve entries should narrow to about two finalists per track.
ROUND_SETTINGS = {
    Stage.Kind.PRELIMINARY: {"judges_per_entry": 3, "advance_count": 3},
    Stage.Kind.RESELECTION: {"judges_per_entry": 5, "advance_count": 2},
    Stage.Kind.FINAL: {"judges_per_entry": 7},
}

# How good the demo judges find each demo entrant's work, on the 0–10 scale of the criteria.
# The gaps within a track are wider than the judges' disagreement, so the ranking is stable.
QUALITY = {
    "entrant1": Decimal("8.6"),
    "demo-team-03": Decimal("8.1"),
    "demo-team-04": Decimal("7.6"),
    "demo-team-05": Decimal("7.0"),
    "demo-team-06": Decimal("8.5"),
    "demo-team-09": Decimal("8.0"),
    "demo-team-07": Decimal("7.5"),
    "demo-team-08": Decimal("6.9"),
    "entrant2": Decimal("8.7"),
    "demo-team-11": Decimal("8.2"),
    "demo-team-10": Decimal("7.7"),
    "demo-team-12": Decimal("7.1"),
}
DEFAULT_QUALITY = Decimal("6.5")
# Half the spread of one judge's scores around an entry's quality.
DISAGREEMENT = Decimal("0.2")

COMMENTS = [
    "材料完整，应用场景清晰，数据来源说明充分。",
    "方案可落地，建议补充推广成本测算。",
    "紧扣赛道主题，试点成效有数据支撑。",
    "演示环境可正常使用，操作指引清楚。",
]


def load_demo_data(sender, *, contest, stage, users, **kwargs):
    """Receiver of `demo_loaded`: judges, rounds and the judging as far as the open stage has come."""
    organizer = users["organizer"]
    committee, extra = _judge_accounts(contest, users)
    services.create_default_rounds(contest=contest)
    seat_demo_judges(contest, committee, extra=extra, round_settings=ROUND_SETTINGS)
    rounds = {kind: [] for kind in ROUND_KINDS}
    for round_ in Round.objects.filter(stage__contest=contest).select_related("stage", "track"):
        rounds[round_.stage.kind].append(round_)
    kinds = list(Stage.Kind.values)
    now = timezone.now()
    for kind in ROUND_KINDS:
        if kinds.index(stage) < kinds.index(kind):
            break
        open_sheets = []
        for round_ in rounds[kind]:
            open_sheets += _run_round(round_, organizer, now=now)
        # Rounds open today show work in progress, spread over the judges.
        _score_some(open_sheets, now=now)


def seat_demo_judges(contest, accounts, *, extra=(), round_settings=None):
    """Judge profiles, each on the panel of every round of the contest whose scoring has not started.

    `accounts` take the review committee's places in order, their profiles copied from the
    member (from the account alone past the end of the committee); `extra` are (account, name,
    title, organisation) of judges outside the committee. A profile that exists is kept as it
    is. `round_settings` maps a round kind to the settings to save on its rounds; whatever they
    say, a round asks for no more judges per entry than its panel holds, as a demo has few
    judges. Panels and round settings have no service: organizers edit them in the admin.
    """
    members = list(CommitteeMember.objects.filter(contest=contest, committee=CommitteeMember.Committee.REVIEW))
    people = []
    for index, user in enumerate(accounts):
        member = members[index] if index < len(members) else None
        if member is None:
            people.append((user, str(user), "", "", None))
        else:
            people.append((user, member.name, member.title, member.organisation, member))
    people += [(user, name, title, organisation, None) for user, name, title, organisation in extra]
    profiles = []
    for user, name, title, organisation, member in people:
        profile, _ = JudgeProfile.objects.get_or_create(
            contest=contest,
            user=user,
            defaults={"name": name, "title": title, "organisation": organisation, "committee_member": member},
        )
        profiles.append(profile)
    for round_ in Round.objects.filter(stage__contest=contest, scoring_started_at__isnull=True).select_related("stage"):
        round_.panel.add(*profiles)
        wanted = dict((round_settings or {}).get(round_.stage.kind, {}))
        size = round_.panel.count()
        if size and wanted.get("judges_per_entry", round_.judges_per_entry) > size:
            wanted["judges_per_entry"] = size
        changed = [field for field, value in wanted.items() if getattr(round_, field) != value]
        for field in changed:
            setattr(round_, field, wanted[field])
        if changed:
            round_.save(update_fields=changed)


def _judge_accounts(contest, users):
    """The demo's judge accounts, in the judges group (scoring asks for it): those that take the
    review committee's places, and (account, name, title, organisation) of the others."""
    group = Group.objects.get_or_create(name=JUDGES)[0]
    members = list(contest.committee_members.filter(committee=CommitteeMember.Committee.REVIEW).order_by("order"))
    committee = [
        users.get(username) or passwordless_user(username, display_name=member.name)
        for username, member in zip(COMMITTEE_JUDGES, members, strict=False)
    ]
    extra = [
        (users.get(username) or passwordless_user(username, display_name=name), name, title, organisation)
        for username, name, title, organisation in EXTRA_JUDGES
    ]
    for user in [*committee, *(user for user, *_details in extra)]:
        user.groups.add(group)
    return committee, extra


def _decided_at(stage):
    """When the demo organizer decides a round whose stage is over; the results follow half an hour later."""
    return stage.ends_at - timedelta(hours=3)


def _window(round_, *, now):
    """(start, end) of the demo's work on a round, from the schedule as it stands now.

    The schedule moves with every load, so nothing recorded by an earlier load is used: the
    work starts two hours into the round's stage and after the previous round's results, and
    ends now while the round is open, or at its decision.
    """
    stage = round_.stage
    start = stage.starts_at + timedelta(hours=2)
    kind = ROUND_KINDS.index(stage.kind)
    if kind:
        previous = Stage.objects.filter(contest_id=stage.contest_id, kind=ROUND_KINDS[kind - 1]).first()
        if previous is not None:
            start = max(start, _decided_at(previous) + timedelta(minutes=90))
    end = now if round_.is_open(now) else _decided_at(stage)
    return start, end


def _run_round(round_, organizer, *, now):
    """Fill and assign the round; if its stage is over, score, decide and release it.

    Returns the sheets still to score of a round open now (none if its scoring already started).
    """
    round_.refresh_from_db()
    if round_.advanced_at is not None or not round_.has_opened(now):
        return []
    start, end = _window(round_, now=now)
    services.populate_round(round=round_, by=organizer)
    if not RoundEntry.objects.filter(round=round_).exists():
        return []
    services.assign_judges(round=round_, by=organizer, now=start)
    if round_.is_open(now):
        return [] if round_.is_frozen else _open_sheets(round_)
    _score(_open_sheets(round_), start, end, submit=lambda sheet: True)
    if round_.advancement_rule != Round.AdvancementRule.NONE:
        services.advance_round(round=round_, by=organizer, now=end)
    # The final advances nobody: its released ranking is what the awards are allocated from.
    services.release_results(round=round_, by=organizer, now=end + timedelta(minutes=30))
    return []


def _open_sheets(round_):
    return list(
        Assignment.objects.filter(round=round_, recused_at__isnull=True)
        .exclude(status=AssignmentStatus.SUBMITTED)
        .select_related("round__stage", "entry__entrant__user", "judge__user")
        .order_by("entry__code", "judge__user__username")
    )


def _score_some(sheets, *, now):
    """Work in progress in the open rounds of one kind.

    Judges without a login have scored all their sheets but one; each demo login has one
    sheet submitted, one draft and the rest still to do.
    """
    by_judge = {}
    for sheet in sheets:
        by_judge.setdefault(sheet.judge.user.username, []).append(sheet)
    chosen = {}
    for username, own in by_judge.items():
        # In the order of the sheets' random codes, so that work in progress spreads over the rounds.
        own.sort(key=lambda sheet: sheet.code)
        if username in ("judge1", "judge2"):
            chosen.update(zip([sheet.pk for sheet in own[:2]], (True, False), strict=False))
        else:
            chosen.update(dict.fromkeys([sheet.pk for sheet in own[:-1]], True))
    if chosen:
        start, end = _window(sheets[0].round, now=now)
        _score([s for s in sheets if s.pk in chosen], start, end, submit=lambda sheet: chosen[sheet.pk])


def _score(sheets, start, end, *, submit):
    """Save the sheets one after another between `start` and `end`, submitted where `submit` says."""
    criteria = {}
    step = (end - start) / (len(sheets) + 1) if sheets else timedelta(0)
    for number, sheet in enumerate(sheets, start=1):
        round_ = sheet.round
        if round_.pk not in criteria:
            criteria[round_.pk] = round_criteria(round_)
        values = {
            criterion.pk: _score_value(sheet, criterion, round_.stage.kind, position)
            for position, criterion in enumerate(criteria[round_.pk])
        }
        services.save_scores(
            assignment=sheet,
            by=sheet.judge.user,
            values=values,
            comment=COMMENTS[number % len(COMMENTS)],
            submit=submit(sheet),
            now=start + step * number,
        )


def _score_value(sheet, criterion, kind, position):
    """A judge's score: the entry's quality plus this judge's own fixed leaning, within the range."""
    quality = QUALITY.get(sheet.entry.entrant.user.username, DEFAULT_QUALITY)
    seed = f"{sheet.entry.entrant.user.username}:{sheet.judge.user.username}:{kind}:{position}"
    fraction = Decimal(int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16)) / Decimal(0xFFFFFFFF)
    value = quality + DISAGREEMENT * (2 * fraction - 1)
    # Never at either end of the range: those need a written justification.
    lowest, highest = criterion.min_score + Decimal("0.5"), criterion.max_score - Decimal("0.5")
    return min(max(value, lowest), highest).quantize(Decimal("0.1"))
