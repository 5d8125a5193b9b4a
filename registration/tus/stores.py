"""Where the bytes of an unfinished upload go, through Django's default storage.

* `LocalChunkStore` — storages with a filesystem path (STORAGE=local): one partial file,
  written in place at the offset and renamed to its final name on completion (no copy).
* `PartsChunkStore` — every other storage (S3): each PATCH becomes one object
  `uploads/<id>/<offset>`; completion concatenates them into the final object, server-side
  with S3's multipart UploadPartCopy when every part but the last is at least 5 MiB (the
  widget's chunk size is), streaming part after part otherwise. S3 objects cannot be appended
  to, and a multipart upload cannot keep a part shorter than 5 MiB that a dropped connection
  cut short, so separate objects are what lets an interrupted PATCH still count.
"""

import os
import tempfile
import uuid
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from .protocol import TusError

# S3 refuses multipart parts under 5 MiB, the last one excepted.
S3_MIN_PART = 5 * 1024 * 1024


@dataclass
class Written:
    """What one PATCH added: the byte count and whether the checksum (if any) matched."""

    count: int
    checksum_ok: bool = True


def _storage_has_path(storage):
    try:
        storage.path("x")
    except NotImplementedError:
        return False
    return True


def chunk_store(storage=None):
    storage = storage or default_storage
    return LocalChunkStore(storage) if _storage_has_path(storage) else PartsChunkStore(storage)


def partial_name(upload_id):
    return f"uploads/{uuid.UUID(str(upload_id)).hex}"


