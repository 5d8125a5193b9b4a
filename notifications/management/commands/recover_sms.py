from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from notifications import services
from notifications.tasks import SEND_TIME_LIMIT


class Command(BaseCommand):
    help = (
        "Settle SMS rows stuck in 'sending' or 'queued' for longer than --older-than seconds: ask the "
        "provider about each 'sending' row by out-id, mark it sent if the provider has it, queue it again "
        "if not; give overdue 'queued' rows a new send task. No message is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.SMS_RECOVER_AFTER,
            help=f"Seconds a row must have been stuck (default SMS_RECOVER_AFTER = {settings.SMS_RECOVER_AFTER}).",
        )

    def handle(self, *args, older_than, **options):
        if older_than < SEND_TIME_LIMIT:
            self.stderr.write(
                self.style.WARNING(
                    f"--older-than {older_than} is below the send task's time limit ({SEND_TIME_LIMIT} s): "
                    "only safe when no worker is running, or a live send may be looked up too early."
                )
            )
        report = services.recover_stuck_sms(older_than=timedelta(seconds=max(older_than, 0)))
        lines = [
            ("sending, the provider has them: marked sent", report.marked_sent),
            ("sending, the provider does not have them: queued again", report.requeued_sending),
            ("sending on their last attempt: failed", report.failed),
            ("queued too long: given a new send task", report.requeued_queued),
        ]
        for label, ids in lines:
            self.stdout.write(f"{len(ids)} {label}" + (f" (ids {', '.join(map(str, ids))})" if ids else ""))
        self.stdout.write(f"{len(report.unresolved)} sending, the provider could not be asked: left for the next run")
        for pk, error in report.unresolved:
            self.stdout.write(f"  id {pk}: {error}")
