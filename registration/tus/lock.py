"""One PATCH at a time per upload, across processes."""

import time
import uuid

from django.core.cache import cache

from .protocol import TusError


class UploadLock:
    """One PATCH at a time per upload, across processes (the cache is Redis in production).

    The lock expires on its own if the process holding it dies; a PATCH in progress keeps it
    alive by touching it while it streams.
    """

    TTL = 60
    REFRESH = 10

    def __init__(self, upload_id):
        self.key = f"registration:tus-lock:{upload_id}"
        self.token = uuid.uuid4().hex
        self.refreshed = 0.0

    def acquire(self):
        if not cache.add(self.key, self.token, timeout=self.TTL):
            raise TusError(423, "Another request is writing to this upload; try again in a moment.")
        self.refreshed = time.monotonic()

    def keep_alive(self):
        now = time.monotonic()
        if now - self.refreshed > self.REFRESH:
            cache.touch(self.key, timeout=self.TTL)
            self.refreshed = now

    def release(self):
        if cache.get(self.key) == self.token:
            cache.delete(self.key)

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()
