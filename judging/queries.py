"""User-scoped querysets and loaders of judging, each in a fixed number of queries.

Judges reach only their own active assignments (not recused) of entries still in the
contest, in rounds whose window has opened; anything else answers 404. Organizer loaders
take a round the organizer was already allowed to see. Entrants reach their own entries
(`Entry.objects.for_user`) and, of those, only the rounds whose results were released.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_judge
from contest.models import Stage
from registration.models import Entrant, Entry, EntryFile, TeamMember
from registration.notices import Audience

from .conflicts import EntryIdentity, JudgeIdentity
from .models import Assignment, AssignmentStatus, Conflict, JudgeProfile, Round, RoundEntry, next_round_kind


def judge_profile(user, contest):
    """The user's judge profile in the contest, or None (not a judge, or not in this edition)."""
    if not user.is_authenticated or contest is None or not is_judge(user):
        return None
    return JudgeProfile.objects.filter(contest=contest, user=user).first()


def judge_assignments(user, contest, now=None):
    """The judge's active assignments in rounds that have opened, entries still submitted."""
    now = now or timezone.now()
    profile = judge_profile(user, contest)
    if profile is None:
        return Assignment.objects.none()
    return Assignment.objects.filter(
        judge=profile,
        recused_at__isnull=True,
        round__stage__starts_at__lte=now,
        entry__status=Entry.Status.SUBMITTED,
    )


def assignment_for_judge(user, contest, round_code, entry_code, now=None):
    """One of the judge's assignments with everything its entry page shows; 404 for anything else."""
    queryset = judge_assignments(user, contest, now).select_related(
        "round__stage", "round__track", "entry__track", "entry__entrant", "judge"
    )
    return get_object_or_404(queryset, round__code=round_code, entry__code=entry_code)


def next_unscored(user, contest, assignment):
    """The judge's next assignment in the same round still to submit, by entry code; None when done."""
    return (
        judge_assignments(user, contest)
        .filter(round=assignment.round)
        .exclude(status=AssignmentStatus.SUBMITTED)
        .exclude(pk=assignment.pk)
        .select_related("entry")
        .order_by("entry__code")
        .first()
    )


def round_criteria(round_):
    """The round's criteria in the order of the score sheet."""
    return list(round_.criteria.order_by("order", "pk"))


def team_members(entry):
    """The members of the entry's team, in the order the entrant gave them."""
    return list(entry.entrant.members.order_by("position"))


@dataclass
class RoundBoard:
    """One round on a judge's dashboard: their entries, the next unscored first, and progress."""

    round: Round
    assignments: list
    is_open: bool
    has_closed: bool

    @property
    def scored(self):
        return sum(1 for a in self.assignments if a.status == AssignmentStatus.SUBMITTED)

    @property
    def total(self):
        return len(self.assignments)

    @property
    def percent(self):
        return round(100 * self.scored / self.total) if self.total else 0

    @property
    def next_assignment(self):
        return next((a for a in self.assignments if a.status != AssignmentStatus.SUBMITTED), None)


_STATUS_ORDER = {AssignmentStatus.DRAFT: 0, AssignmentStatus.PENDING: 1, AssignmentStatus.SUBMITTED: 2}


def judge_dashboard(user, contest, now=None):
    """The judge's rounds (opened ones with their entries, upcoming ones as dates only), in three queries."""
    now = now or timezone.now()
    profile = judge_profile(user, contest)
    if profile is None:
        return None, []
    rounds = list(
        Round.objects.filter(Q(panel=profile) | Q(assignments__judge=profile), stage__contest=contest)
        .select_related("stage", "track")
        .distinct()
        .order_by("stage__starts_at", "track__order", "pk")
    )
    assignments = defaultdict(list)
    for assignment in judge_assignments(user, contest, now).select_related("entry__track").order_by("entry__code"):
        assignments[assignment.round_id].append(assignment)
    boards = []
    for round_ in rounds:
        # Drafts first (work in progress), then the unscored, then the submitted.
        mine = sorted(assignments.get(round_.pk, []), key=lambda a: (_STATUS_ORDER[a.status], a.entry.code))
        boards.append(
            RoundBoard(round=round_, assignments=mine, is_open=round_.is_open(now), has_closed=round_.has_closed(now))
        )
    return profile, boards


