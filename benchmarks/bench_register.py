"""The live register's speed goals (issue 14): a whole-store run including writing it, how soon
the register is current after a submission is accepted, and the register as of a date; beside
the whole-store run of an earlier version of ndsgraph, measured in the same run.

Usage (from the repository root, after `make install`):

    git worktree add /tmp/ndsgraph-before 38c609e   # the code before the live register
    .venv/bin/python benchmarks/bench_register.py --size 1m --before /tmp/ndsgraph-before

Each measurement runs in a fresh process on a store another process bulk-loaded with the
bundled data and the generated landscape (as `ndsgraph load` does), so its peak memory
(max RSS) is its own:

- whole-store run: `register.judge_all` (snapshot of the asserted data as N-Triples,
  validation with every framework while the organisation counts are counted beside the
  SHACL engine, and keeping the counts and recording the register), by phase;
- the earlier version's whole-store run (validation and `runs.record`), with `--before`;
- a submission: every statement about one organisation's own things (a few thousand triples
  at the larger sizes), through the submission path. Those statements are first taken out of
  the bulk-loaded graph (not timed), so they live in the organisation's submission graph only,
  as an organisation's portfolio does once it submits: left in both graphs, every statement
  of it is in the store twice and Oxigraph 0.5's union default graph gives each match once per
  graph (oxigraph/oxigraph#1919), which multiplies the rows of every join over them. The
  first submission is then the organisation's first, the second a resubmission of the same
  statements. "Register current" is the register's part of it: the organisation counts of
  the submitter's organisations taken before the graph is replaced, and everything after: the
  findings explained by the deviations the store then holds, the counts moved, the
  cross-organisation rules judged over the store, the variants and the record, in the same
  request;
- the register now and as of a date (the stored queries `register` and `kpi-deviations`, as
  `/api/queries/…` and `ndsgraph register`/`kpi` run them), the best of three; a page of it
  by offset (LIMIT/OFFSET) and by cursor (`after`, as `/api/queries/register?after=…` runs
  it: the page's findings in the register's order, checked against the view, and the rows
  that check read given as the answer), the
  first and the one after row 100,000 (its cursor found by walking there a page at a time,
  the slowest of those pages shown too).

Everything stays on this machine; nothing talks to the network.
"""

import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ndsgraph import generate  # noqa: E402

GRAPH = "https://w3id.org/ndsgraph/graph/benchmark"
AMSTERDAM = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
PYTHON = str(ROOT / ".venv" / "bin" / "python")

LOAD = """
import json, sys, time
from pathlib import Path
import pyoxigraph as ox
try:
    from ndsgraph.store import bundled
except ImportError:  # the earlier version's flat modules (--before)
    from ndsgraph import bundled
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[2]), create=True)
list(bundled.load_bundled(store, progress=False))
store.drop_graph("https://w3id.org/ndsgraph/graph/example-landscape")  # the landscape replaces it
store.bulk_replace(sys.argv[3], Path(sys.argv[1]), ox.RdfFormat.N_TRIPLES, "benchmark")
store.flush()
_answer = {}
"""

WHOLE_STORE_RUN = """
import json, sys, time
from pathlib import Path
from ndsgraph import register
from ndsgraph.store import snapshot
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[2]))
phases = {}
def timed(name, function):
    def measured(*args, **kwargs):
        t = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - t
    return measured
from ndsgraph.register import runs
first = not any(g.startswith(runs.RUN_GRAPHS) for g in store.graphs())  # no register yet
# register.judge_all itself, its phases timed where it calls them
snapshot.asserted_ntriples = timed("snapshot", snapshot.asserted_ntriples)
register.validate = timed("validate and count", register.validate)
register.keep_counts = timed("record", register.keep_counts)
register.record = timed("record", register.record)
t = time.perf_counter()
run, found = register.judge_all(store)
seconds = time.perf_counter() - t
_answer = {"seconds": seconds, "phases": phases, "findings": len(found), "first": first}
"""

FORGET_REGISTER = """
import json, sys
from pathlib import Path
from ndsgraph.register import runs
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[2]))
for graph in store.graphs():
    if graph.startswith(runs.RUN_GRAPHS):
        store.drop_graph(graph)
store.flush()
_answer = {}
"""

BEFORE_WHOLE_STORE_RUN = """
import json, sys, time
from pathlib import Path
from ndsgraph import runs, snapshot, validation  # the earlier version's flat modules
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[2]))
phases = {}
t = time.perf_counter(); data, digest = snapshot.asserted(store)
phases["snapshot"] = time.perf_counter() - t
t = time.perf_counter(); outcome = validation.validate(data, digest)
phases["validate"] = time.perf_counter() - t
t = time.perf_counter(); runs.record(store, outcome)
phases["record"] = time.perf_counter() - t
_answer = {"seconds": sum(phases.values()), "phases": phases, "findings": len(outcome.findings),
           "triples": len(data)}
"""

