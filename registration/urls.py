"""Every URL of registration, with its full path; `config/urls.py` includes this module at the root.

The entrant's pages have flat names, `registration:<name>`; the organizers' pages under
`/organize/registration/` are `registration:organize:<name>`.
"""

from django.urls import include, path

from .views import entrant, files, organize, uploads

app_name = "registration"

organize_patterns = [
    path("organize/registration/notices/", organize.notices, name="notices"),
]

urlpatterns = [
    # The entrant's pages (login required; another's profile or entry answers 404).
    path("register/", entrant.dashboard, name="dashboard"),
    path("register/profile/", entrant.profile, name="profile"),
    path("register/team/", entrant.team, name="team"),
    path("register/team/<int:position>/", entrant.member_edit, name="member_edit"),
    path("register/team/<int:position>/remove/", entrant.member_remove, name="member_remove"),
    path("register/entries/new/", entrant.entry_new, name="entry_new"),
    path("register/entries/<str:code>/", entrant.entry_detail, name="entry"),
    path("register/entries/<str:code>/edit/<slug:step>/", entrant.entry_step, name="entry_step"),
    path("register/entries/<str:code>/files/", entrant.entry_files, name="entry_files"),
    path("register/entries/<str:code>/submit/", entrant.entry_submit, name="entry_submit"),
    path("register/entries/<str:code>/withdraw/", entrant.entry_withdraw, name="entry_withdraw"),
    path("register/entries/<str:code>/delete/", entrant.entry_delete, name="entry_delete"),
    # The upload widget (the entry's owner): nginx streams /uploads/ to the portal unbuffered
    # and with a larger body limit than other paths.
    path("uploads/", uploads.tus_create, name="upload_create"),
    path("uploads/<uuid:upload_id>", uploads.tus_upload, name="upload"),
    path("files/entries/<str:code>/status", uploads.files_status, name="files_status"),
    # Stored files, for whoever may read the entry.
    path("files/<uuid:uid>/", files.serve, name="file"),
    path("files/<uuid:uid>/<str:variant>/", files.serve, name="file_variant"),
    # Organizers (`registration:organize:<name>`), behind the staff gate.
    path("", include((organize_patterns, "organize"))),
]
