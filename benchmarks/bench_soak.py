"""Soak: mixed traffic from 8 clients against `ndsgraph serve` for 10 minutes, with a report.

Usage (from the repository root, after `make install` and the UI's npm assets):

    .venv/bin/python benchmarks/bench_soak.py --size 100k --duration 600 --clients 8

The landscape of ``--size`` is bulk-loaded with the bundled data and served by `ndsgraph
serve` with a short query time limit (``--query-timeout``, 10 s instead of 30, so that runaway
queries are killed within the run; at 5 s the dashboard, the heaviest page, came within a few
hundred milliseconds of the limit under this load on 2 cores). Every client loops without
pause over a weighted draw of request kinds (``KINDS``: SPARQL lookups of varied IRIs, a
quarter of them with ``Cache-Control: no-cache``; stored queries with parameters as JSON and
CSV; linked-data pages, the ontology, the query catalogue, VoID; the dashboard and pictures;
submissions by four submitters, valid, changed or refused by the shapes). Every
``--runaway-every`` seconds one client sends a runaway query (a 4-way cross join), which the
server must stop with a 422 (time limit) or turn away with a 429.

Each kind declares the statuses it expects (a refused submission is a 422 with its
violations); any other status, any 5xx, a connection error or a timeout is unexpected.
Memory is the summed RSS of the server's process tree (the `ndsgraph serve` process and its
descendants, and any process launched for this store: Granian's worker, the forkserver, the
query workers). After the clients stop, the server must answer a lookup within 3 s, and
stopping it must leave no process behind.

Prints a Markdown report (totals per kind, statuses, p50/p99 latency, unexpected errors and
RSS per time window, memory at start and end) and exits 1 when there was any unexpected
error, when the server did not answer or left processes behind, or when the memory at the end
exceeds the start by more than the answer cache's bound (NDSGRAPH_ANSWER_CACHE_BYTES, default
256 MiB) plus ``--memory-margin`` MiB (the query workers' store caches, which warm up during
the run, and allocator slack).
"""

import argparse
import atexit
import csv
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from common import LANDSCAPE_GRAPH, ROOT, bulk_loaded_store, call, free_port, stop, wait_port

SUBMISSIONS = ROOT / "tests" / "data" / "submissions"
SUBMITTERS = [  # gemeenten: Amsterdam, Rotterdam, Utrecht, Den Haag
    f"https://identifier.overheid.nl/tooi/id/gemeente/{code}"
    for code in ("gm0363", "gm0599", "gm0344", "gm0518")
]
BLOCK = "https://w3id.org/ndsgraph/id/bouwsteen/"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DEFAULT_ANSWER_CACHE = 256 * 1024 * 1024  # ServerSettings.answer_cache_bytes
MIB = 1024 * 1024
NDSGRAPH = (sys.executable, "-m", "ndsgraph")
READ = frozenset({200})
JSON_RESULTS = "application/sparql-results+json"


@dataclass(frozen=True)
class Landscape:
    """What the clients ask about, read from the served store before the clock starts."""

    blocks: list[str]
    organisations: list[str]
    subjects: list[str]
    tokens: dict[str, str]  # submitter IRI -> token


@dataclass(frozen=True)
class Request:
    path: str
    method: str = "GET"
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Kind:
    """One kind of request: its share of the draws, its expected statuses and how to make one
    (``make(landscape, rng, *arguments)``)."""

    name: str
    weight: int
    expected: frozenset[int]
    make: Callable[..., Request]
    arguments: tuple = ()

    def request(self, landscape: Landscape, rng: random.Random) -> Request:
        return self.make(landscape, rng, *self.arguments)


def _lookup(landscape: Landscape, rng: random.Random, fresh: bool = False) -> Request:
    iri = rng.choice(rng.choice((landscape.blocks, landscape.organisations, landscape.subjects)))
    query = f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
    headers = [("Accept", JSON_RESULTS)] + ([("Cache-Control", "no-cache")] if fresh else [])
    if rng.random() < 0.5:
        return Request(
            "/sparql?" + urllib.parse.urlencode({"query": query}), headers=tuple(headers)
        )
    headers.append(("Content-Type", "application/sparql-query"))
    return Request("/sparql", "POST", query.encode(), tuple(headers))


