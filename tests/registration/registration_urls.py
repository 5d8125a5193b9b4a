"""The project's URLs with registration's pages and file endpoints mounted, whether or not
config.urls mounts them yet. Page tests use `pytest.mark.urls("tests.registration.registration_urls")`.
"""

from django.urls import NoReverseMatch, include, path, reverse

from config.urls import urlpatterns as project_urlpatterns


def _mounted(name, *args):
    try:
        reverse(name, args=args, urlconf="config.urls")
    except NoReverseMatch:
        return False
    return True


urlpatterns = list(project_urlpatterns)
if not _mounted("registration:dashboard"):
    urlpatterns.insert(0, path("register/", include("registration.urls")))
if not _mounted("files:status", "CODE"):
    urlpatterns.insert(0, path("", include("registration.files")))
