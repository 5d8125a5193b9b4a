"""Sizes a reader can hold: modules of at most ~400 lines, functions of at most ~60.

The rule holds for every Python file of the project: the apps, the settings package, the
benchmarks, the deployment scripts and the tests themselves. A function's length is its body's,
from the first statement after its docstring: keyword arguments one per line and a docstring
that explains them are not what makes code hard to hold. Data (demo content), migrations and
the one settings file are exempt; a longer function states its reason in a comment starting
`# Long:` on the line above its `def`.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "awards", "config", "contest", "documents", "judging", "notifications", "registration", "voting"]
FOLDERS = [*APPS, "bench", "deploy", "tests"]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
EXEMPT_MODULES = {"config/settings.py"}


def _modules():
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in EXEMPT_MODULES or path.stem.endswith("_content"):
                continue
            yield relative


def _long_functions(relative):
    source = (ROOT / relative).read_text()
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        body = node.body[1:] if ast.get_docstring(node) is not None and len(node.body) > 1 else node.body
        length = node.end_lineno - body[0].lineno + 1
        reason = lines[first - 2].strip() if first >= 2 else ""
        if length > MAX_FUNCTION_LINES and not reason.startswith("# Long:"):
            yield f"{relative}:{node.lineno} {node.name} ({length} lines)"


def test_the_rule_covers_every_folder_of_code():
    code = {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".") and any(p.rglob("*.py"))}
    assert code == set(FOLDERS)
    assert {path.split("/")[0] for path in _modules()} == set(FOLDERS)


@pytest.mark.parametrize("relative", list(_modules()))
def test_module_fits_on_a_readers_desk(relative):
    lines = len((ROOT / relative).read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{relative} has {lines} lines: split it along its jobs"
    assert list(_long_functions(relative)) == []