def _stored(landscape: Landscape, rng: random.Random, accept: str) -> Request:
    """A stored query, with a parameter where it takes one (varied, so not all are cache hits)."""
    block, organisation = rng.choice(landscape.blocks), rng.choice(landscape.organisations)
    date = f"{rng.randint(2024, 2029)}-{rng.randint(1, 12):02d}-01"
    name, parameters = rng.choice(
        [
            ("dependencies", {"block": block}),
            ("impact", {"block": block}),
            ("adopters", {"block": block}),
            ("dependency-picture", {"block": block}),
            ("landscape-picture", {"organisation": organisation}),
            ("legacy-end-of-life-horizon", {"date": date}),
            ("legacy-past-end-of-life", {"date": date}),
            ("kpi-adoption-rate", {}),
            ("kpi-adoption-rate-by-type", {}),
            ("kpi-variants", {}),
            ("supplier-concentration", {}),
            ("building-blocks", {}),
            ("reuse-potential", {}),
            ("runs", {}),
        ]
    )
    query = f"?{urllib.parse.urlencode(parameters)}" if parameters else ""
    return Request(f"/api/queries/{name}{query}", headers=(("Accept", accept),))


def _fixed(
    landscape: Landscape, rng: random.Random, path: str, accept: str = "text/html"
) -> Request:
    return Request(path, headers=(("Accept", accept),))


def _block_page(landscape: Landscape, rng: random.Random, prefix: str) -> Request:
    return Request(f"{prefix}{rng.choice(landscape.blocks).removeprefix(BLOCK)}")


def _about(landscape: Landscape, rng: random.Random, path: str, pool: str) -> Request:
    iri = rng.choice(getattr(landscape, pool))
    return Request(f"{path}?{urllib.parse.urlencode({'uri': iri})}")


def portfolio(submitter: str, variant: str) -> bytes:
    """A test portfolio (tests/data/submissions/gm0363*.ttl) rewritten to ``submitter``."""
    code = submitter.rsplit("/", 1)[1]
    name = "gm0363-violation.ttl" if variant == "refused" else "gm0363.ttl"
    text = (SUBMISSIONS / name).read_text()
    return text.replace("gm:gm0363", f"gm:{code}").replace("/gm0363/", f"/{code}/").encode()


def _submission(landscape: Landscape, rng: random.Random, variant: str) -> Request:
    """A portfolio by one of the submitters: the same valid one, a changed valid one (a new
    label), or one the shapes refuse."""
    submitter = rng.choice(sorted(landscape.tokens))
    body = portfolio(submitter, variant)
    if variant == "changed":
        label = f'"Website (versie {rng.randrange(10**6)})"@nl'.encode()
        body = body.replace(b'"Website"@nl', label)
    headers = (
        ("Authorization", f"Bearer {landscape.tokens[submitter]}"),
        ("Content-Type", "text/turtle"),
        ("Accept", "application/json"),
    )
    return Request("/api/submissions", "POST", body, headers)


def _runaway(landscape: Landscape, rng: random.Random) -> Request:
    headers = (("Content-Type", "application/sparql-query"), ("Accept", JSON_RESULTS))
    return Request("/sparql", "POST", RUNAWAY.encode(), headers)


CREATED = frozenset({201})
REFUSED = frozenset({422})
KINDS = [  # the mix: weights out of 100 draws
    Kind("lookup", 30, READ, _lookup),
    Kind("lookup, no-cache", 10, READ, _lookup, (True,)),
    Kind("stored query, JSON", 12, READ, _stored, ("application/json",)),
    Kind("stored query, CSV", 8, READ, _stored, ("text/csv",)),
    Kind("/doc/bouwsteen/…", 6, READ, _block_page, ("/doc/bouwsteen/",)),
    Kind("/id/bouwsteen/… (303)", 2, frozenset({303}), _block_page, ("/id/bouwsteen/",)),
    Kind("/doc?uri=organisation", 6, READ, _about, ("/doc", "organisations")),
    Kind("/def", 3, READ, _fixed, ("/def",)),
    Kind("/queries", 3, READ, _fixed, ("/queries",)),
    Kind("/.well-known/void", 3, READ, _fixed, ("/.well-known/void", "text/turtle")),
    Kind("/dashboard", 3, READ, _fixed, ("/dashboard",)),
    Kind("/picture, building block", 2, READ, _about, ("/picture", "blocks")),
    Kind("/picture, organisation", 2, READ, _about, ("/picture", "organisations")),
    Kind("submission, valid", 4, CREATED, _submission, ("valid",)),
    Kind("submission, changed", 3, CREATED, _submission, ("changed",)),
    Kind("submission, refused", 3, REFUSED, _submission, ("refused",)),
]
RUNAWAY_KIND = Kind("runaway query", 0, frozenset({422, 429}), _runaway)


