"""Entrant profiles and the members of teams."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.phone import normalize_phone
from contest.regions import OUTSIDE
from contest.schedule import now_or

from ..id_numbers import encrypt_id_number, id_number_lookup_key
from ..models import Entrant, Entry, EntryRevision, RegistrationSettings, TeamMember
from ..models.entrants import TEAM_SIZE_CEILING
from ..validators import normalize_credit_code, normalize_id_number, validate_credit_code
from .common import check_owner, check_window, display_name_for, entry_snapshot, record_revision


def _clean_profile(*, contest, kind, name, region, province, organisation_type, organisation, credit_code):
    errors = {}
    values = {
        "kind": kind,
        "name": (name or "").strip(),
        "region": region,
        "province": province or "",
        "organisation_type": organisation_type or "",
        "organisation": (organisation or "").strip(),
        "credit_code": "",
    }
    if not values["name"]:
        errors["name"] = _("Enter the name of the person, team or organisation.")
    if kind not in Entrant.Kind.values:
        errors["kind"] = _("Choose individual, team or organisation.")
    if kind == Entrant.Kind.ORGANISATION:
        if values["organisation_type"] not in Entrant.OrganisationType.values:
            errors["organisation_type"] = _("Choose the type of organisation.")
        values["credit_code"] = normalize_credit_code(credit_code)
        try:
            validate_credit_code(values["credit_code"])
        except ValidationError as exc:
            errors["credit_code"] = exc.error_list
    else:
        values["organisation_type"] = ""
    if not contest.regions.filter(code=region).exists():
        errors["region"] = _("Choose the region.")
    elif region == OUTSIDE:
        if values["province"] not in Entrant.Province.values:
            errors["province"] = _("Choose the province of an entrant outside Hebei.")
    else:
        values["province"] = ""
    return values, errors


@transaction.atomic
def save_entrant_profile(
    *,
    contest,
    user,
    kind,
    name,
    region,
    province="",
    organisation_type="",
    organisation="",
    credit_code="",
    accept_rules=False,
    accept_privacy=False,
    now=None,
):
    """Create or update the user's entrant profile in the contest.

    Renaming the entrant renames its entries ("参赛者名称+作品名称") and records the change in
    the history of the entries already submitted. Queues nothing.
    """
    now = now_or(now)
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to register."))
    check_window(contest, now)
    entrant = Entrant.objects.select_for_update().filter(contest=contest, user=user).first()
    values, errors = _clean_profile(
        contest=contest,
        kind=kind,
        name=name,
        region=region,
        province=province,
        organisation_type=organisation_type,
        organisation=organisation,
        credit_code=credit_code,
    )
    errors.update(_standing_errors(entrant, values, accept_rules=accept_rules, accept_privacy=accept_privacy))
    renamed = []
    if entrant is not None and "name" not in errors and values["name"] != entrant.name:
        renamed, clash = _renamed_entries(contest, entrant, values["name"])
        if clash:
            errors["name"] = clash
    if errors:
        raise ValidationError(errors)

    if entrant is None:
        entrant = Entrant(contest=contest, user=user, created_at=now)
    for field, value in values.items():
        setattr(entrant, field, value)
    if entrant.accepted_rules_at is None:
        entrant.accepted_rules_at = now
    if entrant.accepted_privacy_at is None:
        entrant.accepted_privacy_at = now
    entrant.updated_at = now
    try:
        with transaction.atomic():
            entrant.save()
    except IntegrityError:
        # Two submissions of the first profile at once: the other one won; ask for a reload.
        raise ValidationError(
            _("Your profile was just saved from another window. Reload the page and try again."), code="profile_race"
        ) from None
    _rename_entries(renamed, entrant=entrant, by=user, now=now)
    return entrant


def _rename_entries(renamed, *, entrant, by, now):
    """Give the entries their new display names; a submitted entry's history records the rename."""
    for entry, new_name in renamed:
        previous = entry_snapshot(entry)
        entry.display_name = new_name
        entry.entrant = entrant
        entry.updated_at = now
        entry.save(update_fields=["display_name", "updated_at"])
        if entry.first_submitted_at is not None:
            record_revision(entry, action=EntryRevision.Action.RENAME, by=by, previous=previous)


