from django.core.management.base import BaseCommand, CommandError

from judging.services import verify_audit_chain


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of the judging log and report any record that was changed, "
        "removed or reordered. Prints the head hash, which can be recorded outside the portal."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head", help="Fail unless the newest record's hash is this one (a hash recorded earlier)."
        )

    def handle(self, *args, expect_head=None, **options):
        report = verify_audit_chain()
        for seq, problem in report.problems:
            self.stderr.write(f"record #{seq}: {problem}")
        if expect_head and report.head != expect_head:
            raise CommandError(f"the head is {report.head}, not the expected {expect_head}")
        if not report.ok:
            raise CommandError(
                f"the judging log is broken: {len(report.problems)} problem(s) in {report.count} records"
            )
        self.stdout.write(self.style.SUCCESS(f"judging log intact: {report.count} records, head {report.head}"))
