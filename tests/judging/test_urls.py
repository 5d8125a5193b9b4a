"""Judging's URL names, one namespace with an area per audience, and the paths they stand for."""

import pytest
from django.urls import resolve, reverse


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("judging:judge:dashboard", [], "/judge/"),
        ("judging:judge:entry", ["R1", "E1"], "/judge/R1/E1/"),
        ("judging:judge:conflict", ["R1", "E1"], "/judge/R1/E1/conflict/"),
        ("judging:judge:file", ["R1", "E1", "video"], "/judge/R1/E1/files/video/"),
        ("judging:judge:file_variant", ["R1", "E1", "video", "poster"], "/judge/R1/E1/files/video/poster/"),
        ("judging:organize:index", [], "/organize/judging/"),
        ("judging:organize:round", ["R1"], "/organize/judging/R1/"),
        ("judging:organize:populate", ["R1"], "/organize/judging/R1/entries/"),
        ("judging:organize:assignment", ["R1"], "/organize/judging/R1/assignment/"),
        ("judging:organize:progress", ["R1"], "/organize/judging/R1/progress/"),
        ("judging:organize:unlock", ["R1", "S1"], "/organize/judging/R1/sheets/S1/unlock/"),
        ("judging:organize:ranking", ["R1"], "/organize/judging/R1/ranking/"),
        ("judging:organize:advance", ["R1"], "/organize/judging/R1/advance/"),
        ("judging:organize:release", ["R1"], "/organize/judging/R1/release/"),
        ("judging:organize:export", ["R1"], "/organize/judging/R1/scores.xlsx"),
        ("judging:entry_results", ["E1"], "/results/E1/"),
    ],
)
def test_url_names_stand_for_their_paths(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).view_name == name
