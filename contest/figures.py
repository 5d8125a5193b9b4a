"""The panels of the organizers' home that contest builds itself: the schedule and the SMS outbox
(notifications sits below contest, so its figures are read here)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifications.models import SmsMessage

from .home import Figure, Panel
from .schedule import Schedule


def schedule_panel(contest, *, now):
    """The stages open today and the next date of the schedule (one query)."""
    schedule = Schedule.for_contest(contest)
    url = reverse("admin:contest_stage_changelist") + f"?contest__id__exact={contest.pk}"
    open_now = schedule.open_at(now)
    figures = [
        Figure(
            label=_("Open today"),
            value=" · ".join(str(stage.get_kind_display()) for stage in open_now) or _("No stage is open"),
            url=url,
        )
    ]
    deadline = schedule.next_deadline(now)
    if deadline is not None:
        day = formats.date_format(timezone.localtime(deadline.at), "DATETIME_FORMAT")
        stage = deadline.stage.get_kind_display()
        detail = (
            _("%(stage)s closes") % {"stage": stage}
            if deadline.event == "end"
            else _("%(stage)s opens") % {"stage": stage}
        )
        figures.append(Figure(label=_("Next date"), value=day, detail=detail, url=url))
    return Panel(title=_("Schedule"), figures=figures, url=url)


def sms_panel(contest, *, now):
    """The outbox: messages queued (or being sent) and failed (one query; the outbox is the site's)."""
    counts = SmsMessage.objects.aggregate(
        queued=Count("pk", filter=Q(status__in=[SmsMessage.Status.QUEUED, SmsMessage.Status.SENDING])),
        failed=Count("pk", filter=Q(status=SmsMessage.Status.FAILED)),
    )
    url = reverse("admin:notifications_smsmessage_changelist")
    return Panel(
        title=_("SMS outbox"),
        url=url,
        figures=[
            Figure(label=_("Queued"), value=counts["queued"], url=f"{url}?status__exact=queued"),
            Figure(
                label=_("Failed"),
                value=counts["failed"],
                url=f"{url}?status__exact=failed",
                attention=counts["failed"] > 0,
            ),
        ],
    )