def current_files(entry):
    """The entry's current accepted files by kind ("materials", "video")."""
    files = EntryFile.objects.filter(entry=entry, is_current=True, status=EntryFile.Status.ACCEPTED)
    return {f.kind: f for f in files}


def peer_totals(assignment):
    """Other judges' submitted totals for the same entry in the same round, without their names."""
    return list(
        Assignment.objects.filter(
            round_id=assignment.round_id,
            entry_id=assignment.entry_id,
            status=AssignmentStatus.SUBMITTED,
            recused_at__isnull=True,
        )
        .exclude(pk=assignment.pk)
        .order_by("submitted_at", "pk")
        .values_list("total", flat=True)
    )


# --- Organizers --------------------------------------------------------------------------


def rounds_for_organizer(contest):
    """The contest's rounds with their counts, for the overview (one query)."""
    return (
        Round.objects.filter(stage__contest=contest)
        .select_related("stage", "track")
        .annotate(
            entry_count=Count("round_entries", distinct=True),
            panel_size=Count("panel", distinct=True),
            assignment_count=Count("assignments", filter=Q(assignments__recused_at__isnull=True), distinct=True),
            submitted_count=Count(
                "assignments",
                filter=Q(assignments__recused_at__isnull=True, assignments__status=AssignmentStatus.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("stage__starts_at", "track__order", "pk")
    )


def round_for_organizer(contest, code):
    return get_object_or_404(Round.objects.select_related("stage", "track"), stage__contest=contest, code=code)


def round_panel(round_):
    return list(round_.panel.order_by("name", "pk"))


def sheet_for_organizer(round_, code):
    """One assignment (score sheet) of the round by its code, with entry and judge; 404 for anything else."""
    return get_object_or_404(Assignment.objects.select_related("entry", "judge"), round=round_, code=code)


def round_entries(round_):
    """The round's entries still in the contest (submitted), with track and entrant."""
    return (
        RoundEntry.objects.filter(round=round_, entry__status=Entry.Status.SUBMITTED)
        .select_related("entry__track", "entry__entrant")
        .order_by("entry__track__order", "entry__code")
    )


@dataclass
class JudgeProgress:
    judge: JudgeProfile
    counts: Counter = field(default_factory=Counter)

    @property
    def assigned(self):
        return self.counts["pending"] + self.counts["draft"] + self.counts["submitted"]


def round_progress(round_):
    """Per panel judge: pending, draft, submitted and recused counts; entries short of judges. Four queries."""
    judges = list(round_.panel.select_related("user").order_by("name", "pk"))
    rows = {judge.pk: JudgeProgress(judge=judge) for judge in judges}
    counts = (
        Assignment.objects.filter(round=round_, entry__status=Entry.Status.SUBMITTED)
        .values("judge_id", "status")
        .annotate(
            active=Count("pk", filter=Q(recused_at__isnull=True)),
            recused=Count("pk", filter=Q(recused_at__isnull=False)),
        )
    )
    for row in counts:
        progress = rows.get(row["judge_id"])
        if progress is None:
            continue  # assigned by hand before leaving the panel
        progress.counts[row["status"]] += row["active"]
        progress.counts["recused"] += row["recused"]
    short = list(
        round_entries(round_)
        .annotate(
            active=Count(
                "entry__judge_assignments",
                filter=Q(entry__judge_assignments__round=round_, entry__judge_assignments__recused_at__isnull=True),
            )
        )
        .filter(active__lt=round_.judges_per_entry)
    )
    recused = list(
        Assignment.objects.filter(round=round_, recused_at__isnull=False)
        .select_related("entry", "judge")
        .order_by("-recused_at")
    )
    return list(rows.values()), short, recused


def round_sheets(round_):
    """Every assignment of the round with judge and entry, for the progress table (one query)."""
    return (
        Assignment.objects.filter(round=round_, entry__status=Entry.Status.SUBMITTED)
        .select_related("entry__track", "judge")
        .order_by("entry__track__order", "entry__code", "judge__name")
    )


def active_sheets(round_):
    """The round's assignments nobody was recused from, as `round_sheets` orders them (one query)."""
    return round_sheets(round_).filter(recused_at__isnull=True)


def active_sheets_by_entry(round_):
    """Entry pk → its active assignments, for the assignment page (one query)."""
    sheets = defaultdict(list)
    for sheet in active_sheets(round_):
        sheets[sheet.entry_id].append(sheet)
    return sheets


# --- Entrants ----------------------------------------------------------------------------


def entry_for_entrant(user, contest, code):
    """One of the user's own entries in the contest, with its track; 404 for anything else."""
    return get_object_or_404(Entry.objects.for_user(user).select_related("track"), contest=contest, code=code)


def released_rounds(entry):
    """The entry's rounds whose results were released, oldest first (one query).

    Each carries `next_label`, the name of the round an advancing entry goes to. Rounds not
    released yet stay out, so an entry added to the next round early gives nothing away.
    """
    released = list(
        RoundEntry.objects.filter(entry=entry, round__results_released_at__isnull=False)
        .select_related("round__stage", "round__track")
        .order_by("round__stage__starts_at")
    )
    for item in released:
        next_kind = next_round_kind(item.round.stage.kind)
        item.next_label = Stage.Kind(next_kind).label if next_kind else ""
    return released


# --- Conflict identities -----------------------------------------------------------------


def _entry_identity(entry, members):
    """`members` are (name, phone, organisation) of the entrant's team."""
    entrant = entry.entrant
    organisations = [entrant.organisation, *(organisation for _name, _phone, organisation in members)]
    names = [name for name, _phone, _organisation in members]
    if entrant.kind == entrant.Kind.ORGANISATION:
        organisations.append(entrant.name)
    elif entrant.kind == entrant.Kind.INDIVIDUAL:
        names.append(entrant.name)
    return EntryIdentity.build(
        key=entry.code,
        entrant_key=entrant.pk,
        account=entrant.user_id,
        organisations=organisations,
        credit_codes=[entrant.credit_code],
        phones=[phone for _name, phone, _organisation in members]
        + ([entrant.user.phone] if entrant.user.phone else []),
        names=names,
    )


def _judge_identity(profile, conflicts):
    return JudgeIdentity.build(
        key=profile.pk,
        account=profile.user_id,
        organisation=profile.organisation,
        credit_code=profile.credit_code,
        phone=profile.user.phone or "",
        name=profile.name,
        declared_entries=[c.entry.code for c in conflicts if c.entry_id],
        declared_entrants=[c.entrant_id for c in conflicts if c.entrant_id],
        declared_organisations=[c.organisation for c in conflicts if c.organisation],
        declared_credit_codes=[c.credit_code for c in conflicts if c.credit_code],
    )


def entry_identities(entries):
    """Conflict identities of entries (with entrant and account already joined); one query for members."""
    members = defaultdict(list)
    rows = TeamMember.objects.filter(entrant_id__in={e.entrant_id for e in entries}).values_list(
        "entrant_id", "name", "phone", "organisation"
    )
    for entrant_id, name, phone, organisation in rows:
        members[entrant_id].append((name, phone, organisation))
    return [_entry_identity(entry, members[entry.entrant_id]) for entry in entries]


def judge_identities(profiles):
    """Conflict identities of judge profiles (with account joined); one query for declared conflicts."""
    conflicts = defaultdict(list)
    for conflict in Conflict.objects.filter(judge__in=profiles).select_related("entry"):
        conflicts[conflict.judge_id].append(conflict)
    return [_judge_identity(profile, conflicts[profile.pk]) for profile in profiles]


def advanced_audiences(contest):
    """One notice audience per decided round: the entrants of the entries that advance from it."""
    rounds = Round.objects.filter(stage__contest=contest, advanced_at__isnull=False).select_related("stage", "track")
    return [
        Audience(
            key=f"round:{round_.code}",
            label=_("Advanced from %(round)s") % {"round": round_},
            entrants=lambda round_=round_: Entrant.objects.filter(
                entries__judging_rounds__round=round_, entries__judging_rounds__advances=True
            ).distinct(),
        )
        for round_ in rounds
    ]
