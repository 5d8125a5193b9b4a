from django.core.management.base import BaseCommand

from contest.management.edition import add_contest_argument, contest_for_command
from voting.queries import vote_context
from voting.services import sweep_votes


class Command(BaseCommand):
    help = "Run the fraud rules over the votes of the last hours now (the scheduled sweep runs every minute)."

    def add_arguments(self, parser):
        add_contest_argument(parser)
        parser.add_argument("--hours", type=int, default=26, help="How far back to look (default 26).")

    def handle(self, *args, contest=None, hours=26, **options):
        edition = contest_for_command(contest)
        report = sweep_votes(context=vote_context(edition), lookback_hours=hours)
        self.stdout.write(self.style.SUCCESS(f"Flagged {report.total} votes: {report.flagged or 'none'}."))