@dataclass(frozen=True)
class Record:
    started: float  # seconds since the clock started
    kind: str
    status: int | None  # None: no HTTP answer (connection error, timeout)
    seconds: float
    unexpected: str | None  # what was wrong, or None


def send(base: str, kind: Kind, request: Request, started: float, timeout: float) -> Record:
    """Send one request and judge its answer against the kind's expected statuses."""
    began = time.monotonic()
    try:
        answer = call(
            base + request.path, request.body, dict(request.headers), request.method, timeout
        )
    except OSError as error:  # URLError, connection reset, timeout
        seconds = time.monotonic() - began
        return Record(started, kind.name, None, seconds, f"{type(error).__name__}: {error}")
    seconds = time.monotonic() - began
    wrong = None
    if answer.status not in kind.expected:
        text = answer.body[:300].decode(errors="replace").strip()
        wrong = f"{answer.status} {request.method} {request.path[:120]}: {text}"
    return Record(started, kind.name, answer.status, seconds, wrong)


class Schedule:
    """When the next runaway query is due: one every ``every`` seconds, by whichever client
    asks first, so that runaways are rare and evenly spread whatever the request rate."""

    def __init__(self, start: float, every: float) -> None:
        self._next = start + every / 2
        self._every = every
        self._lock = threading.Lock()

    def runaway_due(self) -> bool:
        with self._lock:
            if time.monotonic() < self._next:
                return False
            self._next += self._every
            return True


def client(
    base: str,
    landscape: Landscape,
    seed: int,
    clock: tuple[float, float],
    schedule: Schedule,
    records: list[Record],
    timeout: float,
) -> None:
    """One client: weighted draws until the end of the run (list.append is thread-safe)."""
    rng = random.Random(seed)
    start, end = clock
    weights = [kind.weight for kind in KINDS]
    while (now := time.monotonic()) < end:
        kind = RUNAWAY_KIND if schedule.runaway_due() else rng.choices(KINDS, weights)[0]
        records.append(send(base, kind, kind.request(landscape, rng), now - start, timeout))


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass  # ended meanwhile
    return 0  # a zombie has no VmRSS


def _launched_for(pid: int, store: Path) -> bool:
    """Whether the process has ``serve``'s launch settings for ``store`` in its environment."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:  # ended, or another user's
        return False
    for entry in environ.split(b"\0"):
        if entry.startswith(b"NDSGRAPH_SERVE_LAUNCH="):
            launch = json.loads(entry.partition(b"=")[2])
            return launch.get("location") == str(store)
    return False


def server_processes(root: int, store: Path) -> set[int]:
    """The server's process tree: ``root``, its descendants (by parent id) and every process
    launched for ``store`` (query workers are children of a forkserver, and would outlive a
    parent that dies)."""
    parents, launched = {}, set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[pid] = int(stat.rsplit(")", 1)[1].split()[1])
        if _launched_for(pid, store):
            launched.add(pid)
    tree = {root} if root in parents else set()
    grew = True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return tree | launched


def _role(pid: int, root: int) -> str:
    if pid == root:
        return "`ndsgraph serve`"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "ended"
    if b"multiprocessing.forkserver" in command:  # query workers are forks of it
        return "forkserver and query workers"
    if b"multiprocessing.resource_tracker" in command:
        return "resource tracker"
    return "Granian worker"


Memory = dict[str, tuple[float, int]]  # role -> (MiB, processes)


def memory(root: int, store: Path) -> Memory:
    """The RSS of the server's processes, summed per role (where growth would come from: the
    answer cache lives in Granian's worker, store caches in the query workers)."""
    found: dict[str, tuple[float, int]] = {}
    for pid in server_processes(root, store):
        mib, count = found.get(_role(pid, root), (0.0, 0))
        found[_role(pid, root)] = (mib + _rss_kib(pid) / 1024, count + 1)
    return found


