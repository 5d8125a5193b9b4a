"""Every URL of the public vote, with its full path; config/urls.py includes this module first.

Three audiences, three lists:
- the JSON API for other channels' clients at /api/vote/v1/… (`voting:api:<name>`), first: it
  is the busiest route of the site during the vote, and `votes` leads it;
- the public pages at /vote/… (`voting:<name>`);
- the organizers' pages at /organize/voting/… (`voting:organize:<name>`), behind
  `accounts.gates.organizer_required`.
"""

from django.urls import include, path

from .views import api, organize, public

app_name = "voting"

api_patterns = [
    path("api/vote/v1/votes", api.votes, name="votes"),
    path("api/vote/v1/finalists", api.finalists, name="finalists"),
    path("api/vote/v1/codes", api.codes, name="codes"),
    path("api/vote/v1/verify", api.verify, name="verify"),
    path("api/vote/v1/counts", api.counts, name="counts"),
    path("api/vote/v1/captcha", api.captcha, name="captcha"),
]

public_patterns = [
    path("vote/", public.gallery, name="gallery"),
    path("vote/results/", public.results, name="results"),
    path("vote/verify/", public.verify, name="verify"),
    path("vote/verify/code/", public.verify_code, name="verify_code"),
    path("vote/f/<str:code>/", public.finalist, name="finalist"),
    path("vote/f/<str:code>/vote/", public.vote, name="vote"),
    path("vote/f/<str:code>/thanks/", public.thanks, name="thanks"),
    path("vote/f/<str:code>/qr.png", public.qr, {"fmt": "png"}, name="qr_png"),
    path("vote/f/<str:code>/qr.svg", public.qr, {"fmt": "svg"}, name="qr_svg"),
]

organize_patterns = [
    path("organize/voting/", organize.dashboard, name="dashboard"),
    path("organize/voting/board.json", organize.board, name="board"),
    path("organize/voting/clusters/<int:pk>/", organize.cluster, name="cluster"),
    path("organize/voting/clusters/<int:pk>/review/", organize.review, name="review"),
    path("organize/voting/finalists/<str:code>/penalty/", organize.penalty, name="penalty"),
    path("organize/voting/publish/", organize.publish, name="publish"),
    path("organize/voting/confirm/", organize.confirm, name="confirm"),
    path("organize/voting/decisions/", organize.decisions, name="decisions"),
    path("organize/voting/votes.csv", organize.export_csv, name="export_csv"),
    path("organize/voting/votes.xlsx", organize.export_xlsx, name="export_xlsx"),
]

urlpatterns = [
    path("", include((api_patterns, "api"))),
    *public_patterns,
    path("", include((organize_patterns, "organize"))),
]
