"""Every URL of awards, with its full path from the site root, by audience.

* organizers, under `/organize/awards/`: `awards:organize:<name>` (behind the staff gate);
* the public winners page at `/awards/`: `awards:winners`.
"""

from django.urls import include, path

from .views import organize, public

app_name = "awards"

# --- allocation
organize_patterns = [
    path("organize/awards/", organize.index, name="index"),
    path("organize/awards/allocate/", organize.allocate, name="allocate"),
    path("organize/awards/single/", organize.single, name="single"),
    path("organize/awards/confirm/", organize.confirm, name="confirm"),
    path("organize/awards/publish/", organize.publish, name="publish"),
    path("organize/awards/<int:pk>/change/", organize.change, name="change"),
    path("organize/awards/<int:pk>/revoke/", organize.revoke, name="revoke"),
]

urlpatterns = [
    path("", include((organize_patterns, "organize"))),
    path("awards/", public.winners, name="winners"),
]
