"""Staff pages only for staff who use an authenticator app (TOTP), proven in this session."""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .rules import has_totp, needs_mfa

# Set when TOTP is activated in a session (accounts.forms.ActivateTOTPForm): the code
# typed to activate it is the proof.
MFA_SESSION_KEY = "accounts_mfa_user"
# The staff page that sent the visitor to set up TOTP: the recovery codes page links on to it.
MFA_NEXT_SESSION_KEY = "accounts_mfa_next"


def mark_session_mfa(request, user):
    request.session[MFA_SESSION_KEY] = str(user.pk)


def session_passed_mfa(request, user):
    if request.session.get(MFA_SESSION_KEY) == str(user.pk):
        return True
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def mfa_redirect(request):
    """Where staff without TOTP, or whose session skipped it, must go first; None when they may pass."""
    user = request.user
    if not needs_mfa(user):
        return None
    query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
    if not has_totp(user):
        request.session[MFA_NEXT_SESSION_KEY] = request.get_full_path()
        messages.warning(
            request, _("Staff pages need two-factor authentication: set up an authenticator app to continue.")
        )
        return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{query}")
    if not session_passed_mfa(request, user):
        messages.info(request, _("Confirm with a code from your authenticator app to continue."))
        return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
    return None


class StaffMfaMiddleware:
    """Send staff without TOTP to set it up, and staff whose session skipped it to confirm it.

    Guards every path under settings.ACCOUNTS_MFA_REQUIRED_PATHS (the admin, the organizer
    and judge areas, whatever app serves them later). Staff are superusers, `is_staff`
    users and members of the organizers and judges groups (`accounts.rules.needs_mfa`).
    A session signed in before TOTP was activated elsewhere has to confirm a code once.
    The views of those areas pass the same check through `accounts.gates`.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.ACCOUNTS_MFA_REQUIRED_PATHS)

    def __call__(self, request):
        return self._intercept(request) or self.get_response(request)

    def _intercept(self, request):
        if not request.user.is_authenticated or not request.path.startswith(self.prefixes):
            return None
        return mfa_redirect(request)
