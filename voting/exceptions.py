"""Why a vote or a code is refused: one class per reason, each with a translated message,
a stable code (the API's `error`) and the HTTP status the API answers with."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class VoteRefused(ValidationError):
    status = 400
    default_code = "refused"
    message = _("The vote could not be accepted.")

    def __init__(self, message=None, *, params=None):
        super().__init__(message or self.message, code=self.default_code, params=params)

    @property
    def text(self):
        return self.messages[0]


class VotingClosed(VoteRefused):
    status = 403
    default_code = "voting_closed"
    message = _("The public vote is not open.")


class NotAFinalist(VoteRefused):
    status = 404
    default_code = "not_a_finalist"
    message = _("There is no finalist with this code in the public vote.")


class FinalistExcluded(VoteRefused):
    status = 403
    default_code = "finalist_excluded"
    message = _("This finalist has been excluded from the popularity award and cannot receive votes.")


class NotVerified(VoteRefused):
    status = 401
    default_code = "not_verified"
    message = _("Please verify your mobile number first; a verification lasts until midnight.")


class AlreadyVoted(VoteRefused):
    status = 409
    default_code = "already_voted"
    message = _("You have already voted for this finalist today. You can vote for it again tomorrow.")


class DailyLimitReached(VoteRefused):
    status = 429
    default_code = "daily_limit"
    message = _("You have used all your votes for today. New votes are available from midnight, Beijing time.")


class CaptchaRequired(VoteRefused):
    status = 428
    default_code = "captcha_required"
    message = _("Many votes come from your network. Please type the characters in the picture to continue.")


class AddressLimited(VoteRefused):
    status = 429
    default_code = "address_limited"
    message = _("Too many votes come from your network. Please try again in an hour.")


class ApiRateLimited(VoteRefused):
    status = 429
    default_code = "rate_limited"
    message = _("Too many requests from this client. Please slow down.")


class CodeInvalid(VoteRefused):
    status = 400
    default_code = "code_invalid"
    message = _("The code is wrong or has expired. Please check it or ask for a new one.")


class ResultConfirmed(VoteRefused):
    status = 409
    default_code = "result_confirmed"
    message = _("The popularity award has been confirmed; votes can no longer be reviewed.")
