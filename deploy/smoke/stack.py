"""The production topology, started natively for the smoke run and stopped whatever happens.

nginx (Debian's package) with the project's own template, gunicorn with DJANGO_DEBUG=false,
one Celery worker per queue, beat, a Redis server of its own (so that it may be killed), a
fresh PostgreSQL database on the machine's cluster, and moto's S3 server standing in for
MinIO, over HTTPS with a self-signed certificate. Every port is unprivileged and chosen free.
"""

import base64
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
HOST = "localhost"
BUCKET = "smoke"
CHUNK_BYTES = 8 * 1024 * 1024
QUEUES = ("messages", "heavy", "celery")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, *, timeout, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


def children(pid):
    """Direct children of a process, from /proc."""
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


def open_paths(pid):
    """Targets of a process's open file descriptors (empty when it is gone)."""
    paths = []
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                paths.append(os.readlink(fd))
            except OSError:
                continue
    except OSError:
        pass
    return paths


def render_nginx(template, *, ports, work):
    """The compose template for a native nginx: local upstreams, ports, paths and HTTP/2 syntax.

    Debian 12's nginx 1.22 predates the `http2 on;` directive (1.25.1), so HTTP/2 moves to the
    listen line; Docker's resolver goes, as the upstreams are addresses.
    """
    text = template.replace("${PORTAL_HOST}", HOST).replace("${S3_BUCKET}", BUCKET)
    text = re.sub(r"^resolver .*$", "", text, flags=re.M)
    text = text.replace("http://web:8000", f"http://127.0.0.1:{ports['gunicorn']}")
    text = text.replace("http://minio:9000", f"http://127.0.0.1:{ports['moto']}")
    text = text.replace("listen 80 default_server;", f"listen 127.0.0.1:{ports['http']} default_server;")
    text = text.replace(
        "listen 443 ssl default_server;", f"listen 127.0.0.1:{ports['https']} ssl http2 default_server;"
    )
    text = text.replace("listen 443 ssl;", f"listen 127.0.0.1:{ports['https']} ssl http2;")
    text = text.replace("http2 on;", "")
    text = text.replace("/var/log/nginx/access.log", str(work / "log" / "nginx-access.log"))
    text = text.replace("/etc/nginx/certs/", f"{work / 'certs'}/")
    text = text.replace("/var/www/acme", str(work / "acme"))
    text = text.replace("/srv/media/", f"{work / 'media'}/")
    temp = work / "nginx-temp"
    return f"""daemon off;
pid {work / "nginx.pid"};
error_log {work / "log" / "nginx-error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
{text}
}}
"""


