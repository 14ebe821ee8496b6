"""Runaway queries: how soon after its time limit a runaway query's core is free again.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_runaway.py --size 100k --timeout 5

Serves the same data with `ndsgraph serve` twice: with query worker processes (the default)
and with NDSGRAPH_EVALUATOR=threads (the earlier design, where a timed-out evaluation is
abandoned). Sends as many runaway queries at once as there are query slots, then samples the
CPU time of the server's processes every 0.1 s; prints when each answer came and how long
after the last answer the server stayed busy (above a tenth of a core).
"""

import argparse
import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import bulk_loaded_store, free_port, wait_port
from ndsgraph_server.processes import cpu_seconds, processes_serving

ROOT = Path(__file__).resolve().parents[1]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SLOTS = 4


def ask(url: str) -> tuple[int, float]:
    started = time.monotonic()
    data = urllib.parse.urlencode({"query": RUNAWAY}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=600) as r:
            status = r.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


def busy_after(store: Path, answered: float, watch: float) -> float | None:
    """Seconds after ``answered`` until the server used less than a tenth of a core over
    0.1 s, or None if it stayed busy for all of ``watch`` seconds."""
    pids = processes_serving(str(store))
    last = cpu_seconds(pids)
    end = time.monotonic() + watch
    while time.monotonic() < end:
        time.sleep(0.1)
        pids = processes_serving(str(store))
        now = cpu_seconds(pids)
        if now - last < 0.01:
            return max(0.0, time.monotonic() - answered)
        last = now
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", choices=["100k", "1m", "5m"])
    parser.add_argument("--timeout", type=float, default=5, help="NDSGRAPH_QUERY_TIMEOUT")
    parser.add_argument("--watch", type=float, default=20, help="seconds to watch the CPU")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ndsgraph-runaway-"))
    atexit.register(shutil.rmtree, work, True)
    store = bulk_loaded_store(work, args.size)
    print(
        f"# {args.size}; {SLOTS} runaway queries at once; time limit {args.timeout:g} s; "
        f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}"
    )
    print("| evaluator | answers (status: s) | server busy after the last answer (s) |")
    print("|---|---|---|")
    for evaluator in ("processes", "threads"):
        port = free_port()
        env = {
            **os.environ,
            "NDSGRAPH_QUERY_TIMEOUT": str(args.timeout),
            # every ad-hoc slot takes a runaway query; the one worker more is the pages'
            "NDSGRAPH_MAX_RUNNING_QUERIES": str(SLOTS + 1),
            "NDSGRAPH_MAX_ADHOC_QUERIES": str(SLOTS),
            "NDSGRAPH_EVALUATOR": evaluator,
        }
        command = [sys.executable, "-m", "ndsgraph", "--store", str(store), "serve", "--no-load"]
        server = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_port(port, server)
            url = f"http://127.0.0.1:{port}/sparql"
            with ThreadPoolExecutor(SLOTS) as pool:
                answers = list(pool.map(ask, [url] * SLOTS))
            answered = time.monotonic()
            busy = busy_after(store, answered, args.watch)
            shown = ", ".join(f"{status}: {seconds:.2f}" for status, seconds in sorted(answers))
            after = f"{busy:.2f}" if busy is not None else f"> {args.watch:g} (still busy)"
            print(f"| {evaluator} | {shown} | {after} |", flush=True)
        finally:
            server.kill()  # threads: the abandoned evaluations would keep it busy for minutes
            server.wait()
            for pid in processes_serving(str(store)):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
