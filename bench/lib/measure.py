"""Measurements of processes, from /proc: CPU time, resident memory and its peak, percentiles,
and a disk baseline."""

import os
import time
from pathlib import Path

from bench.lib.server import children


def cpu_seconds(pids):
    """User + system CPU seconds of these processes so far (a process gone counts nothing)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def status_kb(pid, field):
    """A memory figure (VmRSS, VmHWM) of a process, in KB; `pid` may be "self"."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def reset_peak(pid):
    """Reset the kernel's peak RSS counter (VmHWM) of a process to its current RSS."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def disk_write_seconds(source, target_dir):
    """Write the same bytes straight to the same disk, in the server's block size; return the time taken."""
    target = Path(target_dir) / "disk-baseline.bin"
    started = time.perf_counter()
    with open(source, "rb") as src, open(target, "wb") as dst:
        while block := src.read(1024 * 1024):
            dst.write(block)
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def process_groups(server, redis):
    """A server's processes by group: gunicorn (master and workers), PostgreSQL, Redis."""
    postgres = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    postgres.append(int(entry.name))
            except OSError:
                continue
    return {"gunicorn": [server.pid, *children(server.pid)], "postgres": postgres, "redis": [redis.process.pid]}


class Measure:
    """Requests, seconds and CPU seconds by process group, summed over the slices of one endpoint."""

    def __init__(self):
        self.requests = 0
        self.seconds = 0.0
        self.cpu = {}

    def slice(self, groups, run):
        """Run `run()` (returning requests/s) once and add what it did and what `groups` spent."""
        before = {name: cpu_seconds(pids) for name, pids in groups.items()}
        started = time.monotonic()
        rate = run()
        elapsed = time.monotonic() - started
        self.requests += rate * elapsed
        self.seconds += elapsed
        for name, pids in groups.items():
            self.cpu[name] = self.cpu.get(name, 0) + cpu_seconds(pids) - before[name]

    @property
    def rate(self):
        return self.requests / self.seconds

    def cpu_ms(self):
        return {name: seconds * 1000 / max(1, self.requests) for name, seconds in self.cpu.items()}

    def cpu_text(self):
        return ", ".join(f"{name} {ms:.2f}" for name, ms in self.cpu_ms().items())
