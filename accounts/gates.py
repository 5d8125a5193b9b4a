"""The one gate in front of every staff area, whichever app serves the page.

Every organizer page (under /organize/) and every judge page (under /judge/) answers the same
way for the same visitor: anonymous → the sign-in page; signed in without the role → 404, so
the area does not even admit it exists; with the role but without TOTP, or in a session that
skipped it → the MFA set-up or confirmation (`accounts.middleware.mfa_redirect`).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from .audience import JUDGE_ASSIGNED, ORGANIZER
from .middleware import mfa_redirect
from .rules import is_judge, is_organizer


def _gate(predicate, kind):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise Http404
            return mfa_redirect(request) or view(request, *args, **kwargs)

        wrapped.audience = kind
        return wrapped

    return decorator


organizer_required = _gate(is_organizer, ORGANIZER)
organizer_required.__doc__ = "Organizers only (staff in the organizers group, or superusers), after MFA."

judge_required = _gate(is_judge, JUDGE_ASSIGNED)
judge_required.__doc__ = "Judges only (members of the judges group), after MFA."


def signup_required(view):
    """Like login_required, but a visitor is sent to the sign-up: "Register" is where newcomers
    start, and the sign-up page links to the sign-in for those who have an account."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=reverse("account_signup"))
        return view(request, *args, **kwargs)

    return wrapper