class LocalChunkStore:
    """One partial file per upload, appended in place; renamed (not copied) when complete."""

    def __init__(self, storage):
        self.storage = storage

    def create(self, upload):
        name = partial_name(upload.id) + ".part"
        path = self.storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # O_EXCL: an upload id is never reused, so an existing file means something is wrong.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return name

    def append(self, upload, blocks, *, checksum=None, lock=None):
        path = self.storage.path(upload.storage_name)
        digest = checksum[0]() if checksum else None
        count = 0
        with open(path, "r+b") as fh:
            fh.seek(upload.offset)
            for block in blocks:
                fh.write(block)
                count += len(block)
                if digest:
                    digest.update(block)
                if lock:
                    lock.keep_alive()
            if digest and digest.digest() != checksum[1]:
                fh.truncate(upload.offset)
                return Written(0, checksum_ok=False)
            # Bytes past the new offset can only be left over from a PATCH whose row update
            # never happened; they are not part of the upload.
            fh.truncate(upload.offset + count)
        return Written(count)

    def assemble(self, upload, final_name):
        """Move the finished partial file to `final_name`; return the name actually used."""
        final_name = self.storage.get_available_name(final_name)
        target = self.storage.path(final_name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(self.storage.path(upload.storage_name), target)
        return final_name

    def discard(self, upload):
        if upload.storage_name:
            self.storage.delete(upload.storage_name)

    def names(self, upload):
        return [upload.storage_name] if upload.storage_name else []


class PartsChunkStore:
    """Each PATCH stored as its own object; the parts are joined on completion."""

    def __init__(self, storage):
        self.storage = storage

    def create(self, upload):
        return partial_name(upload.id) + "/"

    def _part_name(self, upload, offset):
        return f"{upload.storage_name}{offset:015d}"

    def parts(self, upload):
        """(offset, name, size) of the parts that make up bytes 0..offset, in order."""
        try:
            _, files = self.storage.listdir(upload.storage_name)
        except FileNotFoundError:
            return []
        by_offset = {}
        for filename in files:
            if filename.isdigit():
                by_offset[int(filename)] = upload.storage_name + filename
        chain, position = [], 0
        while position < upload.offset and position in by_offset:
            name = by_offset[position]
            size = self.storage.size(name)
            if size == 0:
                break
            chain.append((position, name, size))
            position += size
        return chain

    def append(self, upload, blocks, *, checksum=None, lock=None):
        digest = checksum[0]() if checksum else None
        count = 0
        # Spooled to local disk first, so that a connection dropped mid-chunk still leaves a
        # part to keep, and memory stays one block whatever the chunk size.
        with tempfile.TemporaryFile(prefix="tus-part-") as spool:
            for block in blocks:
                spool.write(block)
                count += len(block)
                if digest:
                    digest.update(block)
                if lock:
                    lock.keep_alive()
            if digest and digest.digest() != checksum[1]:
                return Written(0, checksum_ok=False)
            if count == 0:
                return Written(0)
            spool.seek(0)
            name = self._part_name(upload, upload.offset)
            # A part left at this offset by a PATCH whose row update failed is stale.
            self.storage.delete(name)
            saved = self.storage.save(name, File(spool, name=name))
            if saved != name:
                self.storage.delete(saved)
                raise TusError(500, "The storage renamed an upload part.")
        return Written(count)

    def assemble(self, upload, final_name):
        parts = self.parts(upload)
        if sum(size for _, _, size in parts) != upload.length:
            raise TusError(500, "Upload parts are missing.")
        final_name = self.storage.get_available_name(final_name)
        if _is_s3(self.storage) and all(size >= S3_MIN_PART for _, _, size in parts[:-1]):
            _s3_concatenate(self.storage, [name for _, name, _ in parts], final_name)
        else:
            with _ConcatenatedReader(self.storage, [name for _, name, _ in parts]) as reader:
                final_name = self.storage.save(final_name, File(reader, name=final_name))
        self.discard(upload)
        return final_name

    def discard(self, upload):
        for name in self.names(upload):
            self.storage.delete(name)

    def names(self, upload):
        if not upload.storage_name:
            return []
        try:
            _, files = self.storage.listdir(upload.storage_name)
        except FileNotFoundError:
            return []
        return [upload.storage_name + filename for filename in files]


class _ConcatenatedReader:
    """A read-only, forward-only file object over several stored files, one after the other.

    boto3 uploads a non-seekable stream in multipart chunks of its own size, so memory stays
    bounded by its transfer configuration, not by the file.
    """

    def __init__(self, storage, names):
        self.storage = storage
        self.names = list(names)
        self.current = None
        self.closed = False
        self.size = sum(storage.size(name) for name in names)

    def readable(self):
        return True

    def seekable(self):
        return False

    def read(self, size=-1):
        chunks = []
        wanted = size if size and size > 0 else None
        while wanted is None or wanted > 0:
            if self.current is None:
                if not self.names:
                    break
                self.current = self.storage.open(self.names.pop(0), "rb")
            data = self.current.read(wanted if wanted is not None else -1)
            if not data:
                self.current.close()
                self.current = None
                continue
            chunks.append(data)
            if wanted is not None:
                wanted -= len(data)
        return b"".join(chunks)

    def close(self):
        if self.current is not None:
            self.current.close()
            self.current = None
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _is_s3(storage):
    return hasattr(storage, "bucket") and hasattr(storage, "connection")


def _s3_concatenate(storage, names, final_name):
    """Join objects server-side with a multipart upload whose parts are copies of them."""
    client = storage.connection.meta.client
    bucket = storage.bucket_name
    key = storage._normalize_name(final_name)
    created = client.create_multipart_upload(Bucket=bucket, Key=key, ACL=storage.default_acl or "private")
    upload_id = created["UploadId"]
    try:
        parts = []
        for number, name in enumerate(names, start=1):
            copied = client.upload_part_copy(
                Bucket=bucket,
                Key=key,
                UploadId=upload_id,
                PartNumber=number,
                CopySource={"Bucket": bucket, "Key": storage._normalize_name(name)},
            )
            parts.append({"PartNumber": number, "ETag": copied["CopyPartResult"]["ETag"]})
        client.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts})
    except Exception:
        client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
        raise


def delete_after_commit(storage, names):
    """Remove stored files once the deletion of their row is committed (never before: a rollback
    keeps the row, and its files with it)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def discard_after_commit(upload):
    """Forget an unfinished upload's bytes once the deletion of its row is committed."""
    store = chunk_store()
    delete_after_commit(store.storage, store.names(upload))
