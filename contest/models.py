import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.textlimits import length_checks, limited_text


def generate_code():
    """Short public code for URLs: no integer ids in public addresses."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Translated:
    """Pick `<field>_en` over `<field>` when the active language is English and it is filled in.

    Models named in several places (tracks, award types) return `tr("name")` from `__str__`,
    so that templates, form choices and admin columns write `{{ track }}` and follow the
    language without a fix of their own.
    """

    def tr(self, field):
        if translation.get_language() == "en":
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)


class ContestQuerySet(models.QuerySet):
    def current(self):
        """The edition the public site shows: the one flagged current."""
        return self.filter(is_current=True).first()


class Contest(Translated, models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60)
    short_name_en = models.CharField(_("short name (English)"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    slogan = models.CharField(_("slogan"), max_length=100, blank=True)
    slogan_en = models.CharField(_("slogan (English)"), max_length=100, blank=True)
    is_current = models.BooleanField(
        _("current edition"), default=False, help_text=_("The edition shown on the public site.")
    )
    hosts = limited_text(_("hosts"), 2000, help_text=_("One organisation per line."))
    hosts_en = limited_text(_("hosts (English)"), 2000, blank=True)
    supporting_units = limited_text(_("supporting units"), 2000, blank=True, help_text=_("One organisation per line."))
    supporting_units_en = limited_text(_("supporting units (English)"), 2000, blank=True)
    introduction = limited_text(_("introduction"), 10000)
    introduction_en = limited_text(_("introduction (English)"), 10000, blank=True)
    rules_text = limited_text(_("rules"), 50000, help_text=_("Paragraphs separated by blank lines."))
    rules_text_en = limited_text(_("rules (English)"), 50000, blank=True)
    ip_terms = limited_text(_("intellectual property and publicity terms"), 20000)
    ip_terms_en = limited_text(_("intellectual property and publicity terms (English)"), 20000, blank=True)
    contact = limited_text(_("contact"), 2000, blank=True)
    contact_en = limited_text(_("contact (English)"), 2000, blank=True)
    review_committee_published_at = models.DateTimeField(
        _("review committee published at"),
        null=True,
        blank=True,
        help_text=_("The review committee list is public from this instant; empty means not published."),
    )

    objects = ContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        constraints = [
            *length_checks(
                "contest_contest",
                hosts=2000,
                hosts_en=2000,
                supporting_units=2000,
                supporting_units_en=2000,
                introduction=10000,
                introduction_en=10000,
                rules_text=50000,
                rules_text_en=50000,
                ip_terms=20000,
                ip_terms_en=20000,
                contact=2000,
                contact_en=2000,
            ),
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_contest"),
        ]

    def __str__(self):
        return self.tr("name")

    def lines(self, field):
        return [line.strip() for line in self.tr(field).splitlines() if line.strip()]

    @property
    def host_list(self):
        return self.lines("hosts")

    @property
    def supporting_unit_list(self):
        return self.lines("supporting_units")

    def review_committee_is_public(self, at=None):
        published = self.review_committee_published_at
        return published is not None and published <= (at or timezone.now())


class Track(Translated, models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="tracks", verbose_name=_("contest"))
    code = models.SlugField(_("code"), max_length=30, help_text=_("Used in addresses, e.g. gov."))
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    description = limited_text(_("description"), 5000)
    description_en = limited_text(_("description (English)"), 5000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "code"], name="unique_track_code"),
            *length_checks("contest_track", description=5000, description_en=5000),
        ]

    def __str__(self):
        # Every page, form choice, admin column and round name shows a track through this.
        return self.tr("name")


class Region(Translated, models.Model):
    """Where an entrant may be based in this edition (a city, or a province in a national one).

    Bulletins count registrations by region. The code `outside` (contest.regions.OUTSIDE)
    stands for entrants from elsewhere, who then name their province.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="regions", verbose_name=_("contest"))
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "code"], name="unique_region_code")]

    def __str__(self):
        return self.tr("name")


class Stage(Translated, models.Model):
    class Kind(models.TextChoices):
        LAUNCH = "launch", _("Launch")
        REGISTRATION = "registration", _("Registration")
        REVIEW_MEETING = "review_meeting", _("Review-work meeting")
        PRELIMINARY = "preliminary", _("Preliminary selection")
        RESELECTION = "reselection", _("Re-selection")
        FINAL = "final", _("Final")
        PUBLIC_VOTE = "public_vote", _("Public vote")
        CEREMONY = "ceremony", _("Award ceremony and forum")
        PROMOTION = "promotion", _("Promotion and application")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="stages", verbose_name=_("contest"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(
        _("ends at"),
        help_text=_("The first instant after the stage; a stage that runs through 20 June ends at 21 June 00:00."),
    )
    description = limited_text(_("description"), 5000, blank=True)
    description_en = limited_text(_("description (English)"), 5000, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["starts_at", "ends_at", "pk"]
        constraints = [
            *length_checks("contest_stage", description=5000, description_en=5000),
            models.UniqueConstraint(fields=["contest", "kind"], name="one_stage_of_each_kind"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="stage_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.contest.tr('short_name')})"

    @property
    def name(self):
        return self.get_kind_display()

    def is_open(self, at):
        """Half-open interval: open from `starts_at` up to, but not at, `ends_at`."""
        return self.starts_at <= at < self.ends_at

    @property
    def last_day(self):
        """The last calendar day of the stage in local time, for display."""
        return timezone.localtime(self.ends_at - timezone.timedelta(microseconds=1)).date()


class CommitteeMember(models.Model):
    class Committee(models.TextChoices):
        ORGANIZING = "organizing", _("Organizing committee")
        REVIEW = "review", _("Review committee")

    class Role(models.TextChoices):
        ADVISER = "adviser", _("Adviser")
        DIRECTOR = "director", _("Director")
        DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
        SECRETARIAT = "secretariat", _("Secretariat")
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        MEMBER = "member", _("Member")

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="committee_members", verbose_name=_("contest")
    )
    committee = models.CharField(_("committee"), max_length=20, choices=Committee.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    title = models.CharField(pgettext_lazy("job", "title"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class AnnouncementQuerySet(models.QuerySet):
    def published(self, at=None):
        return self.filter(published_at__isnull=False, published_at__lte=at or timezone.now())


class Announcement(Translated, models.Model):
    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("contest")
    )
    code = models.CharField(_("code"), max_length=12, unique=True, default=generate_code, editable=False)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body = limited_text(_("text"), 20000)
    body_en = limited_text(_("text (English)"), 20000, blank=True)
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, help_text=_("Empty keeps it a draft; a future instant schedules it.")
    )

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        constraints = length_checks("contest_announcement", body=20000, body_en=20000)
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title


class StageTransition(models.Model):
    """A stage boundary the portal has noticed; other apps react to the signal sent once per row."""

    class Event(models.TextChoices):
        OPENED = "opened", _("opened")
        CLOSED = "closed", _("closed")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("stage"))
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    at = models.DateTimeField(_("boundary instant"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["stage", "event", "at"], name="one_transition_per_boundary")]

    def __str__(self):
        return f"{self.stage} {self.get_event_display()} {self.at:%Y-%m-%d %H:%M}"
