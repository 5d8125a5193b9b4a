"""The tests hold to their own rules: each one checks an outcome, none waits on the wall clock
where an event or a clock will do, and every browser test lives in tests/e2e with one browser
configuration.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
E2E = TESTS / "e2e"

# A call counts as a check when it asserts by its name (our `_assert_…` helpers, Playwright's
# `expect`, `pytest.raises`, the query counters).
CHECKING_CALL = re.compile(r"^_?(assert|expect|raises)|^django_assert_(max_)?num_queries$")

# Where a test may really sleep, and why: polling what another process does (with a deadline),
# and a fake SMS provider answering as slowly as a real one.
SLEEPS_ALLOWED = {
    ("tests/e2e/browser.py", "wait_in_page"),
    ("tests/helpers.py", "wait_for"),
    ("tests/notifications/fakes/provider.py", "_finish_send"),
    ("tests/accounts/conftest.py", "sleep"),  # the stand-in clock passes a sleep through unchanged
}


def _python_files():
    return sorted(path for path in TESTS.rglob("*.py"))


def _functions(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def _checks(function):
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call) and CHECKING_CALL.search(ast.unparse(node.func).rsplit(".", 1)[-1]):
            return True
    return False


def test_every_test_checks_an_outcome():
    unchecked = [
        f"{path.relative_to(ROOT)}::{function.name}"
        for path in _python_files()
        if path.name.startswith("test_")
        for function in _functions(ast.parse(path.read_text()))
        if function.name.startswith("test_") and not _checks(function)
    ]
    assert unchecked == []


def test_no_test_sleeps_where_an_event_or_a_clock_will_do():
    sleeping = set()
    for path in _python_files():
        for function in _functions(ast.parse(path.read_text())):
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and ast.unparse(node.func) in {"time.sleep", "sleep", "real_time.sleep"}:
                    sleeping.add((path.relative_to(ROOT).as_posix(), function.name))
    assert sleeping <= SLEEPS_ALLOWED


def test_every_browser_test_is_under_e2e_with_one_browser_configuration():
    outside = [
        path.relative_to(ROOT).as_posix()
        for path in _python_files()
        if E2E not in path.parents and re.search(r"^\s*(from|import) playwright", path.read_text(), re.M)
    ]
    configured = [
        path.relative_to(ROOT).as_posix()
        for path in _python_files()
        if re.search(r"^def browser_(context|type_launch)_args\b", path.read_text(), re.M)
    ]
    assert outside == []
    assert configured == ["tests/e2e/conftest.py"]
