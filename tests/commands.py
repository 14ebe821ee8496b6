"""Run the ndsgraph command as a real process, as a person types it: its output as text, and
the write token only when a test gives one (never the one the environment happens to hold)."""

import os
import subprocess
import sys
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "NDSGRAPH_TOKEN"}


def ndsgraph(
    store: Path | str, *args: str, token: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``ndsgraph --store STORE ARGS…``, with ``token`` as NDSGRAPH_TOKEN if given."""
    env = {**ENV, "NDSGRAPH_TOKEN": token} if token else ENV
    return subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a failing command writes on stderr (no traceback)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]
