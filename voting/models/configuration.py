"""The edition's vote settings and the API's client channels."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The database bound of the daily votes of one phone; the contest's own limit (lower or
# equal) is copied onto each vote, where a check constraint can hold it (see Vote.day_limit).
DAILY_VOTES_CEILING = 20

PENALTY_STEPS = ("warning", "reset", "exclude")


def validate_penalty_ladder(value):
    steps = [step.strip() for step in value.split(",") if step.strip()]
    if not steps or any(step not in PENALTY_STEPS for step in steps):
        raise ValidationError(
            _("List the steps separated by commas, each one of: warning, reset, exclude."), code="ladder"
        )


class Visibility(models.TextChoices):
    LIVE = "live", _("Live counts")
    RANKING = "ranking", _("Ranking only, no counts")
    HIDDEN = "hidden", _("Hidden until published")


class VoteSettings(models.Model):
    """Limits, visibility, fraud thresholds and penalties of one edition's public vote, edited in the admin."""

    Visibility = Visibility

    contest = models.OneToOneField(
        "contest.Contest", on_delete=models.CASCADE, related_name="vote_settings", verbose_name=_("contest")
    )
    votes_per_phone_per_day = models.PositiveSmallIntegerField(
        _("votes per phone per day"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(DAILY_VOTES_CEILING)],
        help_text=_(
            "Votes one verified phone may cast per day, all finalists together. "
            "A phone can vote for the same finalist once a day; the day turns at midnight, Beijing time."
        ),
    )
    award_size = models.PositiveSmallIntegerField(
        _("popularity awards"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("The finalists with the most valid votes who receive the popularity award (ties share a place)."),
    )
    counts_visibility = models.CharField(
        _("what the public sees"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.HIDDEN,
        help_text=_("Before the organizers publish the counts. Large vote platforms advise hiding them."),
    )
    counts_published_at = models.DateTimeField(
        _("counts published at"),
        null=True,
        blank=True,
        help_text=_("From this instant everyone sees the counts; set by the publish button on the voting page."),
    )
    ip_captcha_after = models.PositiveIntegerField(
        _("votes per address per hour before a captcha"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("Past this many votes within an hour from one address, every further vote needs a captcha."),
    )
    ip_refuse_after = models.PositiveIntegerField(
        _("votes per address per hour before refusal"),
        default=600,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Past this many, votes from the address are refused until the hour is over. Keep it high: "
            "a school or a company puts thousands of people behind one address."
        ),
    )
    burst_window_minutes = models.PositiveSmallIntegerField(
        _("burst window (minutes)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    burst_ip_votes = models.PositiveIntegerField(
        _("votes from one address within the window that count as a burst"),
        default=60,
        validators=[MinValueValidator(2)],
    )
    burst_network_votes = models.PositiveIntegerField(
        _("votes from one /24 network within the window that count as a burst"),
        default=200,
        validators=[MinValueValidator(2)],
    )
    device_max_phones = models.PositiveSmallIntegerField(
        _("phones per device per day"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Votes from a device (browser cookie or app device id) that used more phones in a day are flagged."
        ),
    )
    sequential_min_phones = models.PositiveSmallIntegerField(
        _("consecutive numbers that count as a run"),
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_(
            "Votes are flagged when this many numbers of one block of ten consecutive numbers vote on one day."
        ),
    )
    night_starts_hour = models.PositiveSmallIntegerField(
        _("unusual hours start at"), default=1, validators=[MaxValueValidator(23)]
    )
    night_ends_hour = models.PositiveSmallIntegerField(
        _("unusual hours end at"), default=6, validators=[MaxValueValidator(23)]
    )
    night_min_votes = models.PositiveIntegerField(
        _("votes for one finalist in an unusual hour that count as a burst"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("Also more than five times the finalist's average hourly votes during the day."),
    )
    jump_min_votes = models.PositiveIntegerField(
        _("votes for one finalist within an hour before its share is compared"),
        default=100,
        validators=[MinValueValidator(1)],
    )
    jump_factor = models.PositiveSmallIntegerField(
        _("share jump factor"),
        default=3,
        validators=[MinValueValidator(2)],
        help_text=_(
            "An hour's votes for a finalist are flagged when its share of that hour is this many times "
            "its share of the 24 hours before."
        ),
    )
    penalty_ladder = models.CharField(
        _("penalty ladder"),
        max_length=100,
        default="warning,reset,exclude",
        validators=[validate_penalty_ladder],
        help_text=_(
            "The penalties a finalist receives one after another for brushing votes: "
            "warning, reset (its votes become invalid), exclude (from the popularity award)."
        ),
    )

    class Meta:
        verbose_name = _("vote settings")
        verbose_name_plural = _("vote settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_per_phone_per_day__gte=1, votes_per_phone_per_day__lte=DAILY_VOTES_CEILING),
                name="vote_settings_daily_limit_range",
            ),
            models.CheckConstraint(
                condition=Q(ip_refuse_after__gt=F("ip_captcha_after")),
                name="vote_settings_refuse_after_captcha",
                violation_error_message=_("Votes are refused only past the number that asks for a captcha."),
            ),
            models.CheckConstraint(
                condition=Q(counts_visibility__in=Visibility.values), name="vote_settings_visibility_valid"
            ),
        ]

    def __str__(self):
        return str(self.contest)

    @classmethod
    def for_contest(cls, contest):
        """The contest's settings; the defaults, unsaved, until an organizer or a service saves
        some (reading them never writes)."""
        return cls.objects.filter(contest=contest).first() or cls(contest=contest)

    @property
    def ladder(self):
        return [step.strip() for step in self.penalty_ladder.split(",") if step.strip()]

    def is_night(self, hour):
        start, end = self.night_starts_hour, self.night_ends_hour
        return start <= hour < end if start <= end else hour >= start or hour < end

    def counts_are_public(self, at=None):
        published = self.counts_published_at
        return published is not None and published <= (at or timezone.now())


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    """Another channel (the government app, a mini program) calling the JSON API with a bearer token."""

    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(
        _("token starts with"), max_length=8, editable=False, help_text=_("Tells tokens apart; the rest is not stored.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"), default=6000, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def set_new_token(self):
        """Give the client a fresh token and return it: it is shown once and only its hash is kept."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _token_hash(token)
        self.token_prefix = token[:8]
        return token

    @staticmethod
    def hash_token(token):
        return _token_hash(token)
