from django.contrib import admin
from django.urls import include, path

from contest import views as contest_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("register/", include("registration.urls")),
    # Upload (tus) and private file endpoints: /uploads/…, /files/….
    path("", include("registration.files")),
    path("healthz", contest_views.healthz, name="healthz"),
    path("", include("contest.urls")),
]
