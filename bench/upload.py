"""Upload benchmark: 1 GiB through the real tus endpoint of a gunicorn server on 127.0.0.1.

    .venv/bin/python bench/upload.py [--size-mb 1024] [--chunk-mb N] [--port N] [--smoke]

`--smoke` runs the same steps on a 2 MiB file in 1 MiB chunks: a few seconds, to show the
script still works, not to measure anything.

Reports
* the server worker's peak memory growth while it receives the file (goal: under 64 MB);
* the upload's throughput as a ratio to writing the same bytes straight to the same disk in
  the same run (goal: at least 0.5);
* after killing the client at 50 % and resuming from the server's offset, how many bytes
  were sent twice (goal: at most one chunk).

Last line: rss_growth_mb=<n> throughput_ratio=<x> resent_bytes=<n> chunk_bytes=<n>

The server runs with production-like settings (DEBUG off, no TLS redirect), SQLite in a
temporary directory (or DATABASE_URL when set), local storage in a temporary MEDIA_ROOT, and
Celery not eager, so that the content check queued at completion does not count as upload time.
"""

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lib.database import setup_django_as_server  # noqa: E402
from bench.lib.fixtures import entry_fields, open_contest  # noqa: E402
from bench.lib.measure import cpu_seconds, disk_write_seconds, reset_peak, status_kb  # noqa: E402
from bench.lib.server import children, free_port, server_env  # noqa: E402
from bench.lib.upload_client import create_upload, run_client  # noqa: E402


def upload_server_env(work, chunk_mb=None):
    """The server's environment: local storage in `work`, SQLite there unless DATABASE_URL is set, no Redis."""
    extra = f"UPLOAD_CHUNK_BYTES = {chunk_mb} * 1024 * 1024\n" if chunk_mb else ""
    env = server_env(work, "bench_settings", extra, MEDIA_ROOT=str(work / "media"), STORAGE="local")
    env.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    env.pop("REDIS_URL", None)
    return env


def prepare(env):
    """Migrate, then create an open contest, an entrant and two entries; (entry codes, cookie header, CSRF token)."""
    setup_django_as_server(env)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from contest.models import Track
    from registration.models import Entrant, Entry

    call_command("migrate", verbosity=0, interactive=False)
    contest, _stage = open_contest("registration", introduction="简介", rules_text="规则", ip_terms="条款")
    track = Track.objects.create(contest=contest, code="bench", name="赛道", description="说明")
    user = get_user_model().objects.create_user(username="bench", phone="+8613800000000")
    entrant = Entrant.objects.create(
        contest=contest, user=user, kind="individual", name="测试者", region="shijiazhuang"
    )
    entries = [Entry.objects.create(**entry_fields(entrant, track, f"作品{n}")) for n in range(2)]
    return [entry.code for entry in entries], *signed_in(user)


