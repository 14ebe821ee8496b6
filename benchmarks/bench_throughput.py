"""Endpoint throughput: 8 concurrent clients on 127.0.0.1, a bounded number of requests each.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_throughput.py --size 100k --requests 200

Serves the same data (`ndsgraph generate --size …`, bulk-loaded) with `ndsgraph serve`
(gunicorn, embedded store) and `oxigraph serve`, and, when the optional peer is installed
(`pip install -e '.[bench]'`), with rdflib-endpoint. Each client sends POSTed SPARQL for a
lookup query and for the adoption query; it prints requests per second per server and query.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import free_port, wait_port

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ndsgraph import generate, queries  # noqa: E402

GRAPH = "https://w3id.org/ndsgraph/graph/example-landscape"
LOOKUP = "SELECT ?p ?o WHERE { <https://w3id.org/ndsgraph/id/bouwsteen/digid> ?p ?o }"
CLIENTS = 8


def post(url: str, query: str) -> None:
    request = urllib.request.Request(
        url,
        data=query.encode(),
        method="POST",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()


def throughput(url: str, query: str, requests: int) -> float:
    """Requests per second with CLIENTS threads, each sending ``requests`` requests."""
    post(url, query)  # warm up
    errors: list[Exception] = []

    def client() -> None:
        try:
            for _ in range(requests):
                post(url, query)
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
    return CLIENTS * requests / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", choices=["100k", "1m", "5m"])
    parser.add_argument(
        "--requests", type=int, default=200, help="requests per client for the lookup"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ndsgraph-throughput-"))
    data = generate.write(work / "landscape.nt", size=args.size)
    adoption = queries.load_queries()["kpi-adoption-rate"].text
    store = work / "store"
    subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", str(store), "load"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ndsgraph",
            "--store",
            str(store),
            "load",
            "--bulk",
            str(data),
            "--graph",
            GRAPH,
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    servers = {
        "ndsgraph serve (gunicorn, 1 worker x 8 threads)": (
            [
                sys.executable,
                "-m",
                "ndsgraph",
                "--store",
                str(store),
                "serve",
                "--no-load",
                "--port",
                "{port}",
            ],
            "/sparql",
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
                "--host",
                "127.0.0.1",
                "--port",
                "{port}",
            ],
            "/sparql",
        )
    except ImportError:
        print("# rdflib-endpoint not installed: `pip install -e '.[bench]'` adds the peer")
    print(
        f"# {args.size}; {CLIENTS} clients; {args.requests} lookups and {max(1, args.requests // 20)} "
        f"adoption queries per client; {time.strftime('%Y-%m-%d')}"
    )
    print("| server | lookup req/s | adoption req/s |")
    print("|---|---|---|")
    for name, (command, path) in servers.items():
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
            env={**os.environ, "NDSGRAPH_QUERY_TIMEOUT": "600"},
        )
        try:
            wait_port(port, process)
            url = f"http://127.0.0.1:{port}{path}"
            lookup = throughput(url, LOOKUP, args.requests)
            heavy = throughput(url, adoption, max(1, args.requests // 20))
            print(f"| {name} | {lookup:.0f} | {heavy:.1f} |", flush=True)
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