SUBMISSION = """
import json, sys, time
from pathlib import Path
from ndsgraph import register
from ndsgraph.store import OxigraphStore
from ndsgraph.intake.submissions import Submissions
from ndsgraph.intake.submitters import Submitter
from ndsgraph.register import explanations
from ndsgraph.validation import counts
store = OxigraphStore(Path(sys.argv[2]))
submissions = Submissions(store, Path(sys.argv[2]).parent / "home", "none")
graphs = f"<{sys.argv[3]}> <{submissions.graph(sys.argv[4])}>"  # bulk-loaded, or submitted before
own = f"{{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s <https://w3id.org/ndsgraph/def/organisation> <{sys.argv[4]}> ; ?p ?o }} }}"
triples = sorted(set(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {own}")), key=str)
store.update(f"DELETE {{ GRAPH <{sys.argv[3]}> {{ ?s ?p ?o }} }} WHERE {own}")  # in its own graph only
spent = []  # the register's part: the counts before the replace, and everything after it
judging = []
def timed(function, outside_only=False):
    def measured(*args, **kwargs):
        t = time.perf_counter()
        judging.append(function is judge)
        try:
            return function(*args, **kwargs)
        finally:
            judging.pop()
            if not (outside_only and any(judging)):
                spent.append(time.perf_counter() - t)
    return measured
judge = register.judge_submission
register.judge_submission = timed(judge)
counts.affected = timed(counts.affected)
counts.memberships = timed(counts.memberships, outside_only=True)
explanations.explained = timed(explanations.explained)
seconds, current = [], []
for _ in range(2):  # the first in a fresh process, then the same statements again, as a server sees
    spent.clear()
    t = time.perf_counter()
    outcome = submissions.submit(Submitter(sys.argv[4]), triples)
    seconds.append(time.perf_counter() - t)
    current.append(sum(spent))
_answer = {"seconds": seconds, "current": current, "triples": len(triples),
           "accepted": outcome.accepted}
"""

AS_OF = """
import json, sys, time
from datetime import date
from pathlib import Path
from ndsgraph.register import selection
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[2]))
_answer = {}
today = {"at": date.today().isoformat()}
for name, query, values, page in (
    ("the register now", "register", {}, None),
    ("the register as of today", "register", today, None),
    ("the register as of today, its first page of 1,000 (limit=1000)", "register", today, 0),
    ("the register as of today, a page at row 100,000", "register", today, 100_000),
    ("kpi-deviations now", "kpi-deviations", {}, None),
    ("kpi-deviations as of today", "kpi-deviations", today, None),
):
    stored = queries.stored(query)
    text = stored.text if page is None else sparql_text.paged(stored.text, 1000, page)
    best, rows = float("inf"), 0
    for _ in range(3):
        t = time.perf_counter()
        bound = stored.bind(queries.resolved(store, stored, values))
        rows = len(list(store.query(text, substitutions=bound)))
        best = min(best, time.perf_counter() - t)
    _answer[name] = {"seconds": best, "rows": rows}
pairs = tuple(today.items())


def by_cursor(after):
    text, following = selection.page_after(store, pairs, 1000, after)
    return following, list(store.query(text))  # its rows hold the parameters' values


cursor, slowest = None, 0.0
for _ in range(100):  # to row 100,000 (or the last page), a page at a time
    t = time.perf_counter()
    following, _ = by_cursor(cursor)
    slowest = max(slowest, time.perf_counter() - t)
    if following is None:
        break
    cursor = following
_answer["the register as of today, walking to row 100,000 by cursor: its slowest page"] = {
    "seconds": slowest, "rows": 1000}
for name, after in (
    ("the register as of today, its first page by cursor (after=)", None),
    ("the register as of today, the page after row 100,000 by cursor (after=<finding>)", cursor),
):
    best, rows = float("inf"), 0
    for _ in range(3):
        t = time.perf_counter()
        rows = len(by_cursor(after)[1])
        best = min(best, time.perf_counter() - t)
    _answer[name] = {"seconds": best, "rows": rows}
"""


