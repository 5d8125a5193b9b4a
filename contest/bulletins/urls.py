"""Every URL of work bulletins, with its full path from the site root.

* organizers under /organize/bulletins/: `bulletins:organize:<name>` (behind the staff gate);
* the public page and PDF of a published bulletin at /bulletins/<code>/: `bulletins:<name>`.
"""

from django.urls import include, path

from . import views

app_name = "bulletins"

organize_patterns = [
    path("organize/bulletins/", views.organize_list, name="list"),
    path("organize/bulletins/build/", views.organize_build, name="build"),
    path("organize/bulletins/<int:pk>/", views.organize_detail, name="detail"),
    path("organize/bulletins/<int:pk>/pdf/", views.organize_pdf, name="pdf"),
]

urlpatterns = [
    path("bulletins/<str:code>/", views.public_detail, name="detail"),
    path("bulletins/<str:code>/pdf/", views.public_pdf, name="pdf"),
    path("", include((organize_patterns, "organize"))),
]
