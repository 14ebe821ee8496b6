"""Validation benchmark: a full run over a national-size landscape, and one organisation's
submission against a store holding one, with the naive way beside it.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_validation.py --size 1m --pyshacl-timeout 1800

Each measurement runs in a fresh process, so its peak memory (max RSS) is its own:

- ndsgraph full run: the landscape bulk-loaded with the bundled data into an embedded store,
  then the snapshot of the asserted data, validation with all frameworks (the default engine)
  and recording the run; the findings per rule are checked against what the generator built in;
- plain pySHACL over rdflib in memory with the same shapes and data (the naive way, with the
  design card's packages), within a time budget;
- a submission: every statement about one organisation's own things (a few thousand triples at
  the larger sizes), through ndsgraph's submission path, against a store another process
  loaded (as `ndsgraph load` and `ndsgraph serve` do): the first in a fresh process, then
  the same statements submitted again in the same process.

Everything stays on this machine; nothing talks to the network.
"""

import argparse
import atexit
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_load_queries import run_child

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ndsgraph import generate  # noqa: E402

GRAPH = "https://w3id.org/ndsgraph/graph/benchmark"
AMSTERDAM = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"

LOAD = """
from pathlib import Path
import pyoxigraph as ox
from ndsgraph.store import bundled
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[2]), create=True)
list(bundled.load_bundled(store, progress=False))
store.drop_graph("https://w3id.org/ndsgraph/graph/example-landscape")  # the landscape replaces it
store.bulk_replace(sys.argv[3], Path(sys.argv[1]), ox.RdfFormat.N_TRIPLES, "benchmark")
store.flush()
"""

FULL_RUN = (
    "import json, sys, time\n"
    + LOAD
    + """
from collections import Counter
from ndsgraph import generate, register, validation
from ndsgraph.store import snapshot
phases = {}
t = time.perf_counter(); copy, digest = snapshot.asserted(store)
phases["snapshot"] = time.perf_counter() - t
t = time.perf_counter(); outcome = validation.validate(copy, digest, reference_date=generate.TODAY)
phases["validate"] = time.perf_counter() - t
t = time.perf_counter(); register.record(store, register.Judgement(outcome, variants=register.variants(store)))
phases["record"] = time.perf_counter() - t
found = Counter("/".join(f.rule.rsplit("/", 2)[1:]) for f in outcome.findings if "/voorbeeld/" in f.subject)
_answer = {"seconds": sum(phases.values()), "phases": phases, "findings": len(outcome.findings),
           "by_rule": dict(found), "triples": len(copy)}
"""
)

PYSHACL = """
import json, sys, time
import pyshacl, rdflib
from ndsgraph.validation import frameworks
from ndsgraph import generate, validation
from rdflib import Graph
shapes, _ = frameworks.shapes_graph(frameworks.select(None))
data = Graph(); data.parse(sys.argv[1], format="nt"); data += validation.reference_context()
data += validation.framework_descriptions(shapes)  # the run context ndsgraph adds, as data
validation._context_node(data, generate.TODAY, frameworks.parameters(shapes, {}))
t = time.perf_counter()
_, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
results = len(set(report.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult"))))
_answer = {"seconds": time.perf_counter() - t, "findings": results}
"""

SUBMISSION = """
import json, sys, time
from pathlib import Path
import pyoxigraph as ox
from ndsgraph.store import OxigraphStore
from ndsgraph.intake.submissions import Submissions
from ndsgraph.intake.submitters import Submitter
store = OxigraphStore(Path(sys.argv[2]))  # loaded by another process, as `ndsgraph load` does
own = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{sys.argv[3]}> {{ ?s <https://w3id.org/ndsgraph/def/organisation> <{sys.argv[4]}> ; ?p ?o }} }}"
triples = list(store.query(own))
submissions = Submissions(store, Path(sys.argv[2]).parent / "home", "none")
seconds = []
for _ in range(2):  # the first in a fresh process, then the same statements again, as a server sees
    t = time.perf_counter()
    outcome = submissions.submit(Submitter(sys.argv[4]), triples)
    seconds.append(time.perf_counter() - t)
_answer = {"seconds": seconds, "triples": len(triples), "accepted": outcome.accepted,
           "findings": len(outcome.findings)}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m", choices=["100k", "1m", "5m"])
    parser.add_argument(
        "--submission-size",
        choices=["100k", "1m", "5m"],
        help="the landscape the submission is judged against (default: --size)",
    )
    parser.add_argument("--pyshacl-timeout", type=float, default=1800)
    parser.add_argument(
        "--submitter",
        default=AMSTERDAM,
        help="whose statements are submitted (default: gemeente Amsterdam)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ndsgraph-validation-"))
    atexit.register(shutil.rmtree, work, True)  # the data and stores are large
    landscape = generate.write(work / f"landscape-{args.size}.nt", size=args.size)
    expected = json.loads(landscape.with_suffix(".findings.json").read_text())["non_conformances"]
    lines = sum(1 for _ in landscape.open("rb"))
    print(f"# {args.size}: {lines} landscape triples; {time.strftime('%Y-%m-%d')}")

    print("\n## full validation run")
    full = run_child(FULL_RUN, str(landscape), str(work / "store"), GRAPH)
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in full["phases"].items())
    print("| engine | seconds | peak MiB | findings |")
    print("|---|---|---|---|")
    print(
        f"| ndsgraph ({phases}) | {full['seconds']:.1f} | {full['peak_mib']:.0f} "
        f"| {full['findings']} |",
        flush=True,
    )
    naive = run_child(PYSHACL, str(landscape), timeout=args.pyshacl_timeout)
    seconds = naive["seconds"]
    shown = f"> {args.pyshacl_timeout:g}" if seconds != seconds else f"{seconds:.1f}"
    print(
        f"| plain pySHACL over rdflib in memory | {shown} | {naive['peak_mib']:.0f} "
        f"| {naive.get('findings', '')} |",
        flush=True,
    )
    wrong = {
        r: (full["by_rule"].get(r, 0), n)
        for r, n in expected.items()
        if full["by_rule"].get(r, 0) != n
    }
    if wrong:
        sys.exit(f"the run did not find what the generator built in (found, expected): {wrong}")
    print("\nThe run found exactly the non-conformances the generator built in.")

    size = args.submission_size or args.size
    if size != args.size:
        landscape = generate.write(work / f"landscape-{size}.nt", size=size)
    print(f"\n## {args.submitter}'s submission against the {size} store")
    store = str(work / "submission-store")
    run_child("import json, sys\n" + LOAD + "\n_answer = {}", str(landscape), store, GRAPH)
    answer = run_child(SUBMISSION, str(landscape), store, GRAPH, args.submitter)
    print(
        "| submission triples | first, seconds | again, seconds | peak MiB | accepted | findings |"
    )
    print("|---|---|---|---|---|---|")
    first, again = answer["seconds"]
    print(
        f"| {answer['triples']} | {first:.2f} | {again:.2f} | {answer['peak_mib']:.0f} "
        f"| {answer['accepted']} | {answer['findings']} |"
    )


if __name__ == "__main__":
    main()
