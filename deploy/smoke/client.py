"""An HTTP client that behaves like a browser on the portal's forms, and a tus 1.0 client.

`Browser` keeps cookies, sends the CSRF token and a same-origin Referer (Django checks it
over HTTPS), reads the forms of a page with the standard library's HTML parser, and tells
a page's flash messages apart. `TusClient` speaks the creation and core protocol over the
same session: POST to create, HEAD for the server's offset, PATCH chunk after chunk, and
on a dropped connection, a 5xx, a 423 or a 409 it asks the server again and resumes.
"""

import base64
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import requests


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.messages = []
        self._in_message = False
        self._text = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if tag == "button" or kind == "submit":
                return
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea" and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = ""
        elif tag == "p" and (attrs.get("class") or "").startswith("message "):
            self._in_message = True
            self._text = []

    def handle_endtag(self, tag):
        if tag == "p" and self._in_message:
            self.messages.append(" ".join("".join(self._text).split()))
            self._in_message = False

    def handle_data(self, data):
        if self._in_message:
            self._text.append(data)


def parse(html):
    parser = _Forms()
    parser.feed(html)
    return parser


class Browser:
    def __init__(self, base, cert):
        self.base = base
        self.session = requests.Session()
        self.session.verify = str(cert)
        self.session.headers["Accept-Language"] = "en"
        self.session.cookies.set("django_language", "en")
        self.last_url = base + "/"

    def url(self, path):
        return urljoin(self.base, path)

    def csrf(self):
        return self.session.cookies.get("csrftoken", "")

    def get(self, path, **kwargs):
        response = self.request("GET", path, **kwargs)
        self.last_url = response.url
        return response

    def request(self, method, path, *, retries=0, **kwargs):
        """One request; with `retries`, a dropped connection or a 502/503/504 is tried again."""
        headers = {"Referer": self.last_url, "X-CSRFToken": self.csrf(), **kwargs.pop("headers", {})}
        for attempt in range(retries + 1):
            try:
                response = self.session.request(
                    method, self.url(path), headers=headers, timeout=120, verify=self.session.verify, **kwargs
                )
            except requests.ConnectionError:
                if attempt == retries:
                    raise
            else:
                if response.status_code not in (502, 503, 504) or attempt == retries:
                    return response
            time.sleep(1)
        raise AssertionError("unreachable")

    def post(self, path, data, **kwargs):
        data = {"csrfmiddlewaretoken": self.csrf(), **data}
        return self.request("POST", path, data=data, allow_redirects=kwargs.pop("allow_redirects", True), **kwargs)

    def submit(self, path, values, *, action=None):
        """GET a page, take its form's current values, change `values`, POST it where it posts.

        The form is the first one holding a field named in `values`, else the first one that is
        neither the language switch nor the sign-out button.
        """
        page = self.get(path)
        forms = parse(page.text).forms
        page_forms = [f for f in forms if not any(w in f["action"] for w in ("/i18n/", "/logout/"))]
        form = next((f for f in page_forms if set(values) & set(f["fields"])), None) or page_forms[0]
        fields = {**form["fields"], **values}
        fields = {key: value for key, value in fields.items() if value is not None}
        target = action or form["action"] or page.url
        return self.post(target, fields)


class TusError(Exception):
    pass


def _metadata(values):
    return ",".join(f"{key} {base64.b64encode(str(value).encode()).decode()}" for key, value in values.items())


def widget_retry_delays():
    """The upload widget's automatic retry delays in seconds (static/registration/upload.js)."""
    source = (Path(__file__).resolve().parents[2] / "static" / "registration" / "upload.js").read_text()
    delays = re.search(r"var RETRY_DELAYS = \[([\d,\s]+)\];", source).group(1)
    return [int(value) / 1000 for value in delays.split(",")]


class TusClient:
    """The tus 1.0 client side: creation, then PATCHes from the server's offset, resumed on failure.

    It retries as the site's upload widget does (tus-js-client with the widget's delays, the
    count starting again after each chunk that gets through), so that "the upload resumes by
    itself" means: a browser resumes it before the widget gives up and asks for a click.
    """

    HEADERS = {"Tus-Resumable": "1.0.0"}
    RETRY_STATUSES = {409, 423, 500, 502, 503, 504, 507}

    def __init__(self, browser, *, chunk_bytes):
        self.browser = browser
        self.chunk_bytes = chunk_bytes
        self.retry_delays = widget_retry_delays()
        self.refusals = []  # (status, text) of every answer that made the client wait

    def create(self, *, path, entry, kind, filename, filetype):
        size = path.stat().st_size
        headers = {
            **self.HEADERS,
            "Upload-Length": str(size),
            "Upload-Metadata": _metadata({"filename": filename, "filetype": filetype, "entry": entry, "kind": kind}),
        }
        response = self.browser.request("POST", "/uploads/", headers=headers, retries=5)
        if response.status_code != 201:
            raise TusError(f"creation answered {response.status_code}: {response.text[:200]}")
        return response.headers["Location"]

    def offset(self, location):
        try:
            response = self.browser.request("HEAD", location, headers=self.HEADERS)
        except requests.ConnectionError:
            return None
        if response.status_code != 200:
            return None
        return int(response.headers["Upload-Offset"])

    def send_chunk(self, location, path, offset):
        with open(path, "rb") as fh:
            fh.seek(offset)
            data = fh.read(self.chunk_bytes)
        headers = {
            **self.HEADERS,
            "Content-Type": "application/offset+octet-stream",
            "Upload-Offset": str(offset),
        }
        try:
            return self.browser.request("PATCH", location, headers=headers, data=data)
        except requests.ConnectionError as exc:
            self.refusals.append((0, str(exc)[:200]))
            return None

    def upload(self, location, path, *, before_chunk=None):
        """Send the file from the server's offset to the end; returns the number of resumptions."""
        size = path.stat().st_size
        resumed = attempt = offset = 0
        while offset < size:
            if before_chunk:
                before_chunk(offset)
            response = self.send_chunk(location, path, offset)
            if response is not None and response.status_code == 204:
                offset = int(response.headers["Upload-Offset"])
                attempt = 0
                continue
            if response is not None:
                if response.status_code not in self.RETRY_STATUSES:
                    raise TusError(f"PATCH answered {response.status_code}: {response.text[:200]}")
                self.refusals.append((response.status_code, response.text[:300]))
            if attempt == len(self.retry_delays):
                raise TusError(f"the widget would give up here and ask for a click: {self.refusals[-1]}")
            time.sleep(self.retry_delays[attempt])
            attempt += 1
            server = self.offset(location)
            offset = server if server is not None else offset
            resumed += 1
        return resumed