def _standing_errors(entrant, values, *, accept_rules, accept_privacy):
    """The agreements a first profile needs, and a team that cannot turn individual while it has members."""
    errors = {}
    if (entrant is None or entrant.accepted_rules_at is None) and not accept_rules:
        errors["accept_rules"] = _("You must accept the contest rules to register.")
    if (entrant is None or entrant.accepted_privacy_at is None) and not accept_privacy:
        errors["accept_privacy"] = _("You must agree to the processing of the personal data you give.")
    if entrant is not None and values["kind"] == Entrant.Kind.INDIVIDUAL and entrant.members.exists():
        errors["kind"] = _("Remove the team members before registering as an individual.")
    return errors


def _renamed_entries(contest, entrant, name):
    """Each entry of the entrant (locked) with its display name under `name`, and the message that
    refuses the rename when one of those names is another entry's (then no entries)."""
    renamed = []
    for entry in entrant.entries.select_for_update(of=("self",)).select_related("track", "entrant"):
        new_name = display_name_for(name, entry.title)
        if Entry.objects.filter(contest=contest, display_name=new_name).exclude(pk=entry.pk).exists():
            message = _("With this name, the work “%(title)s” would have the same name as another entry.")
            return [], message % {"title": entry.title}
        renamed.append((entry, new_name))
    return renamed, None


def team_limit(contest):
    return min(RegistrationSettings.for_contest(contest).team_max_members, TEAM_SIZE_CEILING)


def _clean_member(*, entrant, name, phone, organisation, role, id_number, exclude_pk=None):
    """Validate a member's fields and that the person is in no other team; return the stored values."""
    errors = {}
    values = {
        "name": (name or "").strip(),
        "organisation": (organisation or "").strip(),
        "role": (role or "").strip(),
    }
    if not values["name"]:
        errors["name"] = _("Enter the member's name.")
    if not values["organisation"]:
        errors["organisation"] = _("Enter the member's organisation.")
    if not values["role"]:
        errors["role"] = _("Enter the member's role in the team.")
    try:
        values["phone"] = normalize_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.error_list
    if id_number is not None:
        if id_number.strip():
            try:
                number = normalize_id_number(id_number)
            except ValidationError as exc:
                errors["id_number"] = exc.error_list
            else:
                values["id_number_encrypted"] = encrypt_id_number(number)
                values["id_number_key"] = id_number_lookup_key(number)
        else:
            values["id_number_encrypted"] = ""
            values["id_number_key"] = None
    errors.update(_collisions(entrant=entrant, values=values, exclude_pk=exclude_pk))
    if errors:
        raise ValidationError(errors)
    return values


def _collisions(*, entrant, values, exclude_pk):
    """Field errors for a phone or ID number already used in this contest; names only OUR member."""
    errors = {}
    others = TeamMember.objects.filter(contest_id=entrant.contest_id).exclude(pk=exclude_pk)
    name = values["name"]
    if values.get("phone"):
        clash = others.filter(phone=values["phone"]).values_list("entrant_id", flat=True).first()
        if clash == entrant.pk:
            errors["phone"] = ValidationError(
                _("Another member of your team already has this mobile number."), code="phone_in_same_team"
            )
        elif clash is not None:
            errors["phone"] = ValidationError(
                _("The mobile number of member %(name)s is already in another team.") % {"name": name},
                code="phone_in_other_team",
            )
    if values.get("id_number_key"):
        clash = others.filter(id_number_key=values["id_number_key"]).values_list("entrant_id", flat=True).first()
        if clash == entrant.pk:
            errors["id_number"] = ValidationError(
                _("Another member of your team already has this ID card number."), code="id_number_in_same_team"
            )
        elif clash is not None:
            errors["id_number"] = ValidationError(
                _("The ID card number of member %(name)s is already in another team.") % {"name": name},
                code="id_number_in_other_team",
            )
    return errors


