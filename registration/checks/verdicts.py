"""What a check takes (the limits) and what it gives (a verdict)."""

from dataclasses import dataclass, field
from pathlib import Path

from .filetypes import ALL_TYPES
from .messages import verdict_message


@dataclass(frozen=True)
class Limits:
    """What a file may weigh and contain; built from the contest's RegistrationSettings."""

    max_bytes: int
    max_seconds: int | None = None
    # A presentation is a zip: bound what it may expand to and how hard it may be compressed.
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_zip_entries: int = 10_000
    max_compression_ratio: int = 100
    # External tools (LibreOffice, ffprobe, ffmpeg) are killed after this many seconds.
    tool_timeout: int = 180


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check. `message` is rendered in the active language each time it is read."""

    accepted: bool
    code: str
    params: dict = field(default_factory=dict)
    detected_type: str = ""
    page_count: int | None = None
    duration: float | None = None
    video_codec: str = ""
    audio_codec: str = ""
    width: int | None = None
    height: int | None = None
    # Derived files written into the caller's work directory, when it gave one.
    preview_path: Path | None = None
    poster_path: Path | None = None
    # A copy without the properties that name the author (blind rounds), when the file has any.
    blind_path: Path | None = None

    @property
    def message(self):
        return verdict_message(self.code, self.params)

    @property
    def mime_type(self):
        return ALL_TYPES.get(self.detected_type, ("application/octet-stream", "bin"))[0]


def accepted(**facts):
    return Verdict(accepted=True, code="ok", **facts)


def refused(code, detected_type="", **params):
    return Verdict(accepted=False, code=code, params=params, detected_type=detected_type)