class Stack:
    """Every process of the topology, started in order and stopped in reverse."""

    def __init__(self, work, *, database, redis_db=3):
        self.work = Path(work)
        self.database = database
        self.ports = {name: free_port() for name in ("http", "https", "gunicorn", "moto", "redis")}
        self.redis_db = redis_db
        self.procs = {}
        self.logs = {}
        self.spool = self.work / "spool"
        self.mounted = False
        self.base = f"https://{HOST}:{self.ports['https']}"
        self.cert = self.work / "certs" / "fullchain.pem"
        self.env = self._env()

    # --- configuration ------------------------------------------------------------------

    def _env(self):
        from cryptography.fernet import Fernet

        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "S3_"))}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DJANGO_DEBUG": "false",
                "DJANGO_SECRET_KEY": base64.urlsafe_b64encode(os.urandom(48)).decode(),
                "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
                "VOTE_HASH_KEY": base64.urlsafe_b64encode(os.urandom(36)).decode(),
                "ALLOWED_HOSTS": HOST,
                "CSRF_TRUSTED_ORIGINS": self.base,
                "SITE_URL": self.base,
                "TRUSTED_PROXY_COUNT": "1",
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
                "DB_CONN_MAX_AGE": "60",
                "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/{self.redis_db}",
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "STORAGE": "s3",
                "S3_BUCKET": BUCKET,
                # As in docker-compose: the portal's own S3 calls go through nginx's bucket
                # location, so presigned URLs and server calls share one origin.
                "S3_ENDPOINT_URL": self.base,
                "S3_REGION": "us-east-1",
                "S3_ACCESS_KEY_ID": "smoke",
                "S3_SECRET_ACCESS_KEY": "smoke-secret",
                "AWS_CA_BUNDLE": str(self.cert),
                "STATIC_ROOT": str(self.work / "static"),
                "MEDIA_ROOT": str(self.work / "media"),
                "UPLOAD_CHUNK_BYTES": str(CHUNK_BYTES),
                "SMS_BACKEND": "console",
                "LOG_FORMAT": "json",
                "LOG_LEVEL": "warning",
                "VOTE_REBUILD_SECONDS": "30",
                "VOTE_SWEEP_SECONDS": "30",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def tool_env(self, **overrides):
        return {**self.env, **overrides}

    # --- start ----------------------------------------------------------------------------

    def prepare(self):
        for sub in ("log", "certs", "acme", "media", "static", "tmp-heavy", "tmp-workers", "nginx-temp", "redis"):
            (self.work / sub).mkdir(parents=True, exist_ok=True)
        # nginx's workers drop root and write request bodies here.
        os.chmod(self.work / "nginx-temp", 0o777)
        os.chmod(self.work, 0o755)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
             "-keyout", str(self.work / "certs" / "privkey.pem"), "-out", str(self.cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        self._mount_spool()
        template = (ROOT / "deploy" / "nginx" / "templates" / "default.conf.template").read_text()
        (self.work / "nginx.conf").write_text(render_nginx(template, ports=self.ports, work=self.work))

    def _mount_spool(self):
        """gunicorn's temporary directory, where each upload chunk is spooled: a small tmpfs."""
        self.spool.mkdir(exist_ok=True)
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=24m,mode=1777", "smoke-spool", str(self.spool)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        self.mounted = result.returncode == 0
        if not self.mounted:
            print(f"note: no tmpfs for the upload spool ({result.stderr.strip()}); the disk-full fault is skipped")

    def _spawn(self, name, command, *, env=None, cwd=ROOT):
        log = open(self.work / "log" / f"{name}.log", "ab")  # noqa: SIM115 - closed in stop()
        self.logs[name] = log
        self.procs[name] = subprocess.Popen(
            command, cwd=cwd, env=env or self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self.procs[name]

    def start_redis(self):
        self._spawn(
            "redis",
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.ports["redis"]), "--save", "",
             "--appendonly", "no", "--dir", str(self.work / "redis")],
        )  # fmt: skip
        wait_until(self._redis_up, timeout=20, what="redis")

    def _redis_up(self):
        try:
            with socket.create_connection(("127.0.0.1", self.ports["redis"]), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start_moto(self):
        env = self.tool_env(AWS_ACCESS_KEY_ID="smoke", AWS_SECRET_ACCESS_KEY="smoke-secret")
        self._spawn(
            "moto", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.ports["moto"])], env=env
        )
        wait_until(self._moto_up, timeout=30, what="moto")

    def _moto_up(self):
        try:
            return requests.get(f"http://127.0.0.1:{self.ports['moto']}/moto-api/", timeout=1).ok
        except requests.RequestException:
            return False

    def s3(self, *, direct=True):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.ports['moto']}" if direct else self.base,
            aws_access_key_id="smoke",
            aws_secret_access_key="smoke-secret",
            region_name="us-east-1",
            verify=str(self.cert),
        )

    def manage(self, *args, env=None):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env or self.env, check=True)

    def start_portal(self):
        """Database, bucket, static files; then gunicorn, the workers, beat and nginx."""
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                        f"CREATE DATABASE {self.database}"], check=True)  # fmt: skip
        self.s3().create_bucket(Bucket=BUCKET)
        # Side by side: collecting (and compressing) the static files takes longest.
        collect = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=self.env
        )
        self.manage("migrate", "--no-input", "-v", "0")
        if collect.wait() != 0:
            raise RuntimeError("collectstatic failed")
        self.start_gunicorn()
        for queue in QUEUES:
            self.start_worker(queue)
        self._spawn("beat", [str(VENV_BIN / "celery"), "-A", "config", "beat", "--loglevel", "WARNING"])
        self._spawn("nginx", ["nginx", "-c", str(self.work / "nginx.conf"), "-p", str(self.work)])
        wait_until(lambda: self.healthz() == 200, timeout=60, what="the portal through nginx")

    def start_gunicorn(self):
        env = self.tool_env(TMPDIR=str(self.spool))
        self._spawn(
            "gunicorn",
            [str(VENV_BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{self.ports['gunicorn']}",
             "--workers", "3", "--threads", "4", "--timeout", "120", "--graceful-timeout", "10",
             "--worker-tmp-dir", str(self.work / "tmp-workers")],
            env=env,
        )  # fmt: skip

    def start_worker(self, queue):
        tmp = self.work / ("tmp-heavy" if queue == "heavy" else "tmp-workers")
        self._spawn(
            f"worker-{queue}",
            [str(VENV_BIN / "celery"), "-A", "config", "worker", "-Q", queue, "-n", f"{queue}@smoke",
             "--loglevel", "INFO", "--concurrency", "1", "--without-gossip", "--without-mingle"],
            env=self.tool_env(TMPDIR=str(tmp)),
        )  # fmt: skip

    def healthz(self):
        try:
            return requests.get(f"{self.base}/healthz", verify=str(self.cert), timeout=5).status_code
        except requests.RequestException:
            return None

    # --- the processes the faults aim at -----------------------------------------------------

    def gunicorn_workers(self):
        return children(self.procs["gunicorn"].pid)

    def pool_children(self, queue):
        return children(self.procs[f"worker-{queue}"].pid)

    def kill_redis(self):
        proc = self.procs.pop("redis")
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    # --- stop ------------------------------------------------------------------------------------

    def stop(self):
        order = ["nginx", "beat", *[f"worker-{queue}" for queue in QUEUES], "gunicorn", "moto", "redis"]
        for name in order + [name for name in self.procs if name not in order]:
            proc = self.procs.pop(name, None)
            if proc is None or proc.poll() is not None:
                continue
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        for log in self.logs.values():
            log.close()
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.spool)], check=False)
            self.mounted = False

    def drop_databases(self, *names):
        for name in names:
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                            f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)  # fmt: skip

    def cleanup_work(self):
        shutil.rmtree(self.work, ignore_errors=True)
