"""Load and stored-query benchmark: ndsgraph against its peers, on the same data, in one run.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_load_queries.py --size 1m --repeat 5

It generates the national landscape (`ndsgraph generate --size …`) with the bundled reference
data, then measures, each in a fresh process so peak memory is its own:

- load: ndsgraph's atomic graph replace (one SPARQL Update), `ndsgraph load --bulk`
  (OxigraphStore.bulk_replace), Oxigraph's own bulk loader (`oxigraph load`), rdflib in
  memory, and `oxigraph serve` (Graph Store POST);
- the stored queries (transitive dependencies, reverse impact, adoption per building block,
  legacy past end of life): ndsgraph directly, ndsgraph's HTTP API (Granian; uncached, each
  ask with `Cache-Control: no-cache` so it is evaluated anew, and repeated, which the answer
  cache may serve), `oxigraph serve` queried directly (the limit of this stack: on the store
  it loaded itself, and read-only on a copy of ndsgraph's store files, since a bulk-loaded
  and a transaction-loaded store answer at different speeds), and rdflib in memory (the
  naive way). Every column but rdflib's is a median over the repeats, in which
  a server's first, cold ask is one of several.

It prints medians over the repeats and peak memory (max RSS) per competitor. ``--skip``
leaves competitors out (at 5m: the one-transaction load and rdflib).
Everything talks only to 127.0.0.1.
"""

import argparse
import atexit
import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from common import free_port, http, wait_port

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
QUERIES = {  # stored query -> parameters
    "dependencies": {"block": "https://w3id.org/ndsgraph/id/bouwsteen/berichtenbox"},
    "impact": {"block": "https://w3id.org/ndsgraph/id/bouwsteen/brp"},
    "kpi-adoption-rate": {},
    "legacy-past-end-of-life": {"date": "2026-11-01"},
}
GRAPH = "https://w3id.org/ndsgraph/graph/benchmark"
SKIPPABLE = {  # --skip name -> competitor
    "atomic": "ndsgraph atomic replace (SPARQL Update)",
    "rdflib": "rdflib in memory",
}


def run_child(code: str, *args: str, timeout: float = 3600) -> dict:
    """Run Python code in a fresh process; it prints one JSON line, its peak RSS included."""
    footer = "\nimport resource as _r; _answer['peak_mib'] = _r.getrusage(_r.RUSAGE_SELF).ru_maxrss / 1024\n"
    footer += "print(json.dumps(_answer))\n"
    try:
        done = subprocess.run(
            [PYTHON, "-c", code + footer, *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": float("nan"), "peak_mib": float("nan")}
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def peak_of(pid: int) -> float:
    """Peak RSS (VmHWM) of a running process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


LOAD_CODE = {
    "ndsgraph atomic replace (SPARQL Update)": """
import json, sys, time
from pathlib import Path
from ndsgraph.store import bundled
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[2]), create=True)
t = time.perf_counter(); bundled.load_file(store, Path(sys.argv[1]), sys.argv[3]); store.flush()
_answer = {"seconds": time.perf_counter() - t, "triples": store.count(sys.argv[3])}
""",
    "ndsgraph load --bulk (OxigraphStore.bulk_replace)": """
import json, sys, time
from pathlib import Path
import pyoxigraph as ox
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[2]), create=True)
t = time.perf_counter()
store.bulk_replace(sys.argv[3], Path(sys.argv[1]), ox.RdfFormat.N_TRIPLES, "benchmark"); store.flush()
_answer = {"seconds": time.perf_counter() - t, "triples": store.count(sys.argv[3])}
""",
    "oxigraph load (Oxigraph's own bulk loader, CLI)": """
import json, shutil, subprocess, sys, time
from pathlib import Path
import pyoxigraph as ox
oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
t = time.perf_counter()
subprocess.run([oxigraph, "load", "--location", sys.argv[2], "--file", sys.argv[1], "--graph", sys.argv[3]], check=True, capture_output=True)
seconds = time.perf_counter() - t
import resource
child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
_answer = {"seconds": seconds, "triples": len(ox.Store(sys.argv[2])), "child_peak_mib": child_peak}
""",
    "rdflib in memory": """
import json, sys, time
import rdflib
t = time.perf_counter(); g = rdflib.Graph(); g.parse(sys.argv[1], format="nt")
_answer = {"seconds": time.perf_counter() - t, "triples": len(g)}
""",
}


def cell(seconds: float | None) -> str:
    if seconds is None:
        return "skipped"
    return "timeout" if seconds != seconds else f"{seconds:.3f}"


def median_time(call, repeat: int) -> tuple[float, object]:
    """The median seconds over ``repeat`` calls, and the last call's answer."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), answer


