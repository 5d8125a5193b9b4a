from django.core.management.base import BaseCommand

from awards.services import create_default_award_types
from contest.management.edition import add_contest_argument, contest_for_command


class Command(BaseCommand):
    help = (
        "Create the plan's award types the contest lacks: the grand prize, the first, second and third "
        "prizes per track, the single awards and the popularity award. Types already there are kept."
    )

    def add_arguments(self, parser):
        add_contest_argument(parser)

    def handle(self, *args, contest=None, **options):
        edition = contest_for_command(contest)
        created = create_default_award_types(contest=edition)
        self.stdout.write(self.style.SUCCESS(f"{len(created)} award type(s) created for “{edition.short_name}”."))
