"""Endpoint throughput: 8 concurrent clients on 127.0.0.1, a bounded number of requests each.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_throughput.py --size 100k --requests 200

Serves the same data (`ndsgraph generate --size …`, bulk-loaded) with `ndsgraph serve`
(Granian, embedded store) and `oxigraph serve`, and, when the optional peer is installed
(`pip install -e '.[bench]'`), with rdflib-endpoint. Each client sends POSTed SPARQL for a
lookup query and for the adoption query; it prints requests per second per server and query.
"""

import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import bulk_loaded_store, free_port, stop, wait_port

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ndsgraph.sparql import queries  # noqa: E402
from ndsgraph.store import bundled  # noqa: E402

LOOKUP = "SELECT ?p ?o WHERE { <https://w3id.org/ndsgraph/id/bouwsteen/digid> ?p ?o }"
CLIENTS = 8


def post(url: str, query: str, timeout: float = 600, fresh: bool = False) -> int:
    """Send one query; the number of solutions in the answer. ``fresh`` asks ndsgraph to
    evaluate anew instead of answering from its cache (other servers ignore it)."""
    headers = {
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json",
    }
    if fresh:
        headers["Cache-Control"] = "no-cache"
    request = urllib.request.Request(url, data=query.encode(), method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return len(json.load(response)["results"]["bindings"])


def throughput(
    url: str, query: str, requests: int, budget: float, fresh: bool = False
) -> tuple[float, int | None]:
    """Requests per second with CLIENTS threads, each sending ``requests`` requests, and the
    number of solutions (from the warm-up request, so servers can be checked to agree).
    A server that needs more than ``budget`` seconds for the warm-up scores 0 (None rows)."""
    try:
        solutions = post(url, query, timeout=budget, fresh=fresh)  # warm up
    except TimeoutError:
        return 0.0, None
    errors: list[Exception] = []

    def client() -> None:
        try:
            for _ in range(requests):
                post(url, query, fresh=fresh)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} clients failed: {errors[0]}")
    return CLIENTS * requests / (time.perf_counter() - started), solutions


def rate(requests_per_second: float, rows: int | None, budget: float) -> str:
    return f"{requests_per_second:.1f}" if rows is not None else f"> {budget:g} s per request"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", choices=["100k", "1m", "5m"])
    parser.add_argument(
        "--requests", type=int, default=200, help="requests per client for the lookup"
    )
    parser.add_argument(
        "--budget", type=float, default=120, help="seconds a server may take for one request"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ndsgraph-throughput-"))
    atexit.register(shutil.rmtree, work, True)  # the data and stores are large
    store = bulk_loaded_store(work, args.size)
    data = work / "landscape.nt"
    adoption = queries.stored("kpi-adoption-rate").text
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    ndsgraph = [sys.executable, "-m", "ndsgraph", "--store", str(store), "serve", "--no-load"]
    servers = {
        "ndsgraph serve (Granian, 8 threads; 4 query worker processes)": (
            [*ndsgraph, "--port", "{port}"],
            "/sparql",
            {},
        ),
        "ndsgraph serve (Granian, 8 threads; queries in threads, NDSGRAPH_EVALUATOR=threads)": (
            [*ndsgraph, "--port", "{port}"],
            "/sparql",
            {"NDSGRAPH_EVALUATOR": "threads"},
        ),
        "oxigraph serve (same store files, read-only copy)": (
            [
                oxigraph,
                "serve-read-only",
                "--location",
                "{copy}",
                "--bind",
                "127.0.0.1:{port}",
                "--union-default-graph",
            ],
            "/query",
            {},
        ),
    }
    try:
        import rdflib_endpoint  # noqa: F401

        servers["rdflib-endpoint (rdflib in memory)"] = (
            [
                sys.executable,
                "-m",
                "rdflib_endpoint",
                "serve",
                str(data),
                *[str(s.path) for s in bundled.bundled_sources() if s.path.suffix == ".ttl"],
                "--host",
                "127.0.0.1",
                "--port",
                "{port}",
            ],
            "/",  # rdflib-endpoint answers at its root
            {},
        )
    except ImportError:
        print("# rdflib-endpoint not installed: `pip install -e '.[bench]'` adds the peer")
    print(
        f"# {args.size}; {CLIENTS} clients; {args.requests} lookups and {max(1, args.requests // 20)} "
        f"adoption queries per client; {time.strftime('%Y-%m-%d')}"
    )
    print(
        "| server | lookup req/s | lookup req/s, evaluated anew | adoption req/s "
        "| rows (lookup, adoption) |"
    )
    print("|---|---|---|---|---|")
    answers = {}
    for name, (command, path, settings) in servers.items():
        port = free_port()
        copy = work / f"copy-{port}"
        if "{copy}" in command:
            shutil.copytree(store, copy)
        argv = [part.format(port=port, copy=copy) for part in command]
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "NDSGRAPH_QUERY_TIMEOUT": "600", **settings},
        )
        try:
            wait_port(port, process)
            url = f"http://127.0.0.1:{port}{path}"
            lookup, lookup_rows = throughput(url, LOOKUP, args.requests, args.budget)
            anew, _ = throughput(url, LOOKUP, args.requests, args.budget, fresh=True)
            heavy, heavy_rows = throughput(url, adoption, max(1, args.requests // 20), args.budget)
            answers[name] = (lookup_rows, heavy_rows)
            print(
                f"| {name} | {rate(lookup, lookup_rows, args.budget)} "
                f"| {rate(anew, lookup_rows, args.budget)} "
                f"| {rate(heavy, heavy_rows, args.budget)} | {lookup_rows}, {heavy_rows} |",
                flush=True,
            )
        finally:
            stop(process)

    for index, what in enumerate(("lookup", "adoption")):
        counts = {name: rows[index] for name, rows in answers.items() if rows[index] is not None}
        if len(set(counts.values())) != 1:
            sys.exit(f"servers disagree on the {what} answer: {counts}")
    print("\nEvery server gave the same number of rows.")


if __name__ == "__main__":
    main()
