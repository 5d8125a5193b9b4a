from django.urls import path

from . import views

app_name = "registration"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("team/", views.team, name="team"),
    path("team/<int:position>/", views.member_edit, name="member_edit"),
    path("team/<int:position>/remove/", views.member_remove, name="member_remove"),
    path("entries/new/", views.entry_new, name="entry_new"),
    path("entries/<str:code>/", views.entry_detail, name="entry"),
    path("entries/<str:code>/edit/<slug:step>/", views.entry_step, name="entry_step"),
    path("entries/<str:code>/files/", views.entry_files, name="entry_files"),
    path("entries/<str:code>/submit/", views.entry_submit, name="entry_submit"),
    path("entries/<str:code>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("entries/<str:code>/delete/", views.entry_delete, name="entry_delete"),
]
