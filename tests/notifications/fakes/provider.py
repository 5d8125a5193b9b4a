"""The provider side of a loopback SMS API: an HTTP server on 127.0.0.1 and what it accepted.

A provider subclass checks each request's signature the way the provider documents it and
answers with its own bodies; this base keeps what was accepted in `sent` (one entry per
accepted message, with its out-id), which is what the tests count. `script` holds codes to
answer the next sends with; "LOST" accepts the message and holds the answer until the
provider is released or stopped, so the client's read timeout is what ends the request, as
when an answer is lost on the way.
"""

import json
import threading
import time
from collections import Counter, deque
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
LOST = "LOST"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        status, answer = self.server.provider.handle(self, body)
        if status is None:
            return  # the provider dropped the connection
        raw = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format, *args):
        pass  # keep test output quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up (a lost answer, a killed worker) is part of the scenario


class FakeProvider:
    def __init__(self, *, delay=0.0):
        # A provider's own latency on every send: the races and the worker batch need a peer
        # slow enough that two workers are inside a send at once; no clock can stand in for it
        # because the client under test waits on a real socket.
        self.delay = delay
        # When set, every send accepted after the first `hold_after` is kept waiting (accepted,
        # no answer yet) until `release` is set: a worker killed then dies mid-request. A LOST
        # answer waits for the same event.
        self.hold_after = None
        self.held = 0
        self.release = threading.Event()
        self.script = deque()
        self.sent = []
        self.actions = []
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.provider = self
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def out_id_counts(self):
        with self.lock:
            return Counter(entry["out_id"] for entry in self.sent)

    def _next_scripted(self):
        with self.lock:
            return self.script.popleft() if self.script else None

    def _accept(self, entry):
        with self.lock:
            entry["at"] = datetime.now(UTC)
            self.sent.append(entry)

    def _finish_send(self, scripted):
        """Wait as a real provider would before answering an accepted send."""
        with self.lock:
            hold = self.hold_after is not None and len(self.sent) > self.hold_after
            self.held += hold
        if hold or scripted == LOST:
            self.release.wait(timeout=60)
        elif self.delay:
            time.sleep(self.delay)
