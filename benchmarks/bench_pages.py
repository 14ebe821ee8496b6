"""Pages for people (issue 16): how long each kind of page takes to answer on a national-size
landscape (goal: 200 ms at 1M), with the answer cache off (every request evaluated anew, the
first visit of the day) and on (the second visit).

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_pages.py --size 1m
    .venv/bin/python benchmarks/bench_pages.py --store /path/to/kept/store   # reuse one
    .venv/bin/python benchmarks/bench_pages.py --store ... --only register   # some pages

Serves the store with `ndsgraph serve` on 127.0.0.1 (its start-up judges the store once if it
was never judged), then asks each page for several organisations, building blocks, standards
and suppliers; prints the median and the slowest answer per kind of page, in milliseconds, and
which page was the slowest (cache off). `--repeat N` visits each page N times with the cache
off and takes each page's median: one visit of a page is at the mercy of a busy machine;
`--each` prints every page's own time (cache off) below the table.
Before measuring, each server is asked for one page that is not measured (`/`): the first
page after a start compiles templates and imports modules lazily, which is not any page's time.
Everything stays on this machine.
"""

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from common import bulk_loaded_store, call, free_port, stop, wait_port

ROOT = Path(__file__).resolve().parents[1]
TOOI = "https://identifier.overheid.nl/tooi/id/gemeente/"
ORGANISATIONS = ("gm0034", "gm0363", "gm0599", "gm0518", "gm0344")
BLOCKS = ("digid", "nlx", "zgw-apis", "berichtenbox", "pkioverheid")
STANDARDS = ("dnssec", "digikoppeling", "saml", "rest-api-design-rules", "tls")
SUPPLIERS = ("centric", "decos", "capgemini")


def pages() -> dict[str, list[str]]:
    """Each kind of page, for several resources of that kind."""
    quoted = lambda iri: urllib.parse.quote(iri, safe="")  # noqa: E731
    return {
        "organisation profile": [f"/doc?uri={quoted(TOOI + o)}" for o in ORGANISATIONS],
        "building block profile": [f"/doc/bouwsteen/{b}" for b in BLOCKS],
        "standard profile": [f"/doc/standaard/{s}" for s in STANDARDS],
        "supplier profile": [f"/doc/leverancier/{s}" for s in SUPPLIERS],
        "register, one organisation": [
            f"/register?organisation={quoted(TOOI + o)}" for o in ORGANISATIONS
        ],
        "register, unexplained Violations of gemeenten in exit-by-design": [
            "/register?severity=Violation&explained=false&organisationType=gemeente"
            "&framework=exit-by-design"
        ],
        "leg uit statement (HTML)": [f"/organisatie/{o}/leg-uit?jaar=2026" for o in ORGANISATIONS],
        "dependency picture": [f"/picture?uri={quoted(BLOCK + b)}" for b in BLOCKS],
        "landscape picture": [f"/picture?uri={quoted(TOOI + o)}" for o in ORGANISATIONS],
    }


BLOCK = "https://w3id.org/ndsgraph/id/bouwsteen/"


def timed(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    answer = call(url, headers={"Accept": "text/html"}, timeout=600)
    return (time.perf_counter() - started) * 1000, answer.status


def serve(store: Path, cache: bool) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "NDSGRAPH_ANSWER_CACHE_BYTES": str(256 * 2**20 if cache else 0)}
    process = subprocess.Popen(
        [sys.executable, "-m", "ndsgraph", "--store", str(store), "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_port(port, process)
    return process, f"http://127.0.0.1:{port}"


def measure(store: Path, only: str, repeat: int = 1, each: bool = False) -> None:
    print(
        "| page | resources | cache off: median, slowest ms | cache on, second visit: median ms "
        "| slowest page (cache off) |"
    )
    print("|---|---|---|---|---|")
    wanted = {kind: paths for kind, paths in pages().items() if only in kind}
    cold = _visits(store, False, wanted, repeat, statistics.median)  # one server at a time:
    warm = _visits(store, True, wanted, 2, lambda times: times[-1])  # it locks its store
    for kind, paths in wanted.items():
        failed = [p for p, (_, status) in zip(paths, cold[kind], strict=True) if status != 200]
        note = f" (not 200: {', '.join(failed)})" if failed else ""
        times = [ms for ms, _ in cold[kind]]
        slowest = paths[times.index(max(times))]
        print(
            f"| {kind}{note} | {len(paths)} | {statistics.median(times):.0f}, "
            f"{max(times):.0f} | {statistics.median(ms for ms, _ in warm[kind]):.0f} "
            f"| {urllib.parse.unquote(slowest)} |",
            flush=True,
        )
    for kind, paths in wanted.items() if each else ():
        for path, (ms, _) in zip(paths, cold[kind], strict=True):
            print(f"{kind}: {urllib.parse.unquote(path)} {ms:.0f} ms (cache off)")


def _visits(
    store: Path,
    cache: bool,
    wanted: dict[str, list[str]],
    visits: int,
    pick: Callable[[list[float]], float],
) -> dict[str, list[tuple[float, int]]]:
    """Each page's answer time of ``visits`` visits (the one ``pick`` takes) and its last
    status."""
    process, base = serve(store, cache)
    try:
        timed(base + "/")  # start-up work (templates, lazy imports): no page's time
        answers = {
            kind: [[timed(base + path) for _ in range(visits)] for path in paths]
            for kind, paths in wanted.items()
        }
        return {
            kind: [(pick([ms for ms, _ in found]), found[-1][1]) for found in pages]
            for kind, pages in answers.items()
        }
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m", choices=["100k", "1m", "5m"])
    parser.add_argument("--store", type=Path, help="an existing store to serve instead")
    parser.add_argument("--only", default="", help="only the pages whose kind contains this")
    parser.add_argument(
        "--repeat", type=int, default=1, help="visits per page with the cache off (median)"
    )
    parser.add_argument("--each", action="store_true", help="print every page's time too")
    args = parser.parse_args()
    if args.store:
        store = args.store
    else:
        work = Path(tempfile.mkdtemp(prefix="ndsgraph-pages-"))
        atexit.register(shutil.rmtree, work, True)
        store = bulk_loaded_store(work, args.size)
    print(f"# pages at {args.store or args.size}; {time.strftime('%Y-%m-%d')}")
    measure(store, args.only, args.repeat, args.each)


if __name__ == "__main__":
    main()
