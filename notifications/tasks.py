from celery import shared_task

from . import services

# Two provider calls (a lookup and a send) of SMS_HTTP_TIMEOUT each, with room to spare; the
# recovery threshold (SMS_RECOVER_AFTER) must stay above this.
SEND_TIME_LIMIT = 60


@shared_task(name="notifications.send_sms", queue="messages", time_limit=SEND_TIME_LIMIT)
def task_send_sms(*, message_id):
    message = services.send_sms(message_id=message_id)
    return message.status if message else None


@shared_task(name="notifications.recover_sms", queue="messages", time_limit=300)
def task_recover_sms():
    report = services.recover_stuck_sms()
    return {
        "marked_sent": report.marked_sent,
        "requeued_sending": report.requeued_sending,
        "failed": report.failed,
        "unresolved": [pk for pk, _error in report.unresolved],
        "requeued_queued": report.requeued_queued,
    }
