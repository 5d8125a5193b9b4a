from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.phone import mask_phone
from contest.queries import region_label
from contest.regions import OUTSIDE

from ..validators import validate_credit_code

# The database bound of a team; the contest's own (lower or equal) limit is a setting the
# service enforces, because a check constraint cannot read another table.
TEAM_SIZE_CEILING = 10


class RegistrationSettings(models.Model):
    """Limits of one edition's registration, edited by organizers in the admin."""

    contest = models.OneToOneField(
        "contest.Contest",
        on_delete=models.CASCADE,
        related_name="registration_settings",
        verbose_name=_("contest"),
    )
    max_entries_total = models.PositiveSmallIntegerField(
        _("entries per entrant in total"), default=1, help_text=_("Entries one entrant may have, all tracks together.")
    )
    max_entries_per_track = models.PositiveSmallIntegerField(
        _("entries per entrant per track"), default=1, help_text=_("Entries one entrant may have in each track.")
    )
    materials_max_bytes = models.PositiveBigIntegerField(_("materials size limit (bytes)"), default=100 * 1024 * 1024)
    video_max_bytes = models.PositiveBigIntegerField(_("video size limit (bytes)"), default=1024 * 1024 * 1024)
    video_max_seconds = models.PositiveIntegerField(_("video length limit (seconds)"), default=300)
    team_max_members = models.PositiveSmallIntegerField(
        _("team size limit"),
        default=TEAM_SIZE_CEILING,
        # format_lazy, not %: the text must stay lazy or it would be translated once, at import.
        help_text=format_lazy(
            _("People in a team, the leader included; at most {ceiling}."), ceiling=TEAM_SIZE_CEILING
        ),
    )

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(team_max_members__gte=1, team_max_members__lte=TEAM_SIZE_CEILING),
                name="registration_team_limit_range",
            ),
            models.CheckConstraint(
                condition=Q(max_entries_total__gte=1, max_entries_per_track__gte=1),
                name="registration_entry_limits_positive",
            ),
        ]

    def __str__(self):
        return str(self.contest)

    @classmethod
    def for_contest(cls, contest):
        """The contest's settings; the defaults, unsaved, until an organizer saves some (reading
        them never writes)."""
        return cls.objects.filter(contest=contest).first() or cls(contest=contest)


class Province(models.TextChoices):
    """Provincial-level divisions other than Hebei, for entrants outside Hebei."""

    BEIJING = "beijing", _("Beijing")
    TIANJIN = "tianjin", _("Tianjin")
    SHANXI = "shanxi", _("Shanxi")
    INNER_MONGOLIA = "inner_mongolia", _("Inner Mongolia")
    LIAONING = "liaoning", _("Liaoning")
    JILIN = "jilin", _("Jilin")
    HEILONGJIANG = "heilongjiang", _("Heilongjiang")
    SHANGHAI = "shanghai", _("Shanghai")
    JIANGSU = "jiangsu", _("Jiangsu")
    ZHEJIANG = "zhejiang", _("Zhejiang")
    ANHUI = "anhui", _("Anhui")
    FUJIAN = "fujian", _("Fujian")
    JIANGXI = "jiangxi", _("Jiangxi")
    SHANDONG = "shandong", _("Shandong")
    HENAN = "henan", _("Henan")
    HUBEI = "hubei", _("Hubei")
    HUNAN = "hunan", _("Hunan")
    GUANGDONG = "guangdong", _("Guangdong")
    GUANGXI = "guangxi", _("Guangxi")
    HAINAN = "hainan", _("Hainan")
    CHONGQING = "chongqing", _("Chongqing")
    SICHUAN = "sichuan", _("Sichuan")
    GUIZHOU = "guizhou", _("Guizhou")
    YUNNAN = "yunnan", _("Yunnan")
    TIBET = "tibet", _("Tibet")
    SHAANXI = "shaanxi", _("Shaanxi")
    GANSU = "gansu", _("Gansu")
    QINGHAI = "qinghai", _("Qinghai")
    NINGXIA = "ningxia", _("Ningxia")
    XINJIANG = "xinjiang", _("Xinjiang")
    HONG_KONG = "hong_kong", _("Hong Kong")
    MACAO = "macao", _("Macao")
    TAIWAN = "taiwan", _("Taiwan")