def _save_member(member, *, entrant, values, exclude_pk=None):
    """Save under a savepoint; a constraint lost to a concurrent request becomes the same message."""
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        errors = _collisions(entrant=entrant, values=values, exclude_pk=exclude_pk)
        if errors:
            raise ValidationError(errors) from None
        raise ValidationError(
            _("The team was changed at the same time from somewhere else. Reload the page and try again."),
            code="team_race",
        ) from None


def _lock_team(entrant):
    """Serialise changes to one team: positions, the leader and the size limit are read then written."""
    return Entrant.objects.select_for_update(of=("self",)).select_related("contest").get(pk=entrant.pk)


@transaction.atomic
def add_team_member(*, entrant, by, name, phone, organisation, role, id_number="", is_leader=False, now=None):
    """Add a person to a team (the first one becomes its leader). Queues nothing."""
    now = now_or(now)
    check_owner(by, entrant)
    check_window(entrant.contest, now)
    entrant = _lock_team(entrant)
    if not entrant.has_members:
        raise ValidationError(
            _("An individual entrant has no team members: change the profile to team or organisation first."),
            code="individual_has_no_members",
        )
    members = list(entrant.members.all())
    limit = team_limit(entrant.contest)
    if len(members) >= limit:
        raise ValidationError(
            _("A team has at most %(limit)s people, the leader included.") % {"limit": limit}, code="team_full"
        )
    values = _clean_member(
        entrant=entrant, name=name, phone=phone, organisation=organisation, role=role, id_number=id_number or ""
    )
    taken = {member.position for member in members}
    position = min(set(range(1, TEAM_SIZE_CEILING + 1)) - taken)
    is_leader = bool(is_leader) or not any(member.is_leader for member in members)
    if is_leader:
        entrant.members.filter(is_leader=True).update(is_leader=False, updated_at=now)
    member = TeamMember(
        entrant=entrant,
        contest_id=entrant.contest_id,
        position=position,
        is_leader=is_leader,
        created_at=now,
        updated_at=now,
        **values,
    )
    _save_member(member, entrant=entrant, values=values)
    return member


@transaction.atomic
def update_team_member(*, member, by, name, phone, organisation, role, id_number=None, is_leader=None, now=None):
    """Change a member. `id_number`: None keeps the stored one, "" removes it, a value replaces it.

    `is_leader=True` makes this member the leader instead of the current one. Queues nothing.
    """
    now = now_or(now)
    check_owner(by, member)
    check_window(member.entrant.contest, now)
    entrant = _lock_team(member.entrant)
    member = entrant.members.get(pk=member.pk)
    values = _clean_member(
        entrant=entrant,
        name=name,
        phone=phone,
        organisation=organisation,
        role=role,
        id_number=id_number,
        exclude_pk=member.pk,
    )
    for field, value in values.items():
        setattr(member, field, value)
    if is_leader and not member.is_leader:
        entrant.members.filter(is_leader=True).update(is_leader=False, updated_at=now)
        member.is_leader = True
    member.updated_at = now
    _save_member(member, entrant=entrant, values=values, exclude_pk=member.pk)
    return member


@transaction.atomic
def remove_team_member(*, member, by, now=None):
    """Remove a member; when the leader goes, the next member by position leads. Queues nothing."""
    now = now_or(now)
    check_owner(by, member)
    check_window(member.entrant.contest, now)
    entrant = _lock_team(member.entrant)
    member = entrant.members.get(pk=member.pk)
    others = list(entrant.members.exclude(pk=member.pk).order_by("position"))
    has_submitted = entrant.entries.filter(status=Entry.Status.SUBMITTED).exists()
    if not others and entrant.kind == Entrant.Kind.TEAM and has_submitted:
        raise ValidationError(
            _("A team with a submitted entry must keep at least one member."), code="team_needs_member"
        )
    member.delete()
    if member.is_leader and others:
        successor = others[0]
        successor.is_leader = True
        successor.updated_at = now
        successor.save(update_fields=["is_leader", "updated_at"])
