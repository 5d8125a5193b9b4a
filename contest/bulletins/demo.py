"""The bulletins' part of the demo contest: the published bulletin of every stage closed by
today, built and published through the services (PDFs stored as files). Run again, it adds
nothing twice: a stage with a published bulletin keeps it."""

from django.utils import timezone, translation

from accounts.rules import is_organizer
from contest.models import Stage

from . import services
from .models import Bulletin

LEAD = "{stage}已于{day}结束。组委会现将本阶段工作情况和有关数据通报如下。"
LEAD_EN = "The {stage} stage ended on {day}. The committee reports the stage's work and figures below."


def load_demo_data(sender, *, contest, stage, users, **kwargs):
    """Receiver of `contest.signals.demo_loaded` (connected after every stage app's)."""
    organizer = next((user for user in users.values() if is_organizer(user)), None)
    now = timezone.now()
    published = set(Bulletin.objects.published().filter(contest=contest).values_list("stage_id", flat=True))
    for closed in Stage.objects.filter(contest=contest, ends_at__lte=now).order_by("ends_at", "pk"):
        if closed.pk in published:
            continue
        draft = services.build_bulletin(stage=closed, by=organizer)
        day = closed.last_day
        with translation.override("zh-hans"):
            name = str(closed.get_kind_display())
        services.publish_bulletin(
            bulletin=draft,
            by=organizer,
            lead=LEAD.format(stage=name, day=f"{day.year}年{day.month}月{day.day}日"),
            lead_en=LEAD_EN.format(stage=closed.kind.replace("_", " "), day=day.isoformat()),
        )