def total(found: Memory) -> float:
    return sum(mib for mib, _ in found.values())


class MemorySampler:
    """Samples the server tree's RSS every second, in a thread, until stopped."""

    def __init__(self, root: int, store: Path, start: float) -> None:
        self.samples: list[tuple[float, float]] = []  # (seconds since start, MiB)
        self._root, self._store, self._start = root, store, start
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(1.0):
            mib = total(memory(self._root, self._store))
            self.samples.append((time.monotonic() - self._start, mib))

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def issue_tokens(store: Path) -> dict[str, str]:
    """A token per submitter, issued by the CLI (which only writes a file beside the store)."""
    tokens = {}
    for iri in SUBMITTERS:
        out = subprocess.run(
            [*NDSGRAPH, "--store", str(store), "submitters", "add", iri],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        tokens[iri] = out.rsplit(" ", 1)[1].strip()
    return tokens


def select(base: str, query: str) -> list[str]:
    """The first column of a query's answer (for the setup, not timed)."""
    answer = call(
        base + "/sparql",
        query.encode(),
        {"Content-Type": "application/sparql-query", "Accept": JSON_RESULTS},
        "POST",
    )
    if answer.status != 200:
        raise RuntimeError(f"setup query failed ({answer.status}): {answer.body[:300]!r}")
    bindings = json.loads(answer.body)["results"]["bindings"]
    return [next(iter(row.values()))["value"] for row in bindings]


def read_landscape(base: str, tokens: dict[str, str]) -> Landscape:
    ndsg = "https://w3id.org/ndsgraph/def/"
    blocks = select(base, f"SELECT DISTINCT ?b WHERE {{ ?b a <{ndsg}BuildingBlock> }}")
    organisations = select(
        base, f"SELECT DISTINCT ?o WHERE {{ ?a a <{ndsg}Adoption> ; <{ndsg}organisation> ?o }}"
    )
    subjects = select(
        base,
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{LANDSCAPE_GRAPH}> {{ ?s a ?class }} }} LIMIT 5000",
    )
    blocks = [iri for iri in blocks if iri.startswith(BLOCK)]
    if not (blocks and organisations and subjects):
        raise RuntimeError("the served landscape has no building blocks, adoptions or resources")
    return Landscape(sorted(blocks), sorted(organisations), subjects, tokens)


def answers_within(base: str, seconds: float) -> str | None:
    """None if the server answers a fresh lookup within ``seconds``, else what happened."""
    query = f"SELECT ?p ?o WHERE {{ <{BLOCK}digid> ?p ?o }}"
    began = time.monotonic()
    try:
        answer = call(
            base + "/sparql",
            query.encode(),
            {
                "Content-Type": "application/sparql-query",
                "Accept": JSON_RESULTS,
                "Cache-Control": "no-cache",
            },
            "POST",
            timeout=seconds,
        )
    except OSError as error:
        return f"no answer within {seconds:g} s: {error}"
    took = time.monotonic() - began
    if answer.status != 200:
        return f"answered {answer.status} after {took:.2f} s"
    return None if took <= seconds else f"answered after {took:.2f} s"


def left_behind(store: Path, wait: float = 5.0) -> set[int]:
    """Processes launched for ``store`` still alive ``wait`` seconds after the server stopped
    (query workers end within a second of their owner)."""
    deadline = time.monotonic() + wait
    while (alive := server_processes(-1, store)) and time.monotonic() < deadline:
        time.sleep(0.25)
    return alive


def tracebacks_in(log: str) -> list[str]:
    """The exception line that ends each Python traceback in a log (a 5xx or a crash)."""
    found, inside = [], False
    for line in log.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            inside = True
        elif inside and line and not line.startswith(" "):
            found.append(line.strip())
            inside = False
    return found


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _statuses(records: list[Record]) -> str:
    counts = Counter("none" if r.status is None else str(r.status) for r in records)
    return ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))


@dataclass(frozen=True)
class Outcome:
    records: list[Record]
    samples: list[tuple[float, float]]
    memory_start: Memory
    memory_end: Memory
    after_run: str | None  # None: answered in time
    leftovers: set[int]
    tracebacks: list[str]  # the last line of each traceback in the server's log


