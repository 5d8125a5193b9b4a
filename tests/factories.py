from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import User
from contest.models import Announcement, CommitteeMember, Contest, Stage, Track
from contest.regions import HEBEI_REGIONS
from contest.services import set_up_regions
from tests.helpers import local_midnight


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    phone = factory.Sequence(lambda n: f"+86139{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"第{n}届数据应用创新创业大赛")
    name_en = factory.Sequence(lambda n: f"Data Application Contest No. {n}")
    short_name = factory.Sequence(lambda n: f"大赛{n}")
    slug = factory.Sequence(lambda n: f"contest-{n}")
    slogan = "智慧政务 创想未来"
    slogan_en = "Smart Government, Imagining the Future"
    is_current = True
    hosts = "河北省政务服务管理办公室\n中国建设银行河北省分行"
    hosts_en = "Hebei Provincial Government Service Management Office\nChina Construction Bank, Hebei Branch"
    supporting_units = "河北省科学技术厅"
    supporting_units_en = "Hebei Department of Science and Technology"
    introduction = "大赛简介。"
    introduction_en = "About the contest."
    rules_text = "参赛规则第一段。\n\n参赛规则第二段。"
    rules_text_en = "First paragraph of the rules.\n\nSecond paragraph of the rules."
    ip_terms = "知识产权归参赛者所有。"
    ip_terms_en = "Intellectual property stays with the entrants."

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        """The regions of the first edition, unless the test passes its own list of (code, name, name_en)."""
        if not create:
            return
        set_up_regions(contest=obj, regions=HEBEI_REGIONS if extracted is None else extracted)


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    contest = factory.SubFactory(ContestFactory)
    code = factory.Sequence(lambda n: f"track{n}")
    name = factory.Sequence(lambda n: f"赛道{n}")
    name_en = factory.Sequence(lambda n: f"Track {n}")
    description = "赛道说明。"
    description_en = "About the track."
    order = factory.Sequence(int)


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    contest = factory.SubFactory(ContestFactory)
    kind = Stage.Kind.REGISTRATION
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=30))


def contest_at(
    kind, *, starts=timedelta(days=-1), ends=timedelta(days=30), whole_days=False, then=(), **contest_fields
):
    """The current edition at stage `kind`: the stage runs from `starts` to `ends`, both offsets
    from now (negative in the past), by default opened yesterday with thirty days to go.

    `whole_days` puts both ends at local midnight, as the vote, which counts by local days,
    expects. `then` lists the stages still to come, in order: each begins ten days after the
    previous one ends and lasts ten days, so that the timeline has steps ahead.
    """
    contest = ContestFactory(**contest_fields)
    now = timezone.now()
    starts_at, ends_at = now + starts, now + ends
    if whole_days:
        starts_at, ends_at = local_midnight(timezone.localdate(starts_at)), local_midnight(timezone.localdate(ends_at))
    StageFactory(contest=contest, kind=kind, starts_at=starts_at, ends_at=ends_at)
    for later in then:
        starts_at = ends_at + timedelta(days=10)
        ends_at = starts_at + timedelta(days=10)
        StageFactory(contest=contest, kind=later, starts_at=starts_at, ends_at=ends_at)
    return contest


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    contest = factory.SubFactory(ContestFactory)
    committee = CommitteeMember.Committee.ORGANIZING
    role = CommitteeMember.Role.MEMBER
    name = factory.Sequence(lambda n: f"委员{n}")
    title = "处长"
    organisation = "河北省政务服务管理办公室"
    order = factory.Sequence(int)


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    contest = factory.SubFactory(ContestFactory)
    title = factory.Sequence(lambda n: f"公告{n}")
    title_en = factory.Sequence(lambda n: f"Announcement {n}")
    body = "公告正文。"
    body_en = "Announcement text."
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class SmsMessageFactory(factory.django.DjangoModelFactory):
    """An outbox row as queue_sms writes it (no task is queued: create rows, then drive them)."""

    class Meta:
        model = "notifications.SmsMessage"

    phone = factory.Sequence(lambda n: f"+86137{n:08d}")
    purpose = "verification_code"
    template = "verification_code"
    params = factory.LazyFunction(lambda: {"code": "123456", "minutes": "10"})


class EntrantFactory(factory.django.DjangoModelFactory):
    """A team profile in Shijiazhuang that accepted the terms; pass kind=… for the others."""

    class Meta:
        model = "registration.Entrant"

    contest = factory.SubFactory(ContestFactory)
    user = factory.SubFactory(UserFactory)
    kind = "team"
    name = factory.Sequence(lambda n: f"数据团队{n}")
    region = "shijiazhuang"
    accepted_rules_at = factory.LazyFunction(timezone.now)
    accepted_privacy_at = factory.LazyFunction(timezone.now)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    """A member at the next free position of the team; the first one leads."""

    class Meta:
        model = "registration.TeamMember"

    entrant = factory.SubFactory(EntrantFactory)
    contest = factory.LazyAttribute(lambda o: o.entrant.contest)
    position = factory.LazyAttribute(lambda o: o.entrant.members.count() + 1)
    is_leader = factory.LazyAttribute(lambda o: not o.entrant.members.exists())
    name = factory.Sequence(lambda n: f"成员{n}")
    phone = factory.Sequence(lambda n: f"+86136{n:08d}")
    organisation = "河北大学"
    role = "开发"


