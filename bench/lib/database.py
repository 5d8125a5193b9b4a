"""Databases for the benchmarks: Django in this process, migrated, or a fresh PostgreSQL
database for a server, started from a migrated template."""

import hashlib
import os
import subprocess
import sys

from bench.lib import ROOT


def setup_django(database_url, media=None):
    """Django in this process on `database_url`, migrated; tasks eager, the cache local."""
    os.environ["DATABASE_URL"] = database_url
    if media is not None:
        os.environ["MEDIA_ROOT"] = media
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("REDIS_URL", None)  # eager tasks, local cache: nothing outside the process
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def setup_django_as_server(env):
    """Django in this process with the settings and database of a server started with `env`."""
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), env["PYTHONPATH"].split(os.pathsep)[0]]
    import django

    django.setup()


def migration_state():
    """A digest of the migrations (ours, and the pinned packages' through requirements.txt)."""
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def recreate_database(env, name):
    """A fresh, migrated PostgreSQL database `name`. Migrating takes longer than a whole smoke run,
    so a migrated copy is kept as a template per migration state and the next run starts from it."""
    import psycopg

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    template = f"{name}_{migration_state()}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{name}\\_%"])
        kept = [datname for (datname,) in rows]
        for stale in kept:
            if stale != template:
                conn.execute(f"DROP DATABASE {stale} WITH (FORCE)")
        if template in kept:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
            return
        conn.execute(f"CREATE DATABASE {name}")
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {template} TEMPLATE {name}")