def report(args: argparse.Namespace, outcome: Outcome, cache_bytes: int, elapsed: float) -> int:
    """Print the Markdown report; the number of failed checks."""
    records = outcome.records
    unexpected = [r for r in records if r.unexpected]
    timed = [r for r in records if r.kind != RUNAWAY_KIND.name]  # runaways last the time limit
    print(f"# Soak: {args.size}, {args.duration:g} s, {args.clients} clients\n")
    print(f"Command: `{' '.join(['benchmarks/bench_soak.py', *sys.argv[1:]])}`  ")
    print(f"Date: {time.strftime('%Y-%m-%d %H:%M')}  ")
    print(
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}  "
    )
    print(
        f"Server: `ndsgraph serve`, NDSGRAPH_QUERY_TIMEOUT={args.query_timeout:g}, "
        f"answer cache {cache_bytes / MIB:g} MiB; a runaway query every {args.runaway_every:g} s"
    )
    print("\n## Totals\n")
    print(
        f"{len(records)} requests in {elapsed:.1f} s ({len(records) / elapsed:.1f}/s); "
        f"statuses: {_statuses(records)}; **unexpected: {len(unexpected)}**\n"
    )
    print("| kind | requests | statuses | p50 ms | p99 ms | max ms | unexpected |")
    print("|---|---|---|---|---|---|---|")
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    for kind in [*KINDS, RUNAWAY_KIND]:
        rows = by_kind.get(kind.name, [])
        seconds = [r.seconds for r in rows]
        print(
            f"| {kind.name} | {len(rows)} | {_statuses(rows)} | {_ms(percentile(seconds, 0.5))} "
            f"| {_ms(percentile(seconds, 0.99))} | {_ms(max(seconds, default=0))} "
            f"| {sum(1 for r in rows if r.unexpected)} |"
        )
    if unexpected:
        print("\nFirst unexpected answers:\n")
        for record in unexpected[:5]:
            print(f"- at {record.started:.1f} s, {record.kind}: {record.unexpected}")
    print(f"\n## Over time ({args.window:g} s windows; latency without the runaway queries)\n")
    print("| window (s) | requests | p50 ms | p99 ms | unexpected | server RSS MiB |")
    print("|---|---|---|---|---|---|")
    windows = max(1, int(-(-args.duration // args.window)))
    for index in range(windows):
        low, high = index * args.window, (index + 1) * args.window
        inside = [r for r in records if low <= r.started < high]
        seconds = [r.seconds for r in timed if low <= r.started < high]
        rss = [mib for at, mib in outcome.samples if at < high]
        print(
            f"| {low:g}-{high:g} | {len(inside)} | {_ms(percentile(seconds, 0.5))} "
            f"| {_ms(percentile(seconds, 0.99))} | {sum(1 for r in inside if r.unexpected)} "
            f"| {rss[-1] if rss else total(outcome.memory_start):.0f} |"
        )
    start, end = total(outcome.memory_start), total(outcome.memory_end)
    limit = start + cache_bytes / MIB + args.memory_margin
    peak = max([mib for _, mib in outcome.samples] + [start, end])
    print("\n## Memory\n")
    print("Summed RSS of the server's processes (`ndsgraph serve`, Granian's worker, forkserver,")
    print("query workers; shared pages count once per process).\n")
    print("| processes | start MiB (count) | end MiB (count) |")
    print("|---|---|---|")
    for role in sorted(outcome.memory_start.keys() | outcome.memory_end.keys()):
        cells = [outcome.memory_start.get(role, (0, 0)), outcome.memory_end.get(role, (0, 0))]
        print(f"| {role} | " + " | ".join(f"{mib:.0f} ({count})" for mib, count in cells) + " |")
    print(f"| **all** | **{start:.0f}** | **{end:.0f}** |")
    print(f"\nPeak (sampled every second): {peak:.0f} MiB.")
    print(
        f"\nGrowth {end - start:+.0f} MiB; allowed: the answer cache's bound "
        f"{cache_bytes / MIB:g} MiB + margin {args.memory_margin:g} MiB, so at most {limit:.0f} MiB."
    )
    failures = []
    if unexpected:
        failures.append(f"{len(unexpected)} unexpected answers")
    if outcome.after_run:
        failures.append(f"after the run the server {outcome.after_run}")
    if end > limit:
        failures.append(f"memory grew to {end:.0f} MiB, above {limit:.0f} MiB")
    if outcome.leftovers:
        failures.append(f"processes left after the server stopped: {sorted(outcome.leftovers)}")
    if outcome.tracebacks:
        failures.append(f"{len(outcome.tracebacks)} tracebacks in the server's log")
    print("\n## Verdict\n")
    print(f"- unexpected answers: {len(unexpected)}")
    print(f"- after the run: {outcome.after_run or 'answered a fresh lookup within 3 s'}")
    print(f"- memory at the end within the bound: {'yes' if end <= limit else 'no'}")
    print(f"- processes left after stopping the server: {len(outcome.leftovers)}")
    print(f"- tracebacks in the server's log: {len(outcome.tracebacks)}")
    for line in outcome.tracebacks[:5]:
        print(f"  - {line}")
    print(f"\n**{'FAILED: ' + '; '.join(failures) if failures else 'PASSED'}**")
    return len(failures)


def soak(args: argparse.Namespace, work: Path, cache_bytes: int) -> tuple[Outcome, float]:
    store = bulk_loaded_store(work, args.size)
    tokens = issue_tokens(store)
    port = free_port()
    env = {
        **os.environ,
        "NDSGRAPH_QUERY_TIMEOUT": f"{args.query_timeout:g}",
        "NDSGRAPH_ANSWER_CACHE_BYTES": str(cache_bytes),
    }
    log = (work / "server.log").open("w")
    process = subprocess.Popen(
        [*NDSGRAPH, "--store", str(store), "serve", "--no-load", "--port", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        wait_port(port, process)
        base = f"http://127.0.0.1:{port}"
        landscape = read_landscape(base, tokens)
        memory_start = memory(process.pid, store)
        start = time.monotonic()
        clock = (start, start + args.duration)
        sampler = MemorySampler(process.pid, store, start)
        schedule = Schedule(start, args.runaway_every)
        records: list[Record] = []
        clients = [
            threading.Thread(
                target=client,
                args=(base, landscape, seed, clock, schedule, records, args.request_timeout),
            )
            for seed in range(args.clients)
        ]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        elapsed = time.monotonic() - start
        sampler.stop()
        memory_end = memory(process.pid, store)
        after_run = answers_within(base, 3.0)
        if process.poll() is not None:
            after_run = f"had exited with {process.returncode}"
    finally:
        stop(process)
        log.close()
    leftovers = left_behind(store)
    tracebacks = tracebacks_in((work / "server.log").read_text(errors="replace"))
    outcome = Outcome(
        sorted(records, key=lambda r: r.started),
        sampler.samples,
        memory_start,
        memory_end,
        after_run,
        leftovers,
        tracebacks,
    )
    return outcome, elapsed


def write_records(records: list[Record], path: Path) -> None:
    """Every request as a CSV row, for looking into a trend the report's windows show."""
    with path.open("w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["started", "kind", "status", "seconds", "unexpected"])
        for r in records:
            rows.writerow([f"{r.started:.3f}", r.kind, r.status, f"{r.seconds:.4f}", r.unexpected])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", choices=["100k", "1m", "5m"])
    parser.add_argument("--duration", type=float, default=600, help="seconds of traffic")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--window", type=float, help="seconds per row over time (default: 30, 10 below 5 min)"
    )
    parser.add_argument("--query-timeout", type=float, default=10, help="the server's time limit")
    parser.add_argument("--runaway-every", type=float, default=30, help="seconds between runaways")
    parser.add_argument(
        "--request-timeout", type=float, default=60, help="seconds a client waits for an answer"
    )
    parser.add_argument(
        "--memory-margin", type=float, default=256, help="MiB allowed above the cache's bound"
    )
    parser.add_argument(
        "--records", type=Path, help="also write every request (time, kind, status, seconds) as CSV"
    )
    args = parser.parse_args()
    args.window = args.window or (30 if args.duration >= 300 else 10)
    cache_bytes = int(os.environ.get("NDSGRAPH_ANSWER_CACHE_BYTES", DEFAULT_ANSWER_CACHE))
    work = Path(tempfile.mkdtemp(prefix="ndsgraph-soak-"))
    atexit.register(shutil.rmtree, work, True)
    outcome, elapsed = soak(args, work, cache_bytes)
    if args.records:
        write_records(outcome.records, args.records)
    sys.exit(1 if report(args, outcome, cache_bytes, elapsed) else 0)


if __name__ == "__main__":
    main()
