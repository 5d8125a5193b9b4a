"""The one allow-list of file types, and the type of a file decided by its first bytes.

The allow-list is shared by the upload endpoint, the checks and the file-serving view. The
type comes from the content (magic bytes via `filetype`), never from the name.
"""

import filetype

MATERIALS = "materials"
VIDEO = "video"
KINDS = (MATERIALS, VIDEO)

# The one allow-list shared by the upload endpoint, the checks and the file-serving view:
# detected type → (MIME type, extension used for storage names and downloads).
MATERIAL_TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "ppt": ("application/vnd.ms-powerpoint", "ppt"),
}
VIDEO_TYPES = {
    "mp4": ("video/mp4", "mp4"),
    "mov": ("video/quicktime", "mov"),
    "webm": ("video/webm", "webm"),
    "mkv": ("video/x-matroska", "mkv"),
    "avi": ("video/x-msvideo", "avi"),
    "m4v": ("video/x-m4v", "m4v"),
    "3gp": ("video/3gpp", "3gp"),
    "mpg": ("video/mpeg", "mpg"),
    "wmv": ("video/x-ms-wmv", "wmv"),
    "flv": ("video/x-flv", "flv"),
}
ALLOWED_TYPES = {MATERIALS: MATERIAL_TYPES, VIDEO: VIDEO_TYPES}
ALL_TYPES = {**MATERIAL_TYPES, **VIDEO_TYPES, "webp": ("image/webp", "webp")}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# How much of the head the type sniffers look at (filetype reads at most 8 KiB).
HEAD_BYTES = 8192


def read_head(path, size=HEAD_BYTES):
    with open(path, "rb") as fh:
        return fh.read(size)


def sniff_type(path):
    """The file's type by its first bytes: an extension-like name ("pdf", "zip", "mp4", "exe"…) or ""."""
    head = read_head(path)
    if not head:
        return ""
    if head.startswith(OLE2_MAGIC):
        # Legacy Office files share the OLE2 container; filetype tells Word and Excel apart
        # from their first sector, and what is neither is taken for PowerPoint, which
        # LibreOffice must then open for the preview (a damaged one is refused there).
        kind = filetype.guess(head)
        return kind.extension if kind and kind.extension in {"doc", "xls"} else "ppt"
    # PDF readers accept a header anywhere in the first KiB, and so do we.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    kind = filetype.guess(head)
    if kind is None:
        # ISO base media files whose brands filetype does not list (iso5, dash, avc1…).
        if head[4:8] == b"ftyp":
            return "mp4"
        return ""
    if kind.extension in {"zip", "docx", "xlsx", "pptx", "odp", "odt", "ods", "epub"}:
        return "zip"
    return kind.extension