def agree(what: str, counts: dict[str, int]) -> None:
    """Every competitor must give the same answer; a benchmark of wrong answers is void."""
    if len(set(counts.values())) != 1:
        sys.exit(f"competitors disagree on {what}: {counts}")


def csv_rows(body: bytes) -> int:
    """Solutions in a SPARQL CSV answer (its header excluded)."""
    return len(list(csv.reader(io.StringIO(body.decode())))) - 1


def prepare(size: str, workdir: Path) -> Path:
    """The landscape plus the bundled reference data as one N-Triples file."""
    import pyoxigraph as ox

    sys.path.insert(0, str(ROOT / "src"))
    from ndsgraph import generate
    from ndsgraph.store import bundled

    landscape = generate.write(workdir / f"landscape-{size}.nt", size=size)
    combined = workdir / f"all-{size}.nt"
    with combined.open("wb") as out:
        out.write(landscape.read_bytes())
        for source in bundled.bundled_sources():
            if source.path.parent.name == "shapes" or source.path.name == "example-landscape.ttl":
                continue
            quads = ox.parse(path=str(source.path), format=ox.RdfFormat.TURTLE)
            out.write(ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES))
    return combined


def bind(text: str, values: dict[str, str]) -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from ndsgraph.sparql.sparql_text import bind_values

    terms = {
        k: (f"<{v}>" if v.startswith("http") else f'"{v}"^^<http://www.w3.org/2001/XMLSchema#date>')
        for k, v in values.items()
    }
    return bind_values(text, terms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m", choices=["100k", "1m", "5m"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--rdflib-timeout", type=float, default=600, help="seconds per rdflib query"
    )
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=list(SKIPPABLE),
        help="competitors to leave out (at 5m: the one-transaction load needs about 25 GB)",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="ndsgraph-bench-"))
    atexit.register(shutil.rmtree, workdir, True)  # the data and stores are large
    data = prepare(args.size, workdir)
    triples = sum(1 for _ in data.open("rb"))
    print(
        f"# {args.size}: {triples} triples in {data}; repeat {args.repeat}; {time.strftime('%Y-%m-%d')}"
    )

    print("\n## load")
    print("| loader | seconds | peak MiB | triples |")
    print("|---|---|---|---|")
    loaded = {}
    for index, (name, code) in enumerate(LOAD_CODE.items()):
        if any(SKIPPABLE[skipped] == name for skipped in args.skip):
            print(f"| {name} | skipped | | |")
            continue
        answer = run_child(code, str(data), str(workdir / f"store-{index}"), GRAPH)
        loaded[name] = answer["triples"]
        peak = max(answer["peak_mib"], answer.get("child_peak_mib", 0))  # the CLI loader's own
        print(
            f"| {name} | {answer['seconds']:.1f} | {peak:.0f} | {answer['triples']} |",
            flush=True,
        )
    # oxigraph serve, loaded by a Graph Store POST of the same file
    port = free_port()
    oxigraph = shutil.which("oxigraph") or str(Path(PYTHON).parent / "oxigraph")
    server = subprocess.Popen(
        [
            oxigraph,
            "serve",
            "--location",
            str(workdir / "oxigraph-serve"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port)
        started = time.perf_counter()
        http(
            f"http://127.0.0.1:{port}/store?graph={urllib.parse.quote(GRAPH)}",
            data=data.read_bytes(),
            headers={"Content-Type": "application/n-triples"},
            method="POST",
        )
        seconds = time.perf_counter() - started
        count = http(
            f"http://127.0.0.1:{port}/query",
            data=b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
            method="POST",
        )
        loaded["oxigraph serve"] = int(count.decode().split()[-1])
        print(
            f"| oxigraph serve (Graph Store POST) | {seconds:.1f} | {peak_of(server.pid):.0f} "
            f"| {loaded['oxigraph serve']} |"
        )
        agree("triples loaded", loaded)
        queries(args, workdir, data, port)
    finally:
        server.terminate()
        server.wait(timeout=30)


def queries(args: argparse.Namespace, workdir: Path, data: Path, oxigraph_port: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from ndsgraph.sparql import queries as stored

    texts = stored.catalogue()
    print("\n## stored queries (median seconds)")
    print(
        "| query | ndsgraph direct | ndsgraph HTTP API, uncached | ndsgraph HTTP API, repeated "
        "| oxigraph serve direct, its own store (loaded by POST) "
        "| oxigraph serve direct, ndsgraph's store files | rdflib in memory | rows |"
    )
    print("|---|---|---|---|---|---|---|---|")
    # ndsgraph: the bulk-loaded store from the load step, opened directly and served by Granian
    store_dir = workdir / "store-1"  # ndsgraph's bulk-loaded one: the same data, the fast way
    direct_code = """
import json, sys, time, statistics
from pathlib import Path
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[1])); q = queries.stored(sys.argv[2])
values = json.loads(sys.argv[3]); times = []
for _ in range(int(sys.argv[4])):
    t = time.perf_counter(); rows = list(queries.run(store, q, values)); times.append(time.perf_counter() - t)
_answer = {"seconds": statistics.median(times), "rows": len(rows)}
"""
    # rdflib parses once, then runs each query under its own budget (an alarm: rdflib's query
    # engine is Python, so the signal interrupts it)
    rdflib_code = """
import json, signal, sys, time
import rdflib
def out_of_time(*_): raise TimeoutError
signal.signal(signal.SIGALRM, out_of_time)
g = rdflib.Dataset(default_union=True)  # one named graph, as the store holds it: GRAPH works
g.graph(rdflib.URIRef(sys.argv[4])).parse(sys.argv[1], format="nt")
_answer = {}
for name, text in json.loads(sys.argv[2]).items():
    signal.setitimer(signal.ITIMER_REAL, float(sys.argv[3]))
    t = time.perf_counter()
    try:
        rows = len(list(g.query(text)))
        _answer[name] = {"seconds": time.perf_counter() - t, "rows": rows}
    except TimeoutError:
        _answer[name] = {"seconds": float("nan")}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
"""
    results: dict[str, list[float]] = {}
    rows: dict[str, dict[str, int]] = {}
    for name, values in QUERIES.items():
        answer = run_child(direct_code, str(store_dir), name, json.dumps(values), str(args.repeat))
        results[name] = [answer["seconds"]]
        rows[name] = {"ndsgraph direct": answer["rows"]}
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "ndsgraph",
            "--store",
            str(store_dir),
            "serve",
            "--no-load",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NDSGRAPH_QUERY_TIMEOUT": "3600"},
    )
    try:
        wait_port(port)
        for name, values in QUERIES.items():
            url = f"http://127.0.0.1:{port}/api/queries/{name}?{urllib.parse.urlencode(values)}"

            def ask(url: str = url, fresh: bool = False) -> bytes:
                headers = {"Accept": "text/csv"} | ({"Cache-Control": "no-cache"} if fresh else {})
                return http(url, headers=headers)

            uncached, _ = median_time(lambda ask=ask: ask(fresh=True), args.repeat)
            seconds, body = median_time(ask, args.repeat)
            results[name] += [uncached, seconds]
            rows[name]["ndsgraph HTTP API"] = csv_rows(body)
    finally:
        server.terminate()
        server.wait(timeout=30)
    bound = {name: bind(texts[name].text, values) for name, values in QUERIES.items()}
    by_rdflib = {}
    if "rdflib" not in args.skip:
        budget = 600 + len(bound) * args.rdflib_timeout  # parsing, then the queries' budgets
        by_rdflib = run_child(
            rdflib_code,
            str(data),
            json.dumps(bound),
            str(args.rdflib_timeout),
            GRAPH,
            timeout=budget,
        )
    # The store's layout matters as much as the server: oxigraph serve is asked both on the
    # store it loaded itself (transactions) and, read-only, on a copy of ndsgraph's (bulk-loaded)
    same_files = workdir / "store-1-copy"
    shutil.copytree(store_dir, same_files)
    port = free_port()
    oxigraph = shutil.which("oxigraph") or str(Path(PYTHON).parent / "oxigraph")
    reader = subprocess.Popen(
        [
            *(oxigraph, "serve-read-only", "--location", str(same_files)),
            *("--bind", f"127.0.0.1:{port}", "--union-default-graph"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    servers = {
        "oxigraph serve": f"http://127.0.0.1:{oxigraph_port}/query",
        "oxigraph serve, ndsgraph's files": f"http://127.0.0.1:{port}/query",
    }
    try:
        wait_port(port)
        for name, text in bound.items():
            for server_name, url in servers.items():
                seconds, body = median_time(
                    lambda text=text, url=url: http(
                        url,
                        data=text.encode(),
                        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
                        method="POST",
                    ),
                    args.repeat,
                )
                results[name].append(seconds)
                rows[name][server_name] = csv_rows(body)
            # nothing when skipped; a timeout for every query when the child ran out of time
            answer = by_rdflib.get(name, {"seconds": float("nan")} if by_rdflib else {})
            results[name].append(answer.get("seconds"))
            if "rows" in answer:  # not when rdflib ran out of time or was skipped
                rows[name]["rdflib"] = answer["rows"]
            cells = " | ".join(cell(v) for v in results[name])
            print(f"| {name} | {cells} | {rows[name]['ndsgraph direct']} |", flush=True)
            agree(f"the rows of {name}", rows[name])
    finally:
        reader.terminate()
        reader.wait(timeout=30)
    print("\nEvery competitor loaded the same triples and gave the same number of rows.")


if __name__ == "__main__":
    main()
