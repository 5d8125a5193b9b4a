"""What the vote's pages and API read from a request: the client's address, the device, the voter."""

from functools import wraps

from allauth.account.adapter import get_adapter
from django.utils import timezone

from .voters import DEVICE_COOKIE, DEVICE_SALT, VOTER_COOKIE, end_of_day, new_device_id, read_voter_token

DEVICE_COOKIE_AGE = 365 * 86400


def _set_signed_cookie(response, request, name, value, *, salt, max_age):
    """A signed cookie the vote's scripts never read, sent back only from this site."""
    response.set_signed_cookie(
        name, value, salt=salt, max_age=max_age, httponly=True, samesite="Lax", secure=request.is_secure()
    )
    return response


def client_ip(request):
    """The client's address, behind as many proxies as TRUSTED_PROXY_COUNT says (as for sign-in limits)."""
    return get_adapter(request).get_client_ip(request).strip()


def with_device(view):
    """Give the browser a signed device id cookie on its first visit; the view reads `request.vote_device`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        device = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT)
        request.vote_device = device or new_device_id()
        response = view(request, *args, **kwargs)
        if not device:
            _set_signed_cookie(
                response, request, DEVICE_COOKIE, request.vote_device, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE
            )
        return response

    return wrapped


def cookie_voter(request, now=None):
    """The voter this browser verified today, or None."""
    return read_voter_token(request.COOKIES.get(VOTER_COOKIE), now=now, device_id=getattr(request, "vote_device", None))


def remember_voter(response, request, token, voter):
    """Keep the day's verification on this device until midnight, Beijing time."""
    response.set_cookie(
        VOTER_COOKIE,
        token,
        expires=end_of_day(voter.day),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


PAGE_COOKIE = "vote_page"
PAGE_SALT = "voting.page"
PAGE_COOKIE_AGE = 86400


def remember_vote_page(response, request):
    """Note when this device last loaded a page with a vote button (the shape signals read it)."""
    now = str(int(timezone.now().timestamp()))
    return _set_signed_cookie(response, request, PAGE_COOKIE, now, salt=PAGE_SALT, max_age=PAGE_COOKIE_AGE)


def page_seconds(request):
    """Seconds since this device last loaded a page with a vote button, or None when it loaded none."""
    loaded = request.get_signed_cookie(PAGE_COOKIE, default="", salt=PAGE_SALT, max_age=PAGE_COOKIE_AGE)
    if not loaded.isdigit():
        return None
    return max(0, int(timezone.now().timestamp()) - int(loaded))


PENDING_COOKIE = "vote_pending"
PENDING_SALT = "voting.pending"
PENDING_COOKIE_AGE = 1800


def remember_pending_vote(response, request, *, code, seconds):
    """Keep the vote a voter asked for while they verify their number, to cast it once they have."""
    value = f"{code}:{'' if seconds is None else seconds}"
    return _set_signed_cookie(response, request, PENDING_COOKIE, value, salt=PENDING_SALT, max_age=PENDING_COOKIE_AGE)


def pending_vote(request):
    """(finalist code, seconds from page to the press of the button) of the vote asked for, or None."""
    value = request.get_signed_cookie(PENDING_COOKIE, default="", salt=PENDING_SALT, max_age=PENDING_COOKIE_AGE)
    code, _, seconds = value.partition(":")
    if not code:
        return None
    return code, int(seconds) if seconds.isdigit() else None


def forget_pending_vote(response):
    response.delete_cookie(PENDING_COOKIE, samesite="Lax")
    return response
