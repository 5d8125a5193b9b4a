"""Run the upload checks on a local file, or again on every stored file.

    manage.py checkfile PATH --kind materials|video   exit 0 accepted, 1 refused
    manage.py checkfile --all [--dry-run]              re-check stored files, report changes

Support staff use the first form to answer "why was my file refused?" with exactly the
checks the upload went through; organizers use --all after a rule change.
"""

import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contest.management.edition import add_contest_argument, contest_for_command
from registration import checks
from registration.models import EntryFile
from registration.queries import limits_for
from registration.services.files import check_entry_file, local_copy


class Command(BaseCommand):
    help = "Check a file as an uploaded entry file would be checked, or re-check every stored file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="A local file to check.")
        parser.add_argument("--kind", choices=checks.KINDS, help="Check the file as materials or as the video.")
        add_contest_argument(parser, help="Slug of the edition whose limits apply (default: the current one).")
        parser.add_argument("--output", help="Keep the PDF preview or the poster in this directory.")
        parser.add_argument("--all", action="store_true", help="Re-check every stored entry file.")
        parser.add_argument("--dry-run", action="store_true", help="With --all: report, record nothing.")

    def handle(self, *args, **options):
        if options["all"]:
            if options["path"]:
                raise CommandError("Give either PATH or --all, not both.")
            return self.recheck_all(dry_run=options["dry_run"])
        if not options["path"] or not options["kind"]:
            raise CommandError("Give PATH and --kind materials|video (or --all).")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        verdict = self.check_path(path, options["kind"], options["contest"], options["output"])
        self.print_verdict(verdict)
        raise SystemExit(0 if verdict.accepted else 1)

    def contest(self, slug):
        return contest_for_command(slug)

    def check_path(self, path, kind, slug, output):
        limits = limits_for(self.contest(slug), kind)
        with tempfile.TemporaryDirectory(prefix="checkfile-") as work:
            verdict = checks.check_file(path, kind=kind, limits=limits, workdir=work)
            if output:
                Path(output).mkdir(parents=True, exist_ok=True)
                for derived in (verdict.preview_path, verdict.poster_path):
                    if derived:
                        kept = Path(output) / derived.name
                        shutil.copyfile(derived, kept)
                        self.stdout.write(f"kept: {kept}")
        return verdict

    def print_verdict(self, verdict):
        status = "accepted" if verdict.accepted else "refused"
        style = self.style.SUCCESS if verdict.accepted else self.style.ERROR
        self.stdout.write(style(f"{status} ({verdict.code}): {verdict.message}"))
        facts = {
            "type": verdict.detected_type,
            "pages": verdict.page_count,
            "duration": f"{verdict.duration:.2f} s" if verdict.duration else None,
            "video codec": verdict.video_codec,
            "audio codec": verdict.audio_codec,
            "resolution": f"{verdict.width}x{verdict.height}" if verdict.width else None,
        }
        for name, value in facts.items():
            if value:
                self.stdout.write(f"  {name}: {value}")

    def recheck_all(self, *, dry_run):
        checked = changed = 0
        for entry_file in EntryFile.objects.select_related("entry__contest").order_by("pk").iterator():
            before = (entry_file.status, entry_file.verdict_code)
            if dry_run:
                limits = limits_for(entry_file.entry.contest, entry_file.kind)
                with local_copy(entry_file.file) as path:
                    verdict = checks.check_file(path, kind=entry_file.kind, limits=limits)
                status = EntryFile.Status.ACCEPTED if verdict.accepted else EntryFile.Status.REFUSED
                after = (status, verdict.code)
            else:
                verdict = check_entry_file(entry_file=entry_file)
                after = (entry_file.status, entry_file.verdict_code)
            checked += 1
            if after != before:
                changed += 1
                self.stdout.write(
                    f"{entry_file.entry.code} {entry_file.kind} {entry_file.uid}: "
                    f"{before[0]} ({before[1] or '-'}) -> {after[0]} ({after[1]}): {verdict.message}"
                )
        self.stdout.write(f"{checked} files checked, {changed} changed{' (dry run)' if dry_run else ''}.")
