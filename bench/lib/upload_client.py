"""The upload benchmark's tus client: it creates an upload, and sends a file from a child
process (this file run as a script) so that it can be killed mid-upload.

Only the standard library here: the child starts inside the timed upload.
"""

import base64
import http.client
import os
import signal
import subprocess
import sys

SEND_BLOCK = 1024 * 1024
# While it may be killed, the client reports its count every block this size: the count
# includes a block before it is handed to the kernel, so resent_bytes can be overstated by
# at most this much (never understated).
REPORT_BLOCK = 64 * 1024


def tus_headers(cookie, csrf, **extra):
    return {"Tus-Resumable": "1.0.0", "Cookie": cookie, "X-CSRFToken": csrf, **extra}


def client_main(argv):
    """Upload PATH (from the server's offset if LOCATION is given); print bytes sent after each block."""
    port, path, location, cookie, csrf, chunk = argv[0], argv[1], argv[2], argv[3], argv[4], int(argv[5])
    report = argv[6] == "report"
    block_size = REPORT_BLOCK if report else SEND_BLOCK
    size = os.path.getsize(path)
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
    conn.request("HEAD", location, headers=tus_headers(cookie, csrf))
    response = conn.getresponse()
    response.read()
    offset = int(response.headers["Upload-Offset"])
    sent = 0
    print(f"start {offset}", flush=True)
    with open(path, "rb") as source:
        while offset < size:
            length = min(chunk, size - offset)
            conn.putrequest("PATCH", location, skip_accept_encoding=True)
            headers = tus_headers(
                cookie,
                csrf,
                **{
                    "Content-Type": "application/offset+octet-stream",
                    "Upload-Offset": str(offset),
                    "Content-Length": str(length),
                },
            )
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            source.seek(offset)
            remaining = length
            while remaining:
                block = source.read(min(block_size, remaining))
                sent += len(block)
                if report:
                    print(f"sent {sent}", flush=True)
                conn.sock.sendall(block)
                remaining -= len(block)
            response = conn.getresponse()
            response.read()
            if response.status != 204:
                print(f"error {response.status} {response.reason}", flush=True)
                sys.exit(1)
            offset = int(response.headers["Upload-Offset"])
    print(f"sent {sent}", flush=True)


def create_upload(port, cookie, csrf, entry, size):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    metadata = ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}"
        for key, value in {"filename": "bench.mp4", "filetype": "video/mp4", "entry": entry, "kind": "video"}.items()
    )
    conn.request(
        "POST",
        "/uploads/",
        headers=tus_headers(cookie, csrf, **{"Upload-Length": str(size), "Upload-Metadata": metadata}),
    )
    response = conn.getresponse()
    response.read()
    if response.status != 201:
        raise SystemExit(f"creation failed: {response.status} {response.reason}")
    return response.headers["Location"]


def run_client(port, path, location, cookie, csrf, chunk, *, kill_at=None):
    """Run the client; with kill_at, SIGKILL it once it reports that many bytes sent. Return bytes sent."""
    process = subprocess.Popen(
        [
            sys.executable,
            __file__,
            str(port),
            str(path),
            location,
            cookie,
            csrf,
            str(chunk),
            "report" if kill_at is not None else "quiet",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    sent = 0
    for line in process.stdout:
        word, _, value = line.strip().partition(" ")
        if word == "sent":
            sent = int(value)
            if kill_at is not None and sent >= kill_at:
                process.send_signal(signal.SIGKILL)
                break
        elif word == "error":
            raise SystemExit(f"client failed: {line.strip()}")
    # Lines printed before the kill and still in the pipe count too.
    for line in process.stdout:
        word, _, value = line.strip().partition(" ")
        if word == "sent":
            sent = int(value)
    process.wait()
    return sent


if __name__ == "__main__":
    client_main(sys.argv[1:])
