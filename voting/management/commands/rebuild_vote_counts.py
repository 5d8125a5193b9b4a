from django.core.management.base import BaseCommand, CommandError

from contest.management.edition import add_contest_argument, contest_for_command
from voting import live


class Command(BaseCommand):
    help = "Recompute the live vote counts in Redis from the vote rows (exact even while votes arrive)."

    def add_arguments(self, parser):
        add_contest_argument(parser)

    def handle(self, *args, contest=None, **options):
        edition = contest_for_command(contest)
        store = live.store()
        if not store.uses_redis:
            self.stdout.write("No Redis configured: counts are read from the vote rows; nothing to rebuild.")
            return
        counts = store.rebuild(edition.pk)
        if counts is None:
            raise CommandError("Another rebuild is running; try again when it has finished.")
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt counts of “{edition.short_name}”: {sum(counts.values())} valid votes.")
        )
