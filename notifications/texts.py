"""The text of every SMS the portal sends, in one place.

Each template has a code (what callers pass to `queue_sms`), the Chinese text a user
receives (the provider adds the sign name 【…】 in front of it), and the names of its
parameters in order. The order matters for Tencent, whose templates number their
parameters {1}, {2}, …; Aliyun's templates name them (${code}), so the same names are
used there. The text registered with each provider must match the text here; the
provider template ids come from settings (`SMS_ALIYUN_TEMPLATES`, `SMS_TENCENT_TEMPLATES`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SmsTemplate:
    code: str
    label: str  # what the admin and the organizers' pages call this kind of message
    text: str
    params: tuple[str, ...]
    # Parameters never shown in the admin (a live code would let staff sign in as the user).
    secret_params: tuple[str, ...] = ()
    # Organizers may send it to entrants as a notice (notices fill every parameter themselves).
    notice: bool = False

    def render(self, params, *, sign_name=None):
        """The message exactly as the phone shows it: 【sign name】text."""
        sign_name = settings.SMS_SIGN_NAME if sign_name is None else sign_name
        return f"【{sign_name}】" + self.text.format(**{name: params[name] for name in self.params})

    def masked_params(self, params):
        return {name: "******" if name in self.secret_params else value for name, value in params.items()}

    def provider_template_id(self, backend):
        """The id under which this template is approved by `backend` ("aliyun" or "tencent"), or ""."""
        ids = {"aliyun": settings.SMS_ALIYUN_TEMPLATES, "tencent": settings.SMS_TENCENT_TEMPLATES}.get(backend, {})
        return ids.get(self.code, "")


TEMPLATES = {
    template.code: template
    for template in (
        SmsTemplate(
            code="verification_code",
            label=_("Sign-in or verification code"),
            text="您的验证码为{code}，{minutes}分钟内有效。如非本人操作，请忽略本短信。",
            params=("code", "minutes"),
            secret_params=("code",),
        ),
        SmsTemplate(
            code="registration_confirmation",
            label=_("Entry submitted"),
            text="您的参赛作品“{entry}”已提交成功，作品编号{number}。评审结果将以短信通知，请保持手机畅通。",
            params=("entry", "number"),
        ),
        SmsTemplate(
            code="advancement",
            label=_("Advanced to the next round"),
            text="恭喜！您的参赛作品“{entry}”已晋级{stage}，详情请登录大赛官网查看。",
            params=("entry", "stage"),
        ),
        SmsTemplate(
            code="award",
            label=_("Award"),
            text="恭喜！您的参赛作品“{entry}”荣获{award}，详情请登录大赛官网查看。",
            params=("entry", "award"),
        ),
        SmsTemplate(
            code="vote_code",
            label=_("Voting code"),
            text="您正在参与大赛网络投票，投票验证码为{code}，{minutes}分钟内有效。请勿将验证码告知他人。",
            params=("code", "minutes"),
            secret_params=("code",),
        ),
        SmsTemplate(
            code="not_advanced",
            label=_("Not advanced"),
            text="感谢参与！您的参赛作品“{entry}”未能晋级{stage}，详情请登录大赛官网查看。",
            params=("entry", "stage"),
        ),
        # Notices organizers send to entrants. Providers deliver only approved templates with
        # short parameters (Aliyun: at most 35 characters each), so the wording is fixed and
        # the organizer fills in the blanks.
        SmsTemplate(
            code="notice_deadline",
            label=_("Notice: a deadline"),
            text="大赛通知：{item}的截止时间为{date}，请及时登录大赛官网办理。",
            params=("item", "date"),
            notice=True,
        ),
        SmsTemplate(
            code="notice_event",
            label=_("Notice: an event"),
            text="大赛通知：{event}定于{date}在{place}举行，请准时参加，详情请登录大赛官网查看。",
            params=("event", "date", "place"),
            notice=True,
        ),
        SmsTemplate(
            code="notice_update",
            label=_("Notice: news on the website"),
            text="大赛通知：{subject}有新的安排，详情请登录大赛官网查看。",
            params=("subject",),
            notice=True,
        ),
    )
}

NOTICE_TEMPLATES = {code: template for code, template in TEMPLATES.items() if template.notice}


def get_template(code):
    """The template called `code`; KeyError names the known codes when there is none."""
    try:
        return TEMPLATES[code]
    except KeyError:
        raise KeyError(f"unknown SMS template {code!r}; known: {', '.join(sorted(TEMPLATES))}") from None
