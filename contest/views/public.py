"""Public pages of the contest; every view here serves the anonymous public."""

from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.audience import PUBLIC, audience

from ..bulletins.queries import public_news
from ..models import CommitteeMember, Stage
from ..queries import current_contest_or_404, public_announcements, public_committee_members
from ..results import result_links
from ..schedule import Schedule


@audience(PUBLIC)
def home(request):
    contest = current_contest_or_404(request)
    now = timezone.now()
    schedule = Schedule.for_contest(contest)
    return render(
        request,
        "contest/home.html",
        {
            "now": now,
            "timeline": schedule.timeline(now),
            "open_stages": schedule.open_at(now),
            "deadline": schedule.next_deadline(now),
            "registration_open": schedule.is_open(Stage.Kind.REGISTRATION, now),
            "vote_open": schedule.is_open(Stage.Kind.PUBLIC_VOTE, now),
            "tracks": contest.tracks.all(),
            "news": public_news(contest, at=now, limit=5),
            "results": result_links(contest, schedule=schedule, now=now),
        },
    )


@audience(PUBLIC)
def track_detail(request, code):
    contest = current_contest_or_404(request)
    track = get_object_or_404(contest.tracks.all(), code=code)
    return render(request, "contest/track_detail.html", {"track": track, "tracks": contest.tracks.all()})


@audience(PUBLIC)
def committee(request):
    contest = current_contest_or_404(request)
    members = list(public_committee_members(contest))
    groups = [
        (label, [m for m in members if m.committee == value]) for value, label in CommitteeMember.Committee.choices
    ]
    return render(
        request,
        "contest/committee.html",
        {
            "groups": [(label, rows) for label, rows in groups if rows],
            "review_published": contest.review_committee_is_public(),
        },
    )


@audience(PUBLIC)
def announcement_list(request):
    """The news: published announcements and work bulletins together, newest first."""
    contest = current_contest_or_404(request)
    page = Paginator(public_news(contest), 20).get_page(request.GET.get("page"))
    return render(request, "contest/announcement_list.html", {"page": page})


@audience(PUBLIC)
def announcement_detail(request, code):
    contest = current_contest_or_404(request)
    announcement = get_object_or_404(public_announcements(contest), code=code)
    return render(request, "contest/announcement_detail.html", {"announcement": announcement})


@audience(PUBLIC)
def rules(request):
    current_contest_or_404(request)
    return render(request, "contest/rules.html")


@audience(PUBLIC)
@never_cache
def healthz(request):
    """Liveness for the load balancer and docker-compose: answers 200 when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