def run_child(code: str, *args: str, source: Path = ROOT / "src") -> dict:
    """Python code in a fresh process importing ndsgraph from ``source``; it prints one JSON
    line, its peak RSS included."""
    footer = "\nimport resource as _r; _answer['peak_mib'] = _r.getrusage(_r.RUSAGE_SELF).ru_maxrss / 1024\n"
    footer += "_answer['child_peak_mib'] = _r.getrusage(_r.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    footer += "print(json.dumps(_answer))\n"
    done = subprocess.run(
        [PYTHON, "-c", code + footer, *args],
        capture_output=True,
        text=True,
        cwd=source.parent,
        env={**os.environ, "PYTHONPATH": str(source)},
        timeout=6 * 3600,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _phases(answer: dict) -> str:
    return ", ".join(f"{k} {v:.1f} s" for k, v in answer["phases"].items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m", choices=["100k", "1m", "5m"])
    parser.add_argument("--before", type=Path, help="a checkout of the earlier version")
    parser.add_argument("--submitter", default=AMSTERDAM, help="whose statements are submitted")
    parser.add_argument(
        "--store",
        type=Path,
        help="measure on a copy of this store (built by an earlier --keep) instead of building one",
    )
    parser.add_argument(
        "--only",
        choices=["run", "submission", "as-of"],
        help="measure only this: the whole-store run (with --store), the submission or the register as of a moment",
    )
    parser.add_argument(
        "--first-run",
        action="store_true",
        help="with --store --only run: forget the copy's register first (its run graphs), so "
        "the run records every finding anew, as the first run of a store does",
    )
    parser.add_argument(
        "--code",
        type=Path,
        default=ROOT / "src",
        help="the src folder of the ndsgraph to time (default: this checkout's)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the store in this folder; if it holds one already (from an earlier --keep "
        "of the same size), skip building it and the whole-store run",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ndsgraph-register-"))
    atexit.register(shutil.rmtree, work, True)  # the data and stores are large
    store = args.keep / "store" if args.keep else work / "store"
    print(f"# {args.size}; {time.strftime('%Y-%m-%d')}")
    if args.store:
        store = work / "store"
        shutil.copytree(args.store, store)
        if args.only in (None, "run"):
            whole_store_run(args, store)
    elif not store.exists():
        whole_store_runs(args, work, store)
    measure(args, store)


def whole_store_runs(args: argparse.Namespace, work: Path, store: Path) -> None:
    """The store built from a generated landscape, and whole-store runs of it (and of the
    earlier version, with ``--before``)."""
    landscape = generate.write(work / f"landscape-{args.size}.nt", size=args.size)
    lines = sum(1 for _ in landscape.open("rb"))
    print(f"{lines} landscape triples")
    print("\n## whole-store run, including writing it")
    print("| code | seconds | phases | peak MiB | findings |")
    print("|---|---|---|---|---|")
    if args.before:
        before = work / "before-store"
        run_child(LOAD, str(landscape), str(before), GRAPH, source=args.before / "src")
        old = run_child(
            BEFORE_WHOLE_STORE_RUN, str(landscape), str(before), source=args.before / "src"
        )
        print(
            f"| before ({args.before.name}) | {old['seconds']:.1f} | {_phases(old)} "
            f"| {old['peak_mib']:.0f} | {old['findings']} |",
            flush=True,
        )
        shutil.rmtree(before)
    run_child(LOAD, str(landscape), str(store), GRAPH)
    full = run_child(WHOLE_STORE_RUN, str(landscape), str(store), source=args.code)
    print(
        f"| now | {full['seconds']:.1f} | {_phases(full)} | {full['peak_mib']:.0f} "
        f"| {full['findings']} |",
        flush=True,
    )


def whole_store_run(args: argparse.Namespace, store: Path) -> None:
    """A whole-store run of a copy of a built store (its register forgotten first, with
    ``--first-run``), by phase."""
    if args.first_run:
        run_child(FORGET_REGISTER, str(store), str(store))
    full = run_child(WHOLE_STORE_RUN, str(store), str(store), source=args.code)
    kind = "the first run" if full["first"] else "a run over a recorded register"
    print(f"\n## whole-store run of a copy of {args.store} ({kind}), including writing it")
    print("| code | seconds | phases | peak MiB | its largest child's peak MiB | findings |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {args.code} | {full['seconds']:.1f} | {_phases(full)} | {full['peak_mib']:.0f} "
        f"| {full['child_peak_mib']:.0f} | {full['findings']} |",
        flush=True,
    )


def measure(args: argparse.Namespace, store: Path) -> None:
    """A submission, and the register as of a moment, on the built store (the children's
    first argument, the landscape file, is not read by these two); only the one ``--only``
    names, or neither with ``--only run``."""
    if args.only not in (None, "submission"):
        if args.only == "as-of":
            as_of(store)
        return
    print(f"\n## {args.submitter}'s submission; the register current after it is accepted")
    answer = run_child(SUBMISSION, str(store), str(store), GRAPH, args.submitter)
    print("| triples | submission, s (first, again) | register current, s (first, again) |")
    print("|---|---|---|")
    first, again = answer["seconds"]
    current = ", ".join(f"{s:.2f}" for s in answer["current"])
    print(f"| {answer['triples']} | {first:.2f}, {again:.2f} | {current} |", flush=True)
    if args.only is None:
        as_of(store)


def as_of(store: Path) -> None:
    """The register and its counts as of a moment, on the built store."""
    print("\n## the register and its counts as of a moment (stored queries), best of three")
    print("| query | seconds | rows |")
    print("|---|---|---|")
    for name, measured in run_child(AS_OF, str(store), str(store)).items():
        if name not in ("peak_mib", "child_peak_mib"):
            print(f"| {name} | {measured['seconds']:.2f} | {measured['rows']} |")


if __name__ == "__main__":
    main()