class EntryFactory(factory.django.DjangoModelFactory):
    """A complete draft (every description field filled in, consents given) of a "solution" work."""

    class Meta:
        model = "registration.Entry"

    entrant = factory.SubFactory(EntrantFactory)
    contest = factory.LazyAttribute(lambda o: o.entrant.contest)
    track = factory.SubFactory(TrackFactory, contest=factory.SelfAttribute("..entrant.contest"))
    title = factory.Sequence(lambda n: f"智慧政务作品{n}")
    display_name = factory.LazyAttribute(lambda o: f"{o.entrant.name}+{o.title}")
    summary = "作品简介。"
    scenario = "应用场景。"
    problem = "解决的痛点。"
    data_used = "使用的数据。"
    results = "预期成效。"
    self_introduction = "团队成员长期从事政务数据开发。"
    kind = "solution"
    consent_original = True
    consent_publicity = True
    commits_to_events = True
    status = "draft"


class EntryFileFactory(factory.django.DjangoModelFactory):
    """A current file of an entry whose checks passed (the bytes are a stand-in, not checked here)."""

    class Meta:
        model = "registration.EntryFile"

    entry = factory.SubFactory(EntryFactory)
    kind = "materials"
    detected_type = factory.LazyAttribute(lambda o: "pdf" if o.kind == "materials" else "mp4")
    file = factory.django.FileField(filename="file.bin", data=b"stand-in")
    original_name = factory.LazyAttribute(lambda o: "材料.pdf" if o.kind == "materials" else "视频.mp4")
    size = 8
    status = "accepted"
    is_current = True


# --- Accounts ------------------------------------------------------------------


class EntrantUserFactory(UserFactory):
    """Someone who signed up: the phone number was verified by a code."""

    phone_verified = True


class JudgeUserFactory(EntrantUserFactory):
    @factory.post_generation
    def _role(obj, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group

            from accounts.roles import JUDGES

            obj.groups.add(Group.objects.get_or_create(name=JUDGES)[0])


class OrganizerUserFactory(EntrantUserFactory):
    is_staff = True

    @factory.post_generation
    def _role(obj, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group

            from accounts.roles import ORGANIZERS

            obj.groups.add(Group.objects.get_or_create(name=ORGANIZERS)[0])


# --- Judging ---------------------------------------------------------------------


class JudgeProfileFactory(factory.django.DjangoModelFactory):
    """A judge of a contest (account in the judges group) from an organisation no entrant shares."""

    class Meta:
        model = "judging.JudgeProfile"

    contest = factory.SubFactory(ContestFactory)
    user = factory.SubFactory(JudgeUserFactory)
    name = factory.Sequence(lambda n: f"评委{n}")
    title = "教授"
    organisation = factory.Sequence(lambda n: f"评审单位{n}")


class JudgingRoundFactory(factory.django.DjangoModelFactory):
    """An open preliminary round of all tracks, three judges per entry, top 2 per track advance."""

    class Meta:
        model = "judging.Round"

    stage = factory.SubFactory(
        StageFactory,
        kind=Stage.Kind.PRELIMINARY,
        starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        ends_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=10)),
    )
    track = None
    judges_per_entry = 3
    blind = True
    aggregation = "mean"
    advancement_rule = "top_n"
    advance_count = 2


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "judging.Criterion"

    round = factory.SubFactory(JudgingRoundFactory)
    name = factory.Sequence(lambda n: f"标准{n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 50
    min_score = 0
    max_score = 10
    order = factory.Sequence(int)


# --- Voting ----------------------------------------------------------------------


class FinalistFactory(EntryFactory):
    """A submitted entry that reached the final, its entrant consenting to publicity: it is in the public vote."""

    status = "submitted"
    round_reached = "final"
    first_submitted_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)


def _api_token_hash(client):
    from voting.models import ApiClient

    return ApiClient.hash_token(client.token)


class ApiClientFactory(factory.django.DjangoModelFactory):
    """A channel of the vote API; its bearer token is `token` (default "token-<n>")."""

    class Meta:
        model = "voting.ApiClient"
        exclude = ("token",)

    name = factory.Sequence(lambda n: f"渠道{n}")
    token = factory.Sequence(lambda n: f"token-{n:04d}")
    token_hash = factory.LazyAttribute(_api_token_hash)
    token_prefix = factory.LazyAttribute(lambda o: o.token[:8])
