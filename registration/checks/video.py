"""Videos: what ffprobe reads of them (duration, codecs, size) and a poster frame by ffmpeg."""

import json
import logging
import math
from dataclasses import replace
from pathlib import Path

from .tools import ToolError, run_tool
from .verdicts import Verdict, accepted, refused

logger = logging.getLogger(__name__)


def probe_video(path, *, timeout):
    """ffprobe's view of the file: format and streams as a dict."""
    command = [
        "ffprobe",
        "-v",
        "error",
        "-show_entries",
        "format=format_name,duration:stream=codec_type,codec_name,width,height,duration",
        "-of",
        "json",
        str(path),
    ]
    output = run_tool(command, timeout=timeout)
    try:
        return json.loads(output or b"{}")
    except json.JSONDecodeError as exc:
        raise ToolError(f"ffprobe printed no JSON: {exc}") from None


def check_video(path, limits, *, detected_type):
    """Probe duration, codecs and resolution; refuse what ffprobe cannot read or what is too long."""
    try:
        info = probe_video(path, timeout=limits.tool_timeout)
    except ToolError as exc:
        logger.info("ffprobe failed for %s: %s", path, exc)
        return refused("video_unreadable", detected_type=detected_type)
    streams = info.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if video is None:
        return refused("video_no_picture", detected_type=detected_type)
    duration = _number(info.get("format", {}).get("duration")) or _number(video.get("duration"))
    if not duration or duration <= 0:
        return refused("video_unreadable", detected_type=detected_type)
    # A limit is a limit: 300.4 s is over "at most 5 minutes". The message quotes the
    # duration rounded up (5 min 01 s), never down to the limit it broke.
    if limits.max_seconds is not None and duration > limits.max_seconds:
        return Verdict(
            accepted=False,
            code="video_too_long",
            params={"seconds": math.ceil(duration), "limit": limits.max_seconds},
            detected_type=detected_type,
            duration=duration,
            video_codec=video.get("codec_name", ""),
            audio_codec=(audio or {}).get("codec_name", ""),
            width=video.get("width"),
            height=video.get("height"),
        )
    return accepted(
        detected_type=detected_type,
        duration=duration,
        video_codec=video.get("codec_name", ""),
        audio_codec=(audio or {}).get("codec_name", ""),
        width=video.get("width"),
        height=video.get("height"),
    )


POSTER_SIZE = (640, 360)


def make_poster(path, target, *, duration, timeout):
    """One frame from the first seconds of the video, resized with Pillow and saved as WebP."""
    from io import BytesIO

    from PIL import Image, UnidentifiedImageError

    at = min(1.0, duration / 2) if duration else 0
    command = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-ss",
        f"{at:.3f}",
        "-i",
        str(path),
        "-frames:v",
        "1",
        "-f",
        "image2pipe",
        "-c:v",
        "png",
        "-",
    ]
    frame = run_tool(command, timeout=timeout)
    if not frame:
        raise ToolError("ffmpeg decoded no frame")
    try:
        with Image.open(BytesIO(frame)) as image:
            image = image.convert("RGB")
            image.thumbnail(POSTER_SIZE, Image.Resampling.LANCZOS)
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            image.save(target, "WEBP", quality=80)
    except (UnidentifiedImageError, OSError) as exc:
        raise ToolError(f"frame unreadable: {exc}") from None
    return Path(target)


def with_poster(path, verdict, limits, work):
    """The verdict of an accepted video with the path of its poster, or refused when no frame decodes."""
    poster = work / "poster.webp"
    try:
        make_poster(path, poster, duration=verdict.duration or 0, timeout=limits.tool_timeout)
    except ToolError as exc:
        # ffprobe read the header but no frame decodes: the picture data is damaged.
        logger.info("poster failed for %s: %s", path, exc)
        return refused("video_unreadable", detected_type=verdict.detected_type)
    return replace(verdict, poster_path=poster)


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
