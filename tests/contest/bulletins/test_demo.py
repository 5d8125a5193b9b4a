"""The demo holds the published bulletin of every stage closed by its open stage, PDFs stored."""

from django.core.management import call_command
from django.utils import timezone

from contest.bulletins.models import Bulletin
from contest.models import Contest, Stage


def test_demo_publishes_the_bulletins_of_closed_stages(db, settings):
    settings.DEBUG = True

    call_command("load_demo", stage="preliminary")

    contest = Contest.objects.current()
    closed = set(Stage.objects.filter(contest=contest, ends_at__lte=timezone.now()).values_list("kind", flat=True))
    bulletins = list(Bulletin.objects.filter(contest=contest).select_related("stage").order_by("number"))
    assert closed == {"launch", "registration", "review_meeting"}
    assert [b.stage.kind for b in bulletins] == ["launch", "registration", "review_meeting"]
    assert [b.number for b in bulletins] == [1, 2, 3]
    assert all(b.status == "published" and b.pdf.open("rb").read(5) == b"%PDF-" for b in bulletins)
    registration = bulletins[1]
    assert registration.figures[0]["key"] == "registration"
    assert registration.figures[0]["facts"][1]["value"] > 0  # entries submitted

    call_command("load_demo", stage="preliminary")

    assert Bulletin.objects.filter(contest=contest).count() == 3
