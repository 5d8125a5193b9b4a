"""URLs of judging, mounted in config.urls under three prefixes:

* `judge/` (namespace "judge") — judges, behind the staff MFA middleware;
* `organize/judging/` (namespace "judging") — organizers, behind the staff MFA middleware;
* `results/` (namespace "results") — entrants, their own released results.
"""

from django.urls import path

from .views import entrant, judge, organize

judge_patterns = [
    path("", judge.dashboard, name="dashboard"),
    path("<str:round_code>/<str:entry_code>/", judge.entry, name="entry"),
    path("<str:round_code>/<str:entry_code>/conflict/", judge.conflict, name="conflict"),
    path("<str:round_code>/<str:entry_code>/files/<slug:kind>/", judge.entry_file, name="file"),
    path("<str:round_code>/<str:entry_code>/files/<slug:kind>/<slug:variant>/", judge.entry_file, name="file_variant"),
]

organize_patterns = [
    path("", organize.index, name="index"),
    path("<str:code>/", organize.round_detail, name="round"),
    path("<str:code>/entries/", organize.populate, name="populate"),
    path("<str:code>/assignment/", organize.assignment, name="assignment"),
    path("<str:code>/progress/", organize.progress, name="progress"),
    path("<str:code>/sheets/<str:sheet>/unlock/", organize.unlock, name="unlock"),
    path("<str:code>/ranking/", organize.ranking_page, name="ranking"),
    path("<str:code>/advance/", organize.advance, name="advance"),
    path("<str:code>/release/", organize.release, name="release"),
    path("<str:code>/scores.xlsx", organize.export, name="export"),
]

results_patterns = [
    path("<str:code>/", entrant.entry_results, name="entry"),
]
