"""Reasoning benchmark: the RDFS and OWL 2 RL closures of a national-size landscape, owlrl
against the fast engines, on the same data in the same run.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_reasoning.py --size 1m --owlrl-timeout 900

The landscape is bulk-loaded with the bundled reference data into an embedded store, and the
asserted data is copied out (``snapshot.asserted``, timed on its own). Then, each in a fresh
process so its peak memory (max RSS) is its own: ``reason.inferred`` with owlrl (RDFS and
OWL 2 RL, the reference, within a time budget), with the SPARQL rule queries (RDFS) and with
reasonable (OWL 2 RL). Correctness: where owlrl finishes, reasonable must infer the same
statements about the landscape (``reason.about_things``, as in tests/test_reason.py), and the
rule queries none that owlrl does not; the script exits non-zero otherwise.
Nothing talks to the network.
"""

import argparse
import atexit
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_load_queries import run_child
from bench_validation import LOAD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ndsgraph import generate  # noqa: E402

INFER = """
import json, sys, time
from pathlib import Path
import pyoxigraph as ox
from ndsgraph import reason
from ndsgraph.store import snapshot
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[1]))
t = time.perf_counter(); copy, _ = snapshot.asserted(store); copied = time.perf_counter() - t
del store
profile, engine = sys.argv[2].split(":")
t = time.perf_counter(); added = reason.inferred(copy, profile, engine)
seconds = time.perf_counter() - t
# about named things: each process's copy gives the store's blank nodes labels of its own
landscape = sorted(str(t) for t in reason.about_things(added) if isinstance(t.subject, ox.NamedNode))
Path(sys.argv[3]).write_text("\\n".join(landscape))
_answer = {"seconds": seconds, "snapshot": copied, "triples": len(copy), "inferred": len(added),
           "landscape": len(landscape)}
"""

GRAPH = "https://w3id.org/ndsgraph/graph/benchmark"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m", choices=["100k", "1m", "5m"])
    parser.add_argument("--owlrl-timeout", type=float, default=1800)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ndsgraph-reasoning-"))
    atexit.register(shutil.rmtree, work, True)
    landscape = generate.write(work / f"landscape-{args.size}.nt", size=args.size)
    print(f"# {args.size}: reasoning; {time.strftime('%Y-%m-%d')}")
    print("\n| engine, profile | seconds | peak MiB | inferred | about the landscape |")
    print("|---|---|---|---|---|")
    run_child(
        "import json, sys\n" + LOAD + "\n_answer = {}", str(landscape), str(work / "store"), GRAPH
    )
    answers = {}
    for case in ("owlrl:rdfs", "sparql:rdfs", "owlrl:owlrl", "reasonable:owlrl"):
        engine, profile = case.split(":")
        budget = args.owlrl_timeout if engine == "owlrl" else 3600
        answer = run_child(
            INFER,
            str(work / "store"),
            f"{profile}:{engine}",
            str(work / f"{engine}-{profile}.txt"),
            timeout=budget,
        )
        answers[case] = answer
        if answer["seconds"] != answer["seconds"]:
            print(f"| {engine}, {profile} | > {budget:g} (stopped) | | | |", flush=True)
            continue
        print(
            f"| {engine}, {profile} | {answer['seconds']:.1f} | {answer['peak_mib']:.0f} "
            f"| {answer['inferred']} | {answer['landscape']} |",
            flush=True,
        )
    copied = next(a for a in answers.values() if "snapshot" in a)
    print(
        f"\nAsserted data: {copied['triples']} triples, copied out in {copied['snapshot']:.1f} s."
    )

    def statements(case: str) -> set[str]:
        engine, profile = case.split(":")
        return set((work / f"{engine}-{profile}.txt").read_text().splitlines())

    # the RDFS rule queries against owlrl's RDFS, and against OWL 2 RL, whose rules include theirs
    for wider, name in (("owlrl:rdfs", "owlrl's RDFS"), ("reasonable:owlrl", "reasonable's")):
        if "landscape" in answers[wider]:
            fast, reference = statements("sparql:rdfs"), statements(wider)
            if not fast <= reference:
                sys.exit(f"the RDFS rule queries inferred statements {name} did not")
            print(
                f"Every statement of the RDFS rule queries about the landscape is among "
                f"{name} ({len(fast)} of {len(reference)})."
            )
    if "landscape" in answers["owlrl:owlrl"]:
        same = (work / "owlrl-owlrl.txt").read_text() == (work / "reasonable-owlrl.txt").read_text()
        if not same:
            sys.exit("reasonable and owlrl disagree about the landscape")
        print("reasonable and owlrl (OWL 2 RL) inferred the same statements about the landscape.")
    else:
        print("owlrl did not finish within its budget: the results were not compared.")


if __name__ == "__main__":
    main()
