"""The external programs the checks run (LibreOffice, ffprobe, ffmpeg), killed whole on timeout."""

import os
import signal
import subprocess
from pathlib import Path


class ToolError(Exception):
    """An external program failed, timed out or is missing."""


def run_tool(command, *, timeout, env=None):
    """Run a tool in its own process group and kill the whole group on timeout.

    LibreOffice forks (oosplash → soffice.bin); killing only the direct child would leave
    the converter running.
    """
    try:
        process = subprocess.Popen(  # noqa: S603 - fixed argument lists, no shell
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env=env,
        )
    except FileNotFoundError as exc:
        raise ToolError(f"{command[0]} not found") from exc
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ToolError(f"{Path(command[0]).name} timed out after {timeout} s") from None
    if process.returncode != 0:
        raise ToolError(
            f"{Path(command[0]).name} exited {process.returncode}: {stderr[-500:].decode(errors='replace')}"
        )
    return stdout
