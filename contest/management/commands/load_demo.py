from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from contest import demo_content
from contest.models import Announcement, CommitteeMember, Contest, Stage, Track
from contest.services import set_up_regions
from contest.signals import demo_loaded

# (username, display name, phone, group, staff); the password is "demo-<username>".
DEMO_USERS = [
    ("organizer", "演示组织者", "+8613800000001", "organizers", True),
    ("judge1", "演示评委一", "+8613800000002", "judges", False),
    ("judge2", "演示评委二", "+8613800000003", "judges", False),
    ("entrant1", "演示参赛者一", "+8613800000004", None, False),
    ("entrant2", "演示参赛者二", "+8613800000005", None, False),
]


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


class Command(BaseCommand):
    help = "Create or refresh the demo contest (the first Hebei edition) and demo logins. Development only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stage",
            choices=[kind for kind, _label in Stage.Kind.choices],
            default=Stage.Kind.REGISTRATION,
            help="Shift the schedule so that this stage is open today (default: registration).",
        )

    def handle(self, *args, stage, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo creates users with known passwords; it only runs with DJANGO_DEBUG on.")
        with transaction.atomic():
            contest = self.load_contest(stage)
            users = self.load_users()
            demo_loaded.send(sender=Contest, contest=contest, stage=stage, users=users)
        self.stdout.write(self.style.SUCCESS(f"Demo contest “{contest.short_name}” ready; open stage: {stage}."))
        self.stdout.write("Demo logins (username / password):")
        for username, display, phone, group, _staff in DEMO_USERS:
            role = group or "entrant"
            self.stdout.write(f"  {role:<11} {username:<10} demo-{username:<12} {phone}  {display}")

    def load_contest(self, open_kind):
        Contest.objects.exclude(slug=demo_content.CONTEST["slug"]).filter(is_current=True).update(is_current=False)
        fields = {k: v for k, v in demo_content.CONTEST.items() if k != "slug"}
        contest, _ = Contest.objects.update_or_create(
            slug=demo_content.CONTEST["slug"], defaults={**fields, "is_current": True}
        )
        for order, track in enumerate(demo_content.TRACKS, start=1):
            Track.objects.update_or_create(contest=contest, code=track["code"], defaults={**track, "order": order})
        set_up_regions(contest=contest)

        # Move the whole plan by whole days so that the chosen stage began yesterday.
        first_day = next(first for kind, first, _last in demo_content.STAGES if kind == open_kind)
        shift = timezone.localdate() - timedelta(days=1) - first_day
        for kind, first, last in demo_content.STAGES:
            Stage.objects.update_or_create(
                contest=contest,
                kind=kind,
                defaults={
                    "starts_at": local_midnight(first + shift),
                    "ends_at": local_midnight(last + shift + timedelta(days=1)),
                },
            )
        preliminary = contest.stages.get(kind=Stage.Kind.PRELIMINARY)
        published = preliminary.starts_at <= timezone.now()
        contest.review_committee_published_at = preliminary.starts_at - timedelta(days=7) if published else None
        contest.save(update_fields=["review_committee_published_at"])

        for order, (role, title, name) in enumerate(demo_content.ORGANIZING_COMMITTEE, start=1):
            CommitteeMember.objects.update_or_create(
                contest=contest,
                committee=CommitteeMember.Committee.ORGANIZING,
                name=name,
                defaults={"role": role, "title": title, "order": order},
            )
        for order, (role, title, organisation, name) in enumerate(demo_content.REVIEW_COMMITTEE, start=1):
            CommitteeMember.objects.update_or_create(
                contest=contest,
                committee=CommitteeMember.Committee.REVIEW,
                name=name,
                defaults={"role": role, "title": title, "organisation": organisation, "order": order},
            )

        stages = {stage.kind: stage for stage in contest.stages.all()}
        for title, title_en, body, body_en, kind in demo_content.ANNOUNCEMENTS:
            Announcement.objects.update_or_create(
                contest=contest,
                title=title,
                defaults={
                    "title_en": title_en,
                    "body": body,
                    "body_en": body_en,
                    # Announcements of stages that have not started yet stay drafts.
                    "published_at": stages[kind].starts_at if stages[kind].starts_at <= timezone.now() else None,
                },
            )
        return contest

    def load_users(self):
        """The demo logins, by username."""
        User = get_user_model()
        users = {}
        for username, display, phone, group, staff in DEMO_USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={"display_name": display, "phone": phone, "phone_verified": True, "is_staff": staff},
            )
            user.set_password(f"demo-{username}")
            user.save(update_fields=["password"])
            if group:
                user.groups.add(Group.objects.get_or_create(name=group)[0])
            users[username] = user
        return users
