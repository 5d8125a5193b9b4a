"""Each section's figures on hand-made data: what they count, and what they keep back."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from contest.bulletins.services import collect_figures
from contest.models import Stage
from judging import reports as judging_reports
from registration import reports as registration_reports
from tests.factories import (
    EntrantFactory,
    EntryFactory,
    EntryFileFactory,
    FinalistFactory,
    JudgeProfileFactory,
    JudgingRoundFactory,
)
from voting import reports as voting_reports
from voting.models import Vote, VoteSettings


@pytest.fixture(autouse=True)
def _english():
    """Figures are asserted in English: the Chinese of new strings comes with the next catalogue."""
    with translation.override("en"):
        yield


def submitted(entrant, track, **fields):
    now = timezone.now()
    return EntryFactory(
        entrant=entrant, track=track, status="submitted", first_submitted_at=now, submitted_at=now, **fields
    )


def table(section, title):
    return next(t for t in section["tables"] if t["title"] == title)


def test_registration_counts_by_track_type_and_region(contest, registration, tracks):
    shijiazhuang = [EntrantFactory(contest=contest, kind="team", region="shijiazhuang") for _ in range(2)]
    baoding = EntrantFactory(contest=contest, kind="individual", region="baoding")
    submitted(shijiazhuang[0], tracks[0])
    submitted(shijiazhuang[1], tracks[0])
    submitted(baoding, tracks[1])
    EntryFactory(entrant=baoding, track=tracks[0])  # a draft

    section = registration_reports.bulletin_figures(contest, stage=registration)

    assert table(section, "Entries by track")["rows"] == [["数字支撑政务服务", 2, 1], ["数字赋能经济发展", 1, 0]]
    assert table(section, "Entrants by type")["rows"] == [["Individual", 1], ["Team", 2], ["Organisation", 0]]
    regions = next(c for c in section["charts"] if c["title"] == "Entrants by region")
    assert regions["items"] == [["Shijiazhuang", 2], ["Baoding", 1]]
    cumulative = next(c for c in section["charts"] if c["type"] == "line")
    assert cumulative["points"][-1][1] == 3


def test_a_refused_upload_is_counted_with_its_reason(contest, registration, tracks):
    entry = submitted(EntrantFactory(contest=contest), tracks[0])
    EntryFileFactory(entry=entry, kind="materials", status="refused", verdict_code="pdf_encrypted", is_current=False)
    EntryFileFactory(entry=entry, kind="materials")
    EntryFileFactory(entry=entry, kind="video", status="refused", verdict_code="video_too_long", is_current=False)

    section = registration_reports.bulletin_figures(contest, stage=registration)

    assert table(section, "Files checked")["rows"] == [["Materials", 2, 1, 1], ["Videos", 1, 0, 1]]
    reasons = table(section, "Refused files by reason")["rows"]
    assert sorted(reasons) == [
        ["Materials", "The PDF is encrypted or password-protected. Upload a copy saved without a password.", 1],
        ["Videos", "Video over the length limit", 1],
    ]
    # Aggregates only: no entrant's name anywhere in the section.
    assert entry.entrant.name not in str(section)


def scored_round(contest, tracks, *, blind, released):
    stage = contest.stages.get(kind=Stage.Kind.PRELIMINARY)
    round_ = JudgingRoundFactory(stage=stage, blind=blind, disagreement_spread=Decimal(20))
    judges = [JudgeProfileFactory(contest=contest) for _ in range(2)]
    round_.panel.set(judges)
    entry = submitted(EntrantFactory(contest=contest), tracks[0])
    round_entry = round_.round_entries.create(entry=entry)
    now = timezone.now()
    for judge, total in zip(judges, (Decimal("85.5"), Decimal("41")), strict=True):
        round_.assignments.create(
            entry=entry, judge=judge, source="manual", status="submitted", total=total, submitted_at=now
        )
    if released:
        round_entry.advances = True
        round_entry.save(update_fields=["advances"])
        round_.advanced_at = round_.results_released_at = now
        round_.save(update_fields=["advanced_at", "results_released_at"])
    return round_


def test_a_blind_rounds_figures_are_absent_until_release(contest, registration, tracks):
    round_ = scored_round(contest, tracks, blind=True, released=False)
    stage = round_.stage

    section = judging_reports.bulletin_figures(contest, stage=stage)

    assert table(section, "Rounds")["rows"] == []
    assert section["charts"] == []
    assert section["facts"][1]["value"] == 0  # score sheets in
    assert "1" in section["notes"][0]

    round_.advanced_at = round_.results_released_at = timezone.now()
    round_.save(update_fields=["advanced_at", "results_released_at"])
    section = judging_reports.bulletin_figures(contest, stage=stage)

    assert [row[0] for row in table(section, "Rounds")["rows"]] == [str(round_)]
    assert section["notes"] == []


def test_judging_counts_sheets_advanced_distribution_and_spread(contest, registration, tracks):
    round_ = scored_round(contest, tracks, blind=True, released=True)

    section = judging_reports.bulletin_figures(contest, stage=round_.stage)

    assert table(section, "Rounds")["rows"] == [[str(round_), 1, 2, "2 / 2", 1, "1 / 1"]]
    assert table(section, "Entries advanced by track")["rows"] == [[str(round_), "数字支撑政务服务", 1]]
    distribution = dict(section["charts"][0]["items"])
    assert distribution["80–90"] == 1
    assert distribution["40–50"] == 1
    assert sum(distribution.values()) == 2


def test_judging_reports_nothing_of_rounds_not_begun(contest, registration):
    assert judging_reports.bulletin_figures(contest, stage=registration) is None


@pytest.fixture
def vote(contest, tracks):
    """The vote opened three days ago; two finalists, 3 + 1 valid votes, one flagged, one invalid."""
    now = timezone.now()
    Stage.objects.filter(contest=contest, kind=Stage.Kind.PRELIMINARY).delete()
    stage = Stage.objects.create(
        contest=contest, kind=Stage.Kind.PUBLIC_VOTE, starts_at=now - timedelta(days=3), ends_at=now + timedelta(days=3)
    )
    finalists = [FinalistFactory(entrant__contest=contest, track=tracks[0], title=t) for t in ("一网通办", "信用画像")]
    day = timezone.localdate()
    statuses = [(0, "valid"), (0, "valid"), (0, "valid"), (1, "valid"), (1, "invalid")]
    Vote.objects.bulk_create(
        Vote(
            contest=contest,
            entry=finalists[which],
            phone_hash=f"p{n}",
            prefix_hash="x",
            day=day - timedelta(days=n % 2),
            slot=1,
            day_limit=3,
            ip="10.0.0.1",
            network="10.0.0.0/24",
            status=status,
        )
        for n, (which, status) in enumerate(statuses)
    )
    return stage, finalists


def test_vote_ranking_absent_while_counts_are_hidden(contest, vote):
    stage, finalists = vote
    VoteSettings.objects.update_or_create(contest=contest, defaults={"counts_visibility": "hidden"})

    section = voting_reports.bulletin_figures(contest, stage=stage)

    assert {fact["label"]: fact["value"] for fact in section["facts"]}["Valid votes"] == 4
    assert [t["title"] for t in section["tables"]] == ["Votes per day"]
    assert finalists[0].display_name not in str(section)

    VoteSettings.objects.filter(contest=contest).update(counts_published_at=timezone.now() - timedelta(minutes=1))
    section = voting_reports.bulletin_figures(contest, stage=stage)

    leaders = table(section, "Leaders of the vote")["rows"]
    assert leaders[0] == [1, finalists[0].display_name, 3]


def test_sections_come_in_order_and_empty_ones_are_left_out(contest, registration, tracks):
    submitted(EntrantFactory(contest=contest), tracks[0])

    sections = collect_figures(contest, stage=registration)

    assert [s["key"] for s in sections] == ["registration"]
