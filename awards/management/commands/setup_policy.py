from django.core.management.base import BaseCommand

from awards.services import set_up_policy
from contest.management.edition import add_contest_argument, contest_for_command


class Command(BaseCommand):
    help = (
        "Load the plan's startup guarantee loan limits and the co-hosting bank as a partner where they "
        "are missing. Safe to run again: rows edited in the admin are kept."
    )

    def add_arguments(self, parser):
        add_contest_argument(parser)

    def handle(self, *args, contest=None, **options):
        edition = contest_for_command(contest)
        created = set_up_policy(contest=edition)
        self.stdout.write(self.style.SUCCESS(f"{len(created)} policy row(s) created for “{edition.short_name}”."))
