from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import actor_field
from accounts.textlimits import length_checks, limited_text
from contest.models import generate_code

from .files import EntryFile, FileKind


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISQUALIFIED = "disqualified", _("Disqualified")


class EntryKind(models.TextChoices):
    PLATFORM = "platform", _("Platform")
    WEBSITE = "website", _("Website")
    APP = "app", _("Mobile app")
    PC_CLIENT = "pc_client", _("PC client")
    MODEL = "model", _("Model or algorithm")
    SOLUTION = "solution", _("Solution or report")
    OTHER = "other", _("Other")


SELF_INTRODUCTION_MAX_LENGTH = 2000

# Kinds of work a judge can try: these must give a URL to download or test it and instructions.
KINDS_WITH_PROTOTYPE = (EntryKind.PLATFORM, EntryKind.WEBSITE, EntryKind.APP, EntryKind.PC_CLIENT)


# While the window is open, the entrant may still change the files of an entry in these states.
FILE_EDITABLE_STATUSES = (EntryStatus.DRAFT, EntryStatus.SUBMITTED)


class RoundReached(models.TextChoices):
    """How far an entry has come in the judging; judging moves it forward, voting reads the finalists."""

    PRELIMINARY = "preliminary", _("Preliminary selection")
    RESELECTION = "reselection", _("Re-selection")
    FINAL = "final", _("Final")


class DisqualificationGround(models.TextChoices):
    """The grounds the rules give for disqualifying an entry."""

    ILLEGAL = "illegal", _("Breaks laws or regulations")
    FALSE_INFORMATION = "false_information", _("False information")
    CHEATING_OR_INFRINGEMENT = (
        "cheating_or_infringement",
        _("Cheating, plagiarism or infringement of intellectual property"),
    )
    OFFENSIVE_CONTENT = "offensive_content", _("Obscene, pornographic or defamatory content")
    INAPPROPRIATE = "inappropriate", _("Other content the organizing committee deems inappropriate")


class EntryQuerySet(models.QuerySet):
    def for_user(self, user):
        """Entries the user registered: an entrant sees only their own (everything else answers 404)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(entrant__user=user)

    def with_dashboard_data(self):
        """Track, entrant and files in a fixed number of queries, whatever the number of entries."""
        return self.select_related("track", "entrant").prefetch_related(
            Prefetch("files", queryset=EntryFile.objects.order_by("kind", "-is_current", "-created_at"))
        )

    def for_admin_list(self):
        """What the organizers' changelist shows, joined, and the file-check state as annotations."""

        def current(kind, **extra):
            return Exists(EntryFile.objects.filter(entry=OuterRef("pk"), kind=kind, is_current=True, **extra))

        return self.select_related("entrant", "entrant__user", "track", "contest").annotate(
            materials_accepted=current(FileKind.MATERIALS, status=EntryFile.Status.ACCEPTED),
            video_accepted=current(FileKind.VIDEO, status=EntryFile.Status.ACCEPTED),
        )

    def with_file_state(self, state):
        """Filter by the state of the current files: complete, refused, checking or missing."""
        current = EntryFile.objects.filter(entry=OuterRef("pk"), is_current=True)
        if state == "complete":
            return self.filter(
                Exists(current.filter(kind=FileKind.MATERIALS, status=EntryFile.Status.ACCEPTED)),
                Exists(current.filter(kind=FileKind.VIDEO, status=EntryFile.Status.ACCEPTED)),
            )
        if state == "refused":
            return self.filter(Exists(EntryFile.objects.filter(entry=OuterRef("pk"), status=EntryFile.Status.REFUSED)))
        if state == "checking":
            return self.filter(
                Exists(
                    EntryFile.objects.filter(
                        entry=OuterRef("pk"), status__in=[EntryFile.Status.PENDING, EntryFile.Status.CHECKING]
                    )
                )
            )
        if state == "missing":
            return self.filter(
                ~Exists(current.filter(kind=FileKind.MATERIALS)) | ~Exists(current.filter(kind=FileKind.VIDEO))
            )
        return self


