"""Content-Security-Policy on every response: pages run only the site's own scripts and styles.

The policy only holds if no template brings script or style inline, so the templates are
read here too: an inline <script>, an event-handler attribute, a style attribute or a
javascript: link would either break under the policy or force it open.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# Rendered by WeasyPrint into a PDF, never sent to a browser: its CSS sits inside on purpose.
PDF_TEMPLATES = {"awards/certificate.html", "bulletins/pdf.html"}
PATHS = ["/", "/vote/", "/accounts/login/", "/admin/login/", "/no-such-page/", "/api/vote/v1/finalists"]


def policy(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_a_policy_that_runs_only_own_scripts(client, contest, path):
    response = client.get(path)

    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_other_security_headers_stay(client, contest):
    response = client.get("/")

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def template_files():
    """Every HTML template of the project (its own folder and its apps'), by template name."""
    found = {}
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            found[str(path.relative_to(folder))] = path
    for app in ("accounts", "contest", "registration", "judging", "voting", "awards", "notifications"):
        folder = ROOT / app / "templates"
        for path in folder.rglob("*.html") if folder.exists() else []:
            found[str(path.relative_to(folder))] = path
    assert found, "no templates found"
    return found


INLINE = {
    # A JSON data block (type="application/json") is never run, so the policy leaves it alone.
    "inline <script>": re.compile(r"<script\b(?![^>]*\b(?:src=|type=[\"']application/json))[^>]*>", re.I),
    "event handler attribute": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    "javascript: URL": re.compile(r"""\b(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I),
}


def test_no_template_brings_script_or_style_inline():
    problems = []
    for name, path in sorted(template_files().items()):
        if name in PDF_TEMPLATES:
            continue
        text = path.read_text()
        problems += [f"{name}: {what}" for what, pattern in INLINE.items() if pattern.search(text)]

    assert problems == []


def test_the_pdf_templates_exempted_exist():
    assert sorted(set(PDF_TEMPLATES) - set(template_files())) == []


def test_browser_tests_wait_without_eval():
    # Playwright's wait_for_function runs its string through eval() in the page, which the
    # policy refuses: a browser test using it fails only when it reaches that line.
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("*.py")
        if path.name != "test_csp.py" and "wait_for_function(" in path.read_text()
    ]
    assert offenders == [], "use tests.e2e.browser.wait_in_page instead"
