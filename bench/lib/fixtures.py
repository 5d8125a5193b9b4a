"""Rows the benchmarks build on: an open contest, and entries as an entrant would name them.
Called once Django is set up."""

from datetime import timedelta


def open_contest(kind, *, days_left=1, **fields):
    """A contest whose `kind` stage opened yesterday and closes in `days_left` days; (contest, stage).
    `fields` add to or override the contest's placeholder texts."""
    from django.utils import timezone

    from contest.models import Contest, Stage

    now = timezone.now()
    placeholders = {"hosts": "主办", "introduction": "-", "rules_text": "-", "ip_terms": "-"}
    contest = Contest.objects.create(
        name="基准测试大赛", short_name="基准", **{"slug": "bench", **placeholders, **fields}
    )
    stage = Stage.objects.create(
        contest=contest, kind=kind, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=days_left)
    )
    return contest, stage


def entry_fields(entrant, track, title, **fields):
    """The fields of a solution `title` by `entrant` in `track`, shown as "<entrant>+<title>"."""
    return {
        "contest": entrant.contest,
        "entrant": entrant,
        "track": track,
        "title": title,
        "display_name": f"{entrant.name}+{title}",
        "kind": "solution",
        **fields,
    }


def submitted(now):
    """The fields of an entry submitted at `now` with both consents given."""
    return {
        "status": "submitted",
        "consent_original": True,
        "consent_publicity": True,
        "first_submitted_at": now,
        "submitted_at": now,
    }
