from django.urls import path

from . import views

app_name = "contest"

urlpatterns = [
    path("", views.home, name="home"),
    path("tracks/<slug:code>/", views.track_detail, name="track"),
    path("committee/", views.committee, name="committee"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/<str:code>/", views.announcement_detail, name="announcement"),
    path("rules/", views.rules, name="rules"),
]