def signed_in(user):
    """A session of `user` and a CSRF token, as a browser holds them; (cookie header, CSRF token)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = _get_new_csrf_string()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    return cookie, csrf


def wait_for_server(port, process):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited early")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def measure(port, env, work, source, size, warm_size, entries, cookie, csrf, chunk):
    """Serve with gunicorn and upload: a whole upload timed, then one killed at half and resumed."""
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "1", "--timeout", "300", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_for_server(port, server)
        worker = children(server.pid)[0]
        # Warm up every code path once (imports, first queries) before measuring memory.
        warm = work / "warm.bin"
        warm.write_bytes(os.urandom(warm_size))
        run_client(
            port,
            warm,
            create_upload(port, cookie, csrf, entries[1], warm_size),
            cookie,
            csrf,
            chunk,
        )
        baseline_kb = status_kb(worker, "VmRSS")
        reset_peak(worker)

        # 1. A whole upload, timed; the same bytes written straight to the same disk.
        location = create_upload(port, cookie, csrf, entries[0], size)
        cpu_before = cpu_seconds([worker])
        started = time.perf_counter()
        run_client(port, source, location, cookie, csrf, chunk)
        upload_seconds = time.perf_counter() - started
        server_cpu = cpu_seconds([worker]) - cpu_before
        disk_seconds = disk_write_seconds(source, work / "media")
        peak_kb = status_kb(worker, "VmHWM")

        # 2. Killed at 50 %, then resumed from the server's offset.
        location = create_upload(port, cookie, csrf, entries[1], size)
        first = run_client(port, source, location, cookie, csrf, chunk, kill_at=size // 2)
        second = run_client(port, source, location, cookie, csrf, chunk)
        peak_kb = max(peak_kb, status_kb(worker, "VmHWM"))
    finally:
        server.terminate()
        server.wait(timeout=30)

    return {
        "upload_seconds": upload_seconds,
        "server_cpu": server_cpu,
        "disk_seconds": disk_seconds,
        "baseline_kb": baseline_kb,
        "peak_kb": peak_kb,
        "first": first,
        "second": second,
    }


def report(figures, size, chunk):
    upload_seconds, disk_seconds = figures["upload_seconds"], figures["disk_seconds"]
    baseline_kb, peak_kb = figures["baseline_kb"], figures["peak_kb"]
    first, second = figures["first"], figures["second"]
    print(f"upload: {upload_seconds:.2f} s ({size / upload_seconds / 1e6:.0f} MB/s)")
    print(f"server worker CPU during the upload: {figures['server_cpu']:.2f} s")
    print(f"disk write: {disk_seconds:.2f} s ({size / disk_seconds / 1e6:.0f} MB/s)")
    print(f"server worker RSS: {baseline_kb / 1024:.1f} MB after warm-up, peak {peak_kb / 1024:.1f} MB")
    print(f"killed at {first} bytes sent; resumed and sent {second} more (file {size})")
    rss_growth_mb = (peak_kb - baseline_kb) / 1024
    ratio = disk_seconds / upload_seconds
    resent = first + second - size
    print(f"rss_growth_mb={rss_growth_mb:.1f} throughput_ratio={ratio:.2f} resent_bytes={resent} chunk_bytes={chunk}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="size of the uploaded file in MiB (default 1024)")
    parser.add_argument("--port", type=int, help="port of the server (default: a free one)")
    parser.add_argument("--chunk-mb", type=int, help="PATCH size in MiB (default: the UPLOAD_CHUNK_BYTES setting)")
    parser.add_argument("--smoke", action="store_true", help="a 2 MiB file in 1 MiB chunks: checks, measures nothing")
    args = parser.parse_args()
    if args.smoke:
        args.size_mb, args.chunk_mb = 2, 1
    args.port = args.port or free_port()
    size = args.size_mb * 1024 * 1024
    # Smaller than the measured file, so that the stored files can be told apart by size.
    warm_size = min(3 * 1024 * 1024, size // 2)

    work = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    try:
        env = upload_server_env(work, args.chunk_mb)
        (work / "media").mkdir()
        entries, cookie, csrf = prepare(env)
        from contest.models import Contest
        from registration.models import RegistrationSettings
        from registration.tus import chunk_bytes

        chunk = chunk_bytes()
        for contest in Contest.objects.all():
            RegistrationSettings.objects.update_or_create(
                contest=contest, defaults={"video_max_bytes": max(size, 1024**3)}
            )

        source = work / "source.bin"
        with open(source, "wb") as fh:
            for _ in range(args.size_mb):
                fh.write(os.urandom(1024 * 1024))
        print(f"file: {size} bytes, chunk: {chunk} bytes, server: gunicorn, 1 sync worker, 127.0.0.1:{args.port}")

        figures = measure(args.port, env, work, source, size, warm_size, entries, cookie, csrf, chunk)
        stored = sorted((work / "media" / "entries").rglob("*"))
        stored_sizes = [p.stat().st_size for p in stored if p.is_file()]
        if stored_sizes.count(size) != 2:
            raise SystemExit(f"expected two stored files of {size} bytes, found {stored_sizes}")
        report(figures, size, chunk)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
