"""ZIP archives streamed to the browser while they are written, never built in memory.

`zipfile` writes to any object with `write()`: with an unseekable sink it puts each member's
sizes and CRC in a data descriptor after the data, which every unzip tool reads. The sink keeps
what was written since the last yield, so memory holds one read block at a time whatever the
size of the archive. PDFs and images are compressed already: members are stored as they are.
"""

import zipfile

READ_BLOCK = 256 * 1024


class _Sink:
    def __init__(self):
        self.chunks = []
        self.position = 0

    def write(self, data):
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def stream_zip(members, *, block=READ_BLOCK):
    """Yield the bytes of a ZIP of `members`, pairs (name in the archive, binary file to read)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for name, source in members:
            with source, archive.open(name, mode="w", force_zip64=True) as target:
                while data := source.read(block):
                    target.write(data)
                    yield sink.take()
            yield sink.take()
    yield sink.take()