class OrganisationType(models.TextChoices):
    """The kinds of organisation the rules admit as entrants."""

    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    ENTERPRISE = "enterprise", _("Enterprise or public institution")
    FINANCIAL_INSTITUTION = "financial_institution", _("Financial institution")


class Entrant(models.Model):
    """The profile one account registers under in one edition: a person, a team or an organisation."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        TEAM = "team", _("Team")
        ORGANISATION = "organisation", _("Organisation")

    OrganisationType = OrganisationType
    Province = Province

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="entrants", verbose_name=_("contest")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entrants", verbose_name=_("account")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=30, choices=OrganisationType.choices, blank=True
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Your name, the team's name or the organisation's name.")
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("Where an individual or a team works or studies.")
    )
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    # The code of one of the contest's regions (contest.Region), checked by the profile service.
    region = models.CharField(_("region"), max_length=20)
    province = models.CharField(
        _("province"),
        max_length=20,
        choices=Province.choices,
        blank=True,
        help_text=_("Only for entrants outside Hebei."),
    )
    accepted_rules_at = models.DateTimeField(_("accepted the rules at"), null=True, blank=True)
    accepted_privacy_at = models.DateTimeField(_("accepted the personal data terms at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("entrant")
        verbose_name_plural = _("entrants")
        ordering = ["contest", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="one_entrant_per_account_per_contest"),
            models.CheckConstraint(
                condition=Q(kind__in=["individual", "team", "organisation"]), name="entrant_kind_valid"
            ),
            # An organisation says what it is and gives its credit code; the others give neither type.
            models.CheckConstraint(
                condition=(Q(kind="organisation") & ~Q(organisation_type="") & ~Q(credit_code=""))
                | (~Q(kind="organisation") & Q(organisation_type="")),
                name="entrant_organisation_fields",
            ),
            # The province is named exactly when the entrant is outside Hebei.
            models.CheckConstraint(
                condition=(Q(region="outside") & ~Q(province="")) | (~Q(region="outside") & Q(province="")),
                name="entrant_province_iff_outside",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="entrant_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    @property
    def region_label(self):
        label = region_label(self.contest_id, self.region)
        if self.region == OUTSIDE and self.province:
            return f"{label} · {self.get_province_display()}"
        return label

    @property
    def has_members(self):
        """Individuals register as themselves; teams and organisations list the people of the team."""
        return self.kind != self.Kind.INDIVIDUAL


class TeamMember(models.Model):
    """One person of a team; a person (phone or ID number) belongs to at most one team per contest."""

    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="members", verbose_name=_("entrant"))
    # Copied from the entrant so that the uniqueness of a person can be a constraint of this table.
    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="team_members", verbose_name=_("contest")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    is_leader = models.BooleanField(_("team leader"), default=False)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("mobile number"), max_length=20)
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role in the team"), max_length=100)
    id_number_encrypted = models.TextField(_("ID card number (encrypted)"), blank=True, editable=False)
    # HMAC of the normalised ID number: finds duplicates without storing the number in clear.
    # NULL rather than "" so that the unique constraint skips members who gave no ID number.
    id_number_key = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["entrant", "position"]
        constraints = [
            models.UniqueConstraint(fields=["entrant", "position"], name="team_member_position_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=TEAM_SIZE_CEILING), name="team_member_position_range"
            ),
            models.UniqueConstraint(fields=["contest", "phone"], name="team_member_phone_once_per_contest"),
            models.UniqueConstraint(
                fields=["contest", "id_number_key"],
                condition=Q(id_number_key__isnull=False),
                name="team_member_id_number_once_per_contest",
            ),
            models.UniqueConstraint(fields=["entrant"], condition=Q(is_leader=True), name="team_member_one_leader"),
            models.CheckConstraint(condition=~Q(phone=""), name="team_member_phone_not_empty"),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def has_id_number(self):
        return bool(self.id_number_encrypted)
