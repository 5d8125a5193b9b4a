from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.roles import JUDGES, ORGANIZERS
from contest.management.edition import add_contest_argument, contest_for_command
from judging.demo import seat_demo_judges
from judging.models import Round
from judging.services import assign_judges, create_default_rounds, populate_opened_rounds


class Command(BaseCommand):
    help = (
        "Create the judging rounds of the plan that are missing (a preliminary round per track, "
        "one re-selection, one final), each with the plan's default criteria. With --demo-judges "
        "(development only) every account in the judges group also gets a judge profile on every panel, "
        "and rounds already open get their entries and judges."
    )

    def add_arguments(self, parser):
        add_contest_argument(parser)
        parser.add_argument("--demo-judges", action="store_true", help="Profiles for the judges group's accounts.")

    def handle(self, *args, contest=None, demo_judges=False, **options):
        edition = contest_for_command(contest)
        if demo_judges and not settings.DEBUG:
            raise CommandError("--demo-judges changes panels for the demo; it only runs with DJANGO_DEBUG on.")
        with transaction.atomic():
            created = create_default_rounds(contest=edition)
            if demo_judges:
                accounts = get_user_model().objects.filter(groups__name=JUDGES).order_by("username")
                seat_demo_judges(edition, accounts)
        self.stdout.write(self.style.SUCCESS(f"{len(created)} judging round(s) created for “{edition.short_name}”."))
        if demo_judges:
            self.demo_assignments(edition)

    def demo_assignments(self, contest):
        """Rounds whose window is open get their entries and, as the demo organizer, their judges."""
        organizer = get_user_model().objects.filter(groups__name=ORGANIZERS).order_by("pk").first()
        now = timezone.now()
        for round_ in Round.objects.filter(stage__contest=contest, stage__starts_at__lte=now, stage__ends_at__gt=now):
            populate_opened_rounds(stage=round_.stage)
            if organizer is None or round_.assignments.exists():
                continue
            try:
                plan = assign_judges(round=round_, by=organizer)
            except ValidationError as exc:
                self.stdout.write(f"{round_}: no assignment: {' '.join(exc.messages)}")
            else:
                self.stdout.write(f"{round_}: {plan.new_count} assignment(s).")
