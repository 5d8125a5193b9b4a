"""The project's URLs with the file endpoints mounted, whether or not config.urls mounts them yet.

Tests of the file endpoints use `pytest.mark.urls("tests.registration.files_urls")`.
"""

from django.urls import NoReverseMatch, include, path, reverse

from config.urls import urlpatterns as project_urlpatterns

try:
    reverse("files:tus_create", urlconf="config.urls")
except NoReverseMatch:
    urlpatterns = [path("", include("registration.files")), *project_urlpatterns]
else:
    urlpatterns = project_urlpatterns
