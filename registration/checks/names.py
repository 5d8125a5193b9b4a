"""Uploaded file names, made fit for display (never for storage: stored files get random names)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def display_name(name, *, max_length=120):
    """A file name fit for display: last path segment, no control or format characters.

    Format characters (Unicode category Cf) include the right-to-left override that makes
    "gpj.exe" read as "exe.jpg"; they go too. The result is only ever shown, never used as
    a storage path: stored files get random names.
    """
    name = str(name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = re.sub(r"[\t\n\r\v\f]", " ", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"})
    name = _SPACES.sub(" ", name).strip().strip(".")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: max_length - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:max_length].rstrip()
    return name or "file"
