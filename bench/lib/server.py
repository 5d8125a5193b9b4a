"""Servers of the benchmarks' own: the project under gunicorn with production-like settings,
and a Redis that may be killed. Ports and process trees are the smoke stack's helpers."""

import base64
import os
import shlex
import socket
import subprocess

from bench.lib import ROOT
from deploy.smoke.stack import children, free_port, wait_until

__all__ = ["Redis", "accepts", "children", "free_port", "server_env"]

# The project's settings with plain static files (no collectstatic manifest in a throwaway directory).
SETTINGS = """
from config.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def _key(prefix, size):
    return prefix + base64.urlsafe_b64encode(os.urandom(size)).decode()


def server_env(work, module, extra_settings="", **variables):
    """The environment of a server run with DEBUG off, no TLS redirect and Celery not eager, whose
    settings module `module` (written into `work`) adds `extra_settings`; `variables` add or override."""
    (work / f"{module}.py").write_text(SETTINGS + extra_settings)
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(work), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": module,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": _key("bench-secret-key-", 24),
        "VOTE_HASH_KEY": _key("bench-hash-key-", 24),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "warning",
        **variables,
    }


def accepts(port):
    """Whether something accepts connections on 127.0.0.1:`port`."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


class Redis:
    """A redis-server of the benchmark's own, without persistence: a restart loses every key."""

    def __init__(self, work, port):
        self.work, self.port, self.process = work, port, None

    def start(self):
        command = (
            f"taskset -c 0 redis-server --port {self.port} --bind 127.0.0.1 --save '' --appendonly no --dir {self.work}"
        )
        self.process = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: accepts(self.port), timeout=10, interval=0.05, what="redis-server")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
