import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from amqp.exceptions import ChannelError
from django.db import connection
from django.utils import translation

from config.celery import app as celery_app
from contest.models import Stage
from tests.factories import TrackFactory, contest_at

# Playwright runs an event loop in the test thread; Django's ORM refuses to run beside
# one unless told that the test process knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
E2E = Path(__file__).resolve().parent / "e2e"


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by these marks
def pytest_collection_modifyitems(items):
    """Mark what `make test-fast` leaves out: every test under tests/e2e drives a real browser
    (`e2e`), and every test that starts a real Celery worker (`worker`)."""
    for item in items:
        if E2E in item.path.resolve().parents:
            item.add_marker(pytest.mark.e2e)
        if "celery_worker_process" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.worker)


@pytest.fixture
def contest(db):
    """The current edition, registration open since yesterday for thirty more days.

    Folders whose tests happen at another stage override it with `contest_at`.
    """
    return contest_at(Stage.Kind.REGISTRATION)


@pytest.fixture
def tracks(contest):
    """The edition's two tracks, as the demo names them."""
    return [
        TrackFactory(contest=contest, code="gov", name="数字支撑政务服务", name_en="Digital government", order=1),
        TrackFactory(contest=contest, code="economy", name="数字赋能经济发展", name_en="Digital economy", order=2),
    ]


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the portal's default language, whatever the previous one activated."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Password hashing is deliberately slow; tests that create users need it correct, not strong."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """A key prefix per test, so that tests sharing one Redis (CI, xdist) never see each other's keys."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"t{uuid.uuid4().hex[:12]}"} for name, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def _vote_counts_sent():
    """Vote counts a test left pending go out before the next test, and no flush still runs
    (with a database connection of its own) when the test databases are dropped."""
    yield
    from voting.live import pending

    pending.flush()


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process unless a test asks for a real worker (`celery_worker_process`)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = previous


def _database_url():
    s = connection.settings_dict
    auth = s["USER"] or ""
    if s["PASSWORD"]:
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """A real `celery worker` process on Redis, consuming a queue of its own, on the test database."""

    def __init__(self, queue, log_path):
        self.queue = queue
        self.log_path = log_path
        self.process = None

    def start(self, concurrency=2):
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_QUEUE": self.queue,
            "CELERY_ONLY_QUEUE": self.queue,
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process, closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "worker",
                "-Q", self.queue, "-n", f"{self.queue}@%h", "-c", str(concurrency),
                "--without-gossip", "--without-mingle", "-l", "info",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self._log = log
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited early:\n{Path(self.log_path).read_text()}")
            replies = celery_app.control.ping(destination=[self.name], timeout=0.5)
            if replies:
                return
        raise RuntimeError(f"celery worker did not answer within 60 s:\n{Path(self.log_path).read_text()}")

    @property
    def name(self):
        return f"{self.queue}@{os.uname().nodename}"

    def idle(self):
        """Nothing waits in this worker's queue, and the worker runs and holds nothing: what
        was queued so far has all been done."""
        with celery_app.connection_for_read() as conn:
            try:
                waiting = conn.default_channel.queue_declare(queue=self.queue, passive=True).message_count
            except ChannelError:  # Redis deletes a list once its last message is taken
                waiting = 0
        inspect = celery_app.control.inspect(destination=[self.name], timeout=1)
        taken = [*(inspect.active() or {}).get(self.name, [None]), *(inspect.reserved() or {}).get(self.name, [None])]
        return waiting == 0 and not taken

    def kill(self):
        """SIGKILL the whole process group: the main process and its pool children die mid-task."""
        os.killpg(self.process.pid, 9)
        self.process.wait(timeout=30)
        self._log.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        if self.process:
            self._log.close()


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path):
    """Start a real worker on Redis against the test database (PostgreSQL); tasks stop being eager."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL and REDIS_URL, as .ci/run sets them")
    queue = f"test-{uuid.uuid4().hex[:10]}"
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    # Every task, whatever queue it names, goes where this worker listens.
    settings.CELERY_ONLY_QUEUE = queue
    celery_app.conf.task_always_eager = False
    worker = Worker(queue, tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()
    celery_app.conf.task_default_queue = previous_queue
