from django.conf import settings
from django.core.checks import Error, Warning, register

from .tasks import SEND_TIME_LIMIT
from .texts import TEMPLATES


@register()
def check_sms_settings(app_configs, **kwargs):
    """Provider template ids for every message, and timings that keep recovery from racing a live send."""
    problems = []
    if settings.SMS_BACKEND in {"aliyun", "tencent"}:
        setting = f"SMS_{settings.SMS_BACKEND.upper()}_TEMPLATES"
        missing = sorted(
            code for code, template in TEMPLATES.items() if not template.provider_template_id(settings.SMS_BACKEND)
        )
        if missing:
            problems.append(
                Warning(
                    f"{setting} has no template id for: {', '.join(missing)}; these messages will fail.",
                    hint=f'Set {setting}="template_code=provider_id,…" with the ids the provider approved.',
                    id="notifications.W001",
                )
            )
    if settings.SMS_RECOVER_AFTER <= SEND_TIME_LIMIT:
        problems.append(
            Error(
                f"SMS_RECOVER_AFTER={settings.SMS_RECOVER_AFTER} must exceed the send task's time limit "
                f"({SEND_TIME_LIMIT} s), or recovery may look up a message that a live worker is still sending.",
                id="notifications.E001",
            )
        )
    if 3 * settings.SMS_HTTP_TIMEOUT >= SEND_TIME_LIMIT:
        problems.append(
            Warning(
                f"SMS_HTTP_TIMEOUT={settings.SMS_HTTP_TIMEOUT} leaves the send task ({SEND_TIME_LIMIT} s) no room "
                "for a lookup and a send; the task may be killed mid-send and wait for recovery.",
                id="notifications.W002",
            )
        )
    return problems
