from django.urls import include, path

from .views import organize, public

app_name = "contest"

organize_patterns = [
    path("", organize.home, name="home"),
]

urlpatterns = [
    path("", public.home, name="home"),
    path("tracks/<slug:code>/", public.track_detail, name="track"),
    path("committee/", public.committee, name="committee"),
    path("announcements/", public.announcement_list, name="announcements"),
    path("announcements/<str:code>/", public.announcement_detail, name="announcement"),
    path("rules/", public.rules, name="rules"),
    path("healthz", public.healthz, name="healthz"),
    path("organize/", include((organize_patterns, "organize"))),
]
