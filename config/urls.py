from django.contrib import admin
from django.urls import include, path

from contest import views as contest_views

urlpatterns = [
    # First: the busiest route during the public vote, resolved without trying the others.
    path("api/vote/v1/", include("voting.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("register/", include("registration.urls")),
    # Upload (tus) and private file endpoints: /uploads/…, /files/….
    path("", include("registration.files")),
    path("", include("judging.urls")),
    # Public vote: pages, the organizers' page, captcha images (its JSON API is the first route).
    path("vote/", include("voting.urls")),
    path("organize/voting/", include("voting.views.organize")),
    path("captcha/", include("captcha.urls")),
    path("healthz", contest_views.healthz, name="healthz"),
    path("", include("contest.urls")),
]