class Entry(models.Model):
    """A work entered in one track; frozen by submission, editable again only inside the window."""

    Status = EntryStatus
    Kind = EntryKind
    Ground = DisqualificationGround
    KINDS_WITH_PROTOTYPE = KINDS_WITH_PROTOTYPE
    FILE_EDITABLE_STATUSES = FILE_EDITABLE_STATUSES

    code = models.CharField(_("entry code"), max_length=12, unique=True, default=generate_code, editable=False)
    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="entries", verbose_name=_("contest")
    )
    entrant = models.ForeignKey(
        "registration.Entrant", on_delete=models.CASCADE, related_name="entries", verbose_name=_("entrant")
    )
    track = models.ForeignKey(
        "contest.Track", on_delete=models.PROTECT, related_name="entries", verbose_name=_("track")
    )
    title = models.CharField(_("work name"), max_length=100)
    summary = limited_text(_("summary"), 1000, blank=True)
    scenario = limited_text(_("application scenario"), 2000, blank=True)
    problem = limited_text(_("problem or pain point solved"), 2000, blank=True)
    data_used = limited_text(_("data used"), 2000, blank=True, help_text=_("Sources of the data and how it is used."))
    results = limited_text(_("results achieved or expected"), 2000, blank=True)
    # The plan asks the materials to cover who the entrant is; judges read it beside the work.
    self_introduction = models.TextField(
        _("self-introduction"),
        max_length=SELF_INTRODUCTION_MAX_LENGTH,
        blank=True,
        help_text=_("The people behind the work: their experience, skills and what they have done before."),
    )
    kind = models.CharField(_("kind of work"), max_length=20, choices=EntryKind.choices)
    product_url = models.URLField(
        _("URL to download or try the work"),
        max_length=500,
        blank=True,
        help_text=_("Required for a platform, website, app or PC client."),
    )
    usage_instructions = limited_text(
        _("usage instructions"),
        2000,
        blank=True,
        help_text=_("How a judge can try it: test account, steps. Required for a platform, website, app or PC client."),
    )
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    consent_original = models.BooleanField(
        _("the work is original and its intellectual property is clear"), default=False
    )
    consent_publicity = models.BooleanField(
        _("the organizing committee may use the work and the entrant's information for publicity"), default=False
    )
    consent_recommendation = models.BooleanField(
        _("the work may be recommended to government departments after the contest"), default=False
    )
    commits_to_events = models.BooleanField(
        _("commits to take part in the roadshows and matchmaking events"), default=False
    )
    status = models.CharField(_("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    disqualification_ground = models.CharField(
        _("ground for disqualification"), max_length=30, choices=DisqualificationGround.choices, blank=True
    )
    disqualification_note = limited_text(_("organizer's note"), 2000, blank=True)
    round_reached = models.CharField(
        _("round reached"), max_length=20, choices=RoundReached.choices, blank=True, db_index=True
    )
    # "参赛者名称+作品名称", derived by the services from the entrant's name and the work name.
    display_name = models.CharField(_("display name"), max_length=210, editable=False)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-created_at", "-pk"]
        permissions = [("view_personal_data", _("Can see entrants' full phone numbers and personal data"))]
        constraints = [
            *length_checks(
                "registration_entry",
                summary=1000,
                scenario=2000,
                problem=2000,
                data_used=2000,
                results=2000,
                usage_instructions=2000,
                disqualification_note=2000,
            ),
            models.UniqueConstraint(fields=["contest", "display_name"], name="entry_display_name_unique"),
            models.CheckConstraint(condition=Q(status__in=EntryStatus.values), name="entry_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="entry_kind_valid"),
            models.CheckConstraint(condition=~Q(title="") & ~Q(display_name=""), name="entry_names_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("self_introduction"), SELF_INTRODUCTION_MAX_LENGTH),
                name="entry_self_introduction_length",
            ),
            # A work judges can try must say where and how once it leaves the draft state.
            models.CheckConstraint(
                condition=Q(status=EntryStatus.DRAFT)
                | ~Q(kind__in=KINDS_WITH_PROTOTYPE)
                | (~Q(product_url="") & ~Q(usage_instructions="")),
                name="entry_prototype_url_and_instructions",
            ),
            # Leaving the draft state needs the two mandatory consents and a first submission time.
            models.CheckConstraint(
                condition=Q(status=EntryStatus.DRAFT)
                | Q(consent_original=True, consent_publicity=True, first_submitted_at__isnull=False),
                name="entry_submitted_has_consents",
            ),
            # A disqualified entry always carries its ground; no other entry carries one.
            models.CheckConstraint(
                condition=(Q(status=EntryStatus.DISQUALIFIED) & ~Q(disqualification_ground=""))
                | (~Q(status=EntryStatus.DISQUALIFIED) & Q(disqualification_ground="")),
                name="entry_disqualification_has_ground",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def needs_prototype(self):
        return self.kind in KINDS_WITH_PROTOTYPE

    @property
    def is_frozen(self):
        return self.status != EntryStatus.DRAFT


class EntryRevision(models.Model):
    """The state of an entry after one change made once it had been submitted."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        EDIT = "edit", _("Edited")
        WITHDRAW = "withdraw", _("Withdrawn")
        DISQUALIFY = "disqualify", _("Disqualified")
        RESTORE = "restore", _("Restored")
        RENAME = "rename", _("Entrant renamed")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("entry"))
    number = models.PositiveIntegerField(_("number"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    snapshot = models.JSONField(_("snapshot"))
    note = limited_text(_("note"), 2000, blank=True, help_text=_("Why an organizer changed the entry."))
    changed_by = actor_field(_("changed by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("entry revision")
        verbose_name_plural = _("entry revisions")
        ordering = ["entry", "number"]
        constraints = [
            *length_checks("registration_entryrevision", note=2000),
            models.UniqueConstraint(fields=["entry", "number"], name="entry_revision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="entry_revision_number_positive"),
        ]

    def __str__(self):
        return f"{self.entry.code} #{self.number}"
