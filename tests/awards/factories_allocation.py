"""A contest whose final round released its ranking, built through judging's own services.

`final_scene(tracks={"gov": [(8, 6), …]})` makes one track per key and, in it, one finalist per
pair of scores (heaviest criterion first, which is also the tie-break), scored by one judge.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from awards.models import Award, AwardScope, AwardType
from awards.services import create_default_award_types
from contest.models import Stage
from judging.models import Round
from tests.factories import ContestFactory, JudgingRoundFactory, OrganizerUserFactory, StageFactory, TrackFactory
from tests.judging.helpers import add_criteria, assign, make_entry, make_judge, score


@dataclass
class Scene:
    contest: object
    organizer: object
    round: object
    tracks: dict = field(default_factory=dict)  # code → Track
    entries: dict = field(default_factory=dict)  # "gov1" → Entry


def final_scene(tracks, *, released=True, award_types=True):
    contest = ContestFactory()
    stage = StageFactory(contest=contest, kind=Stage.Kind.FINAL)
    round_ = JudgingRoundFactory(
        stage=stage, judges_per_entry=1, blind=False, aggregation="mean", advancement_rule="none"
    )
    add_criteria(round_, specs=((60, 1), (40, None)))
    judge = make_judge(contest, panel=[round_])
    scene = Scene(contest=contest, organizer=OrganizerUserFactory(), round=round_)
    for order, (code, sheets) in enumerate(tracks.items()):
        track = TrackFactory(contest=contest, code=code, name=f"赛道{code}", order=order)
        scene.tracks[code] = track
        for index, values in enumerate(sheets, start=1):
            entry = make_entry(contest, track, title=f"作品{code}{index}", round_reached="final")
            scene.entries[f"{code}{index}"] = entry
            score(assign(round_, entry, judge), list(values))
    if released:
        now = timezone.now()
        Round.objects.filter(pk=round_.pk).update(advanced_at=now, results_released_at=now)
    if award_types:
        create_default_award_types(contest=contest)
    return scene


def award_type(contest, name):
    return AwardType.objects.get(contest=contest, name=name)


def holders(contest, name, track=None):
    """Entry titles holding the named award (in a track), by place."""
    awards = Award.objects.standing().filter(award_type__contest=contest, award_type__name=name)
    if track is not None:
        awards = awards.filter(track=track)
    return [a.entry.title for a in awards.order_by("place")]


SINGLE = AwardScope.SINGLE


def awarded_scene(count, *, status=Award.Status.CONFIRMED, published=True):
    """A contest with `count` third prizes in one track, given directly (no judging)."""
    contest = ContestFactory()
    create_default_award_types(contest=contest)
    track = TrackFactory(contest=contest, code="gov", name="政务赛道")
    return contest, add_awards(contest, track, range(1, count + 1), status=status, published=published)


def add_awards(contest, track, places, *, status=Award.Status.CONFIRMED, published=True):
    third = award_type(contest, "三等奖")
    now = timezone.now()
    return [
        Award.objects.create(
            contest=contest,
            award_type=third,
            track=track,
            entry=make_entry(contest, track, title=f"获奖作品{n}", round_reached="final"),
            place=n,
            status=status,
            confirmed_at=None if status == Award.Status.PROPOSED else now,
            published_at=now if published else None,
        )
        for n in places
    ]
