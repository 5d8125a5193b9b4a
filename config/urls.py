from django.contrib import admin
from django.urls import include, path

from accounts.audience import ENTRANT_OWNER, ORGANIZER, PUBLIC

# The audience of the views that other packages serve (ours declare theirs with
# `accounts.audience`); the admin site's staff-checked views are the organizers' by nature.
# A module prefix, the longest matching wins. tests/layout/test_audience.py needs one for
# every URL of the site.
INCLUDED_AUDIENCES = {
    "django.views.i18n": PUBLIC,  # the language switch
    "django.contrib.admin.sites": PUBLIC,  # the admin's sign-in and sign-out (its other views check staff)
    "django.contrib.auth.admin": ORGANIZER,  # a user's password, behind the admin's staff check
    "captcha.views": PUBLIC,  # captcha images of the public vote
    "allauth": ENTRANT_OWNER,  # the signed-in person's own account: e-mail, phone, password, MFA
    "allauth.account.views._login": PUBLIC,
    "allauth.account.views._account": PUBLIC,  # "this account is inactive"
    "allauth.account.views._signup": PUBLIC,
    "allauth.account.views._password_reset": PUBLIC,
    "allauth.account.views._email_verification": PUBLIC,
}

urlpatterns = [
    # First: the public vote, whose JSON API (/api/vote/v1/votes) is the busiest route of the
    # site during the vote and is resolved without trying the others.
    path("", include("voting.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("registration.urls")),
    path("", include("judging.urls")),
    # Captcha images of the public vote's forms and API.
    path("captcha/", include("captcha.urls")),
    path("", include("awards.urls")),
    path("", include("contest.bulletins.urls")),
    path("", include("contest.urls")),
]
