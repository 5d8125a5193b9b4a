"""Every URL of judging, with its full path from the site root, by audience.

* judges, under `/judge/`: `judging:judge:<name>`;
* organizers, under `/organize/judging/`: `judging:organize:<name>`;
* the entrant, their own released results at `/results/<code>/`: `judging:<name>`;
* the public, the entries that advanced once released, at `/results/stage/<kind>/`.

The judge and organizer views pass the staff gate of `accounts.gates`.
"""

from django.urls import include, path

from .views import entrant, judge, organize, public

app_name = "judging"

JUDGE_ENTRY = "judge/<str:round_code>/<str:entry_code>/"
judge_patterns = [
    path("judge/", judge.dashboard, name="dashboard"),
    path(JUDGE_ENTRY, judge.entry, name="entry"),
    path(f"{JUDGE_ENTRY}conflict/", judge.conflict, name="conflict"),
    path(f"{JUDGE_ENTRY}files/<slug:kind>/", judge.entry_file, name="file"),
    path(f"{JUDGE_ENTRY}files/<slug:kind>/<slug:variant>/", judge.entry_file, name="file_variant"),
]

ROUND = "organize/judging/<str:code>/"
organize_patterns = [
    path("organize/judging/", organize.index, name="index"),
    path(ROUND, organize.round_detail, name="round"),
    path(f"{ROUND}entries/", organize.populate, name="populate"),
    path(f"{ROUND}assignment/", organize.assignment, name="assignment"),
    path(f"{ROUND}progress/", organize.progress, name="progress"),
    path(f"{ROUND}sheets/<str:sheet>/unlock/", organize.unlock, name="unlock"),
    path(f"{ROUND}ranking/", organize.ranking_page, name="ranking"),
    path(f"{ROUND}advance/", organize.advance, name="advance"),
    path(f"{ROUND}release/", organize.release, name="release"),
    path(f"{ROUND}scores.xlsx", organize.export, name="export"),
    path(f"{ROUND}scores.csv", organize.export, {"fmt": "csv"}, name="export_csv"),
]

urlpatterns = [
    path("", include((judge_patterns, "judge"))),
    path("", include((organize_patterns, "organize"))),
    path("results/stage/<slug:kind>/", public.released, name="released"),
    path("results/<str:code>/", entrant.entry_results, name="entry_results"),
]
