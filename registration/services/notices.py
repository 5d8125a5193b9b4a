"""Notices organizers send to entrants by SMS, through the outbox."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.rules import require_organizer
from notifications.models import SmsMessage
from notifications.services import queue_sms
from notifications.texts import NOTICE_TEMPLATES

from ..models import Notice
from ..notices import notice_audiences, recipient_phones

# Providers refuse longer template parameters (Aliyun: 35 characters).
MAX_PARAM_LENGTH = 35


def find_audience(contest, key):
    """The audience called `key`, or ValidationError."""
    for audience in notice_audiences(contest):
        if audience.key == key:
            return audience
    raise ValidationError(_("Choose who receives the notice."), code="unknown_audience")


def check_notice(*, template, params):
    """The approved template `template` with every parameter filled in and short enough."""
    sms_template = NOTICE_TEMPLATES.get(template)
    if sms_template is None:
        raise ValidationError(_("Choose a kind of notice."), code="unknown_template")
    values = {name: (params.get(name) or "").strip() for name in sms_template.params}
    if not all(values.values()) or any(len(value) > MAX_PARAM_LENGTH for value in values.values()):
        raise ValidationError(
            _("Fill in every blank of this notice, each in at most %(limit)d characters.")
            % {"limit": MAX_PARAM_LENGTH},
            code="params",
        )
    return sms_template, values


def send_notice(*, contest, by, template, params, audience_key, token):
    """Write the notice and one outbox SMS per recipient; their sends are queued after commit.

    Exactly once: the same `token` (one confirmation form) returns the notice already sent
    and queues nothing more, and each message's idempotency key names the token and the
    number, so a number is never sent the same notice twice.
    """
    require_organizer(by)
    _sms_template, values = check_notice(template=template, params=params)
    audience = find_audience(contest, audience_key)
    existing = Notice.objects.filter(token=token).first()
    if existing is not None:
        return existing
    phones = recipient_phones(audience)
    if not phones:
        raise ValidationError(_("Nobody is in this audience yet."), code="empty_audience")
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                contest=contest,
                token=token,
                template=template,
                params=values,
                audience=audience.key,
                audience_label=audience.label,
                recipients=len(phones),
                sent_by=by,
            )
            for phone in phones:
                queue_sms(
                    phone=phone,
                    purpose=SmsMessage.Purpose.NOTICE,
                    template=template,
                    params=values,
                    idempotency_key=f"notice:{token}:{phone}",
                )
    except IntegrityError:
        return Notice.objects.get(token=token)
    return notice
