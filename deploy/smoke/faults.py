"""Faults injected while the journey runs, and the check that the portal came back by itself.

Each fault counts once it has happened and the portal has recovered without help:
* a gunicorn worker SIGKILLed while it writes an upload chunk (the client resumes);
* the upload spool (a tmpfs) filled while a chunk arrives (the client is told why and resumes);
* the heavy queue's worker process SIGKILLed while it checks a file (the task is re-delivered);
* PostgreSQL restarted (connections are re-made on their next use);
* Redis killed and started empty (broker, cache and live vote counts come back).
"""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from .stack import CHUNK_BYTES, open_paths, wait_until


class Faults:
    def __init__(self, stack):
        self.stack = stack
        self.count = 0
        self.notes = []

    def done(self, what):
        self.count += 1
        print(f"fault {self.count}: {what}", flush=True)

    def portal_answers(self, *, timeout=60):
        wait_until(lambda: self.stack.healthz() == 200, timeout=timeout, interval=0.5, what="/healthz")

    # --- uploads -------------------------------------------------------------------------------

    def upload_hook(self, client):
        """A before-chunk hook for the video: kill a worker mid-chunk, then fill the spool."""
        state = {"killed": None, "watcher": None, "filled": False}
        spool = str(self.stack.spool)

        def watch():
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and state["killed"] is None:
                for pid in self.stack.gunicorn_workers():
                    if any(path.startswith(spool) for path in open_paths(pid)):
                        os.kill(pid, signal.SIGKILL)
                        state["killed"] = pid
                        return
                time.sleep(0.002)

        def hook(offset):
            if state["killed"] is None and offset >= CHUNK_BYTES:
                if state["watcher"] is None or not state["watcher"].is_alive():
                    state["watcher"] = threading.Thread(target=watch, daemon=True)
                    state["watcher"].start()
            elif state["killed"] and not state["filled"] and offset >= 2 * CHUNK_BYTES and self.stack.mounted:
                state["filled"] = True
                self._fill_spool(client)

        return hook, state

    def _fill_spool(self, client):
        """Leave less room in the spool than one chunk; free it once the client was refused."""
        filler = Path(self.stack.spool) / "filler"
        stats = os.statvfs(self.stack.spool)
        room = stats.f_bavail * stats.f_frsize - 1024 * 1024
        with open(filler, "wb") as fh:
            fh.write(b"\0" * max(room, 0))
        seen = len(client.refusals)

        def free():
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and len(client.refusals) == seen:
                time.sleep(0.05)
            time.sleep(2)
            filler.unlink()

        threading.Thread(target=free, daemon=True).start()
        self.full_refusal_index = seen

    def judge_upload_faults(self, client, state):
        killed = state["killed"] is not None
        if killed:
            self.done(f"gunicorn worker {state['killed']} SIGKILLed mid-chunk; the upload resumed")
        else:
            self.notes.append("no chunk was caught in a gunicorn worker")
        if state["filled"]:
            status, text = client.refusals[self.full_refusal_index]
            clear = status == 507 and "<html" not in text.lower() and len(text) > 20
            if not clear:
                raise AssertionError(f"a full upload disk answered {status}: {text[:200]!r}")
            self.done(f"upload spool full: refused with {status} {text!r}; resumed once freed")

    # --- the file check ---------------------------------------------------------------------------

    def kill_heavy_during_check(self, entry_code, kind):
        from registration.models import EntryFile

        def checking():
            row = EntryFile.objects.filter(entry__code=entry_code, kind=kind).order_by("-pk").first()
            return row is not None and row.status == EntryFile.Status.CHECKING

        try:
            wait_until(checking, timeout=120, interval=0.01, what="the check to start")
        except TimeoutError:
            self.notes.append("the check finished before it could be interrupted")
            return False
        pids = self.stack.pool_children("heavy")
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        self.killed_heavy = pids
        return True

    # --- PostgreSQL and Redis -----------------------------------------------------------------------

    def restart_postgres(self):
        from django.db import connection

        version = sorted(os.listdir("/etc/postgresql"))[-1]
        started = time.monotonic()
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
        wait_until(
            lambda: subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0,
            timeout=60,
            what="PostgreSQL",
        )
        down = time.monotonic() - started
        connection.close()
        self.portal_answers()
        self.done(f"PostgreSQL restarted ({down:.1f} s); the portal answers again")

    def restart_redis(self):
        self.stack.kill_redis()
        self.stack.start_redis()
        self.portal_answers()
        self.done("Redis killed and started empty; the portal answers again")
