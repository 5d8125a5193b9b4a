from django.contrib import admin
from django.urls import include, path

from contest import views as contest_views
from judging import urls as judging_urls

urlpatterns = [
    # First: the busiest route during the public vote, resolved without trying the others.
    path("api/vote/v1/", include("voting.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("registration.urls")),
    path("judge/", include((judging_urls.judge_patterns, "judge"))),
    path("organize/judging/", include((judging_urls.organize_patterns, "judging"))),
    path("results/", include((judging_urls.results_patterns, "results"))),
    # Public vote: pages, the organizers' page, captcha images (its JSON API is the first route).
    path("vote/", include("voting.urls")),
    path("organize/voting/", include("voting.views.organize")),
    path("captcha/", include("captcha.urls")),
    path("healthz", contest_views.healthz, name="healthz"),
    path("", include("contest.urls")),
]
