"""Public pages of the vote, mounted at /vote/ (the API and the organizer pages have their own modules:
voting.api at /api/vote/v1/, voting.views.organize at /organize/voting/)."""

from django.urls import path

from .views import public

app_name = "voting"

urlpatterns = [
    path("", public.gallery, name="gallery"),
    path("results/", public.results, name="results"),
    path("verify/", public.verify, name="verify"),
    path("verify/code/", public.verify_code, name="verify_code"),
    path("f/<str:code>/", public.finalist, name="finalist"),
    path("f/<str:code>/vote/", public.vote, name="vote"),
    path("f/<str:code>/thanks/", public.thanks, name="thanks"),
    path("f/<str:code>/qr.png", public.qr, {"fmt": "png"}, name="qr_png"),
    path("f/<str:code>/qr.svg", public.qr, {"fmt": "svg"}, name="qr_svg"),
]
