"""Every benchmark keeps running: each `bench/*.py` runs in its `--smoke` size and its last
line carries the keys its docstring documents (the line that starts `Last line:`)."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHES = sorted((ROOT / "bench").glob("*.py"))


def documented_keys(path):
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    lines = [line.strip() for line in doc.splitlines() if line.strip().startswith("Last line:")]
    assert len(lines) == 1, f"{path.name}: its docstring must have one line starting 'Last line:'"
    return re.findall(r"([a-z_][a-z0-9_]*)=", lines[0])


def test_there_are_benches():
    assert {path.stem for path in BENCHES} >= {"judging", "upload", "vote"}


@pytest.mark.parametrize("path", BENCHES, ids=lambda path: path.stem)
def test_bench_runs_in_smoke_size_and_prints_its_keys(path, tmp_path):
    keys = documented_keys(path)
    assert keys, f"{path.name}: no keys after 'Last line:'"
    # A bench builds its own database; it must not inherit the one this test run uses.
    env = {name: value for name, value in os.environ.items() if name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(
        [sys.executable, str(path), "--smoke"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    printed = dict(pair.split("=", 1) for pair in last.split())
    assert list(printed) == keys, last
    assert all(printed.values()), last
