"""The processes of a running `ndsgraph serve`, for operators, tests and benchmarks that
watch them: which they are, and the CPU time they used (Linux /proc)."""

import os
from pathlib import Path

LAUNCH = "NDSGRAPH_SERVE_LAUNCH"  # what serve() tells its workers: store, host, open writes
_TICKS = os.sysconf("SC_CLK_TCK")


def processes_serving(location: str) -> list[int]:
    """The processes of `ndsgraph serve` on ``location``: the server, its HTTP workers, the
    fork server and the query workers, known by the launch settings they inherit (for
    operators, tests and benchmarks that watch them; Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        launched = any(
            line.startswith(f"{LAUNCH}=".encode()) and location.encode() in line
            for line in environ.split(b"\0")
        )
        if launched or (location.encode() in cmdline and b"serve" in cmdline):
            found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """The user and system CPU time the processes have used (those that ended meanwhile
    count for nothing)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / _TICKS
