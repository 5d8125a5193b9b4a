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
import base64
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEND_BLOCK = 1024 * 1024
# While it may be killed, the client reports its count every block this size: the count
# includes a block before it is handed to the kernel, so resent_bytes can be overstated by
# at most this much (never understated).
REPORT_BLOCK = 64 * 1024


# The project's settings and URLs, with plain static files (no collectstatic manifest in a
# throwaway directory).
BENCH_SETTINGS = """
from config.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def server_env(work, port, chunk_mb=None):
    extra = f"UPLOAD_CHUNK_BYTES = {chunk_mb} * 1024 * 1024\n" if chunk_mb else ""
    (work / "bench_settings.py").write_text(BENCH_SETTINGS + extra)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(work), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "VOTE_HASH_KEY": "bench-hash-key-" + "y" * 32,
        "MEDIA_ROOT": str(work / "media"),
        "STORAGE": "local",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "warning",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    env.pop("REDIS_URL", None)
    return env


def prepare(env):
    """Migrate, then create an open contest, an entrant and an entry; return (entry code, cookie header)."""
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), env["PYTHONPATH"].split(os.pathsep)[0]]
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from contest.models import Contest, Stage, Track
    from registration.models import Entrant, Entry

    call_command("migrate", verbosity=0, interactive=False)
    contest = Contest.objects.create(
        name="基准测试大赛",
        short_name="基准",
        slug="bench",
        hosts="主办",
        introduction="简介",
        rules_text="规则",
        ip_terms="条款",
    )
    Stage.objects.create(
        contest=contest,
        kind=Stage.Kind.REGISTRATION,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1),
    )
    track = Track.objects.create(contest=contest, code="bench", name="赛道", description="说明")
    user = get_user_model().objects.create_user(username="bench", phone="+8613800000000")
    entrant = Entrant.objects.create(
        contest=contest, user=user, kind="individual", name="测试者", region="shijiazhuang"
    )
    entries = [
        Entry.objects.create(
            contest=contest,
            entrant=entrant,
            track=track,
            title=f"作品{n}",
            display_name=f"测试者+作品{n}",
            kind="solution",
        )
        for n in range(2)
    ]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = _get_new_csrf_string()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    return [entry.code for entry in entries], cookie, csrf


# --- The client (a child process, so that it can be killed mid-upload) -----------------------


def tus_headers(cookie, csrf, **extra):
    return {"Tus-Resumable": "1.0.0", "Cookie": cookie, "X-CSRFToken": csrf, **extra}


def client_main(argv):
    """Upload PATH (from the server's offset if LOCATION is given); print bytes sent after each block."""
    port, path, location, cookie, csrf, chunk = argv[0], argv[1], argv[2], argv[3], argv[4], int(argv[5])
    report = argv[6] == "report"
    block_size = REPORT_BLOCK if report else SEND_BLOCK
    size = os.path.getsize(path)
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
    conn.request("HEAD", location, headers=tus_headers(cookie, csrf))
    response = conn.getresponse()
    response.read()
    offset = int(response.headers["Upload-Offset"])
    sent = 0
    print(f"start {offset}", flush=True)
    with open(path, "rb") as source:
        while offset < size:
            length = min(chunk, size - offset)
            conn.putrequest("PATCH", location, skip_accept_encoding=True)
            headers = tus_headers(
                cookie,
                csrf,
                **{
                    "Content-Type": "application/offset+octet-stream",
                    "Upload-Offset": str(offset),
                    "Content-Length": str(length),
                },
            )
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            source.seek(offset)
            remaining = length
            while remaining:
                block = source.read(min(block_size, remaining))
                sent += len(block)
                if report:
                    print(f"sent {sent}", flush=True)
                conn.sock.sendall(block)
                remaining -= len(block)
            response = conn.getresponse()
            response.read()
            if response.status != 204:
                print(f"error {response.status} {response.reason}", flush=True)
                sys.exit(1)
            offset = int(response.headers["Upload-Offset"])
    print(f"sent {sent}", flush=True)


def create_upload(port, cookie, csrf, entry, size):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    metadata = ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}"
        for key, value in {"filename": "bench.mp4", "filetype": "video/mp4", "entry": entry, "kind": "video"}.items()
    )
    conn.request(
        "POST",
        "/uploads/",
        headers=tus_headers(cookie, csrf, **{"Upload-Length": str(size), "Upload-Metadata": metadata}),
    )
    response = conn.getresponse()
    response.read()
    if response.status != 201:
        raise SystemExit(f"creation failed: {response.status} {response.reason}")
    return response.headers["Location"]


def run_client(port, path, location, cookie, csrf, chunk, *, kill_at=None):
    """Run the client; with kill_at, SIGKILL it once it reports that many bytes sent. Return bytes sent."""
    process = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--client",
            str(port),
            str(path),
            location,
            cookie,
            csrf,
            str(chunk),
            "report" if kill_at is not None else "quiet",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    sent = 0
    for line in process.stdout:
        word, _, value = line.strip().partition(" ")
        if word == "sent":
            sent = int(value)
            if kill_at is not None and sent >= kill_at:
                process.send_signal(signal.SIGKILL)
                break
        elif word == "error":
            raise SystemExit(f"client failed: {line.strip()}")
    # Lines printed before the kill and still in the pipe count too.
    for line in process.stdout:
        word, _, value = line.strip().partition(" ")
        if word == "sent":
            sent = int(value)
    process.wait()
    return sent


# --- Measurements ------------------------------------------------------------------------------------


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def status_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_peak(pid):
    """Reset the kernel's peak RSS counter (VmHWM) of a process to its current RSS."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def disk_write_seconds(source, target_dir):
    """Write the same bytes straight to the same disk, in the server's block size; return the time taken."""
    target = Path(target_dir) / "disk-baseline.bin"
    started = time.perf_counter()
    with open(source, "rb") as src, open(target, "wb") as dst:
        while block := src.read(1024 * 1024):
            dst.write(block)
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
        cpu_before = cpu_seconds(worker)
        started = time.perf_counter()
        run_client(port, source, location, cookie, csrf, chunk)
        upload_seconds = time.perf_counter() - started
        server_cpu = cpu_seconds(worker) - cpu_before
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
        env = server_env(work, args.port, args.chunk_mb)
        (work / "media").mkdir()
        entries, cookie, csrf = prepare(env)
        from registration.models import RegistrationSettings
        from registration.tus import chunk_bytes

        chunk = chunk_bytes()
        RegistrationSettings.objects.all().update(video_max_bytes=max(size, 1024**3))

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
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        client_main(sys.argv[2:])
    else:
        main()
