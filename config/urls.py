from django.contrib import admin
from django.urls import include, path

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
