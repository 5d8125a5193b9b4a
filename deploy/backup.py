"""Back up and restore the portal's database and stored files.

    python deploy/backup.py backup  DIR
    python deploy/backup.py restore DIR --database NAME [--bucket NAME]

`backup` writes DIR/db.dump (pg_dump, custom format, of DATABASE_URL), DIR/bucket/<key> for
every object of S3_BUCKET (or the files under MEDIA_ROOT with STORAGE=local) and
DIR/manifest.json with each file's SHA-256. `restore` creates the database NAME on the same
server and restores the dump into it, then copies every file into the bucket NAME (created
when missing; default S3_BUCKET) or into MEDIA_ROOT, and checks each file against the
manifest. It reads the same environment variables as the portal; pg_dump and pg_restore
come from postgresql-client.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def sha256(path):
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def database_url(name=None):
    url = os.environ["DATABASE_URL"]
    if name is None:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def s3_client():
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("S3_REGION") or None,
        aws_access_key_id=os.environ.get("S3_ACCESS_KEY_ID"),
        aws_secret_access_key=os.environ.get("S3_SECRET_ACCESS_KEY"),
        config=Config(signature_version="s3v4"),
    )


def _is_s3():
    return os.environ.get("STORAGE", "local") == "s3"


def backup(target):
    target.mkdir(parents=True, exist_ok=False)
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(target / "db.dump"), database_url()], check=True)
    files = target / "bucket"
    manifest = {}
    if _is_s3():
        client, bucket = s3_client(), os.environ.get("S3_BUCKET", "contest")
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                path = files / item["Key"]
                path.parent.mkdir(parents=True, exist_ok=True)
                client.download_file(bucket, item["Key"], str(path))
                manifest[item["Key"]] = sha256(path)
    else:
        media = Path(os.environ.get("MEDIA_ROOT", "media"))
        if media.exists():
            shutil.copytree(media, files)
        for path in sorted(p for p in files.rglob("*") if p.is_file()):
            manifest[path.relative_to(files).as_posix()] = sha256(path)
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(source, *, database, bucket=None):
    manifest = json.loads((source / "manifest.json").read_text())
    admin_url = database_url("postgres")
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{database}"'], check=True)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", database_url(database), str(source / "db.dump")],
        check=True,
    )
    files = source / "bucket"
    if _is_s3():
        client, bucket = s3_client(), bucket or os.environ.get("S3_BUCKET", "contest")
        existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
        if bucket not in existing:
            client.create_bucket(Bucket=bucket)
        for key in manifest:
            client.upload_file(str(files / key), bucket, key)
        for key, digest in manifest.items():
            copy = source / "verify.tmp"
            client.download_file(bucket, key, str(copy))
            if sha256(copy) != digest:
                raise SystemExit(f"restored object {key} differs from the backup")
            copy.unlink()
    else:
        media = Path(os.environ.get("MEDIA_ROOT", "media"))
        shutil.copytree(files, media, dirs_exist_ok=True)
    return manifest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("backup").add_argument("dir", type=Path)
    restore_parser = sub.add_parser("restore")
    restore_parser.add_argument("dir", type=Path)
    restore_parser.add_argument("--database", required=True, help="name of the new database")
    restore_parser.add_argument("--bucket", help="bucket to restore into (default S3_BUCKET)")
    args = parser.parse_args(argv)
    if args.command == "backup":
        manifest = backup(args.dir)
    else:
        manifest = restore(args.dir, database=args.database, bucket=args.bucket)
    sys.stdout.write(f"{args.command}: database and {len(manifest)} files\n")


if __name__ == "__main__":
    main()
