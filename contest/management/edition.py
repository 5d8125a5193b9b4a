"""The `--contest` option of the management commands that act on one edition."""

from django.core.management.base import CommandError

from contest.models import Contest


def add_contest_argument(parser, help="Slug of the edition (default: the current one)."):
    parser.add_argument("--contest", help=help)


def contest_for_command(slug):
    """The edition `--contest` names, else the current one; a CommandError if there is none."""
    contest = Contest.objects.filter(slug=slug).first() if slug else Contest.objects.current()
    if contest is None:
        raise CommandError("No such contest." if slug else "No current contest: name one with --contest.")
    return contest
