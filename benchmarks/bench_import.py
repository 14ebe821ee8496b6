"""internet.nl import speed (issue 15): the results of 2,500 domains (web and mail) imported
and the register brought up to date on a national-size landscape, beside what storing the
same statements alone costs, and the stored queries right after.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_import.py --size 1m
    .venv/bin/python benchmarks/bench_import.py --size 100k --profile   # where the time goes
    .venv/bin/python benchmarks/bench_import.py --size 1m --keep /tmp/import-1m  # again, faster
    .venv/bin/python benchmarks/bench_import.py --size 1m --keep /tmp/import-1m --code /tmp/old/src

The landscape store is built as bench_register.py builds it (the bundled data and the
generated landscape, bulk-loaded) and judged once whole (`register.judge_all`), so the
register exists. Then, with a fixed seed, internet.nl batch results for `--domains` domains
of the store's organisations (gemeenten, provincies, waterschappen, ministries, …) are
written to a temporary folder: a web and a mail batch in API v2 format (or v1.1 with
`--format v1.1`), most tests passing, some failing, some not tested, a few domains in error,
and the DOMAINS.csv that maps each domain to its organisation's IRI; and a later rescan of
the same domains in which some verdicts changed. Each measurement runs in a fresh process,
so its peak memory (max RSS) is its own:

- the import as a user runs it (`ndsgraph import internetnl WEB MAIL --domains CSV`:
  `internetnl.read_files`, then `internetnl.import_batches`): reading, the statements,
  judging them in context, storing the graphs and the register brought up to date; first
  the two batches, then the rescan; by phase (the library's functions wrapped, not changed;
  phases read side by side overlap, so they can add up to more than the import's seconds);
- the floor, beside it: the same statements stored without judging, bulk-loaded
  (`store.bulk_replace`) and in one transaction (`store.replace_graphs`, as the import
  stores them);
- the stored queries right after the import: a page of the register (`register`,
  limit 1000, as `/api/queries/register?limit=1000` runs it) and `kpi-standard-adoption`;
- a check that the import agrees with the generated results: the verdicts per batch, one
  register finding per domain and standard whose latest measurement failed, and the KPI
  computed by hand from the generated results.

With `--keep DIR` the landscape store, judged whole, is kept in DIR (never in /work/bench): a
later run with the same DIR copies it instead of building and judging it again (minutes at
1m), so the imports start from the same store each time. With `--code SRC` the imports are
those of another checkout's ndsgraph (its `src` folder), on the same generated results: two
versions measured back to back on copies of one kept store.

The goal: ≤ 10 s per import at 1m for 2,500 domains (web + mail). Everything stays on this
machine; nothing talks to the network.
"""

import argparse
import atexit
import csv
import itertools
import json
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench_register import GRAPH, LOAD, WHOLE_STORE_RUN, run_child

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ndsgraph import generate  # noqa: E402
from ndsgraph.importers import internetnl  # noqa: E402

GOAL_SECONDS, GOAL_SIZE, GOAL_DOMAINS = 10.0, "1m", 2500
RULE = "https://w3id.org/ndsgraph/id/regel/pas-toe-of-leg-uit/gemeten-standaard"
SEED = 2026
# the share of domains conforming to each standard (about what the Forum's magazines report)
CONFORMING = {
    "dnssec": 0.85,
    "https-en-hsts": 0.9,
    "tls": 0.8,
    "ipv6": 0.7,
    "rpki": 0.75,
    "security-txt": 0.6,
    "dkim": 0.85,
    "spf": 0.9,
    "dmarc": 0.8,
    "starttls-en-dane": 0.7,
}
UNMEASURED_STANDARD = 0.03  # none of its tests measured on a domain (no mail server, …)
UNMEASURED_TEST = 0.03  # one test not tested (web_ipv6_ws_similar without IPv6, …)
IN_ERROR = 0.01  # a domain whose measurement failed
CHANGED = 0.08  # a standard's verdict on a domain that changes in the rescan
NOT_IN_V11 = ("rpki", "security-txt")  # tests API v1.1 did not have
# tests internet.nl runs that measure none of the standards (the importer passes them by)
OTHER_TESTS = {
    "web": [
        "web_appsecpriv_x_frame_options",
        "web_appsecpriv_referrer_policy",
        "web_appsecpriv_csp",
        "web_appsecpriv_x_content_type_options",
        "web_https_tls_0rtt",
        "web_https_tls_ocsp",
        "web_https_tls_cipherorder",
    ],
    "mail": [
        "mail_starttls_tls_version",
        "mail_starttls_tls_ciphers",
        "mail_starttls_cert_chain",
        "mail_starttls_cert_domain",
    ],
}
SUBDOMAINS = ["www", "werkenbij", "loket", "data", "mijn", "afval", "parkeren", "belastingen"]
SCANS = (("first", date(2025, 5, 1)), ("rescan", date(2025, 11, 1)))

ORGANISATIONS = """
import json, sys
from pathlib import Path
from ndsgraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[1]))
rows = store.query('''
    PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?organisation ?type WHERE {
      ?organisation a/rdfs:subClassOf* org:Organization ;
                    <https://w3id.org/ndsgraph/def/organisationType> ?type }''')
_answer = {"organisations": {r["organisation"].value: r["type"].value for r in rows}}
"""

PHASES = """
import threading
phases, local, adding = {}, threading.local(), threading.Lock()
def timed(name, owner, attribute):
    '''Time ``owner.attribute`` under ``name``, without the time of the timed calls in it
    (if the code measured has it: ``--code`` may name another version). Each thread keeps its
    own stack: calls made side by side (``ndsgraph.together``) are timed in their threads, so
    the phases can add up to more than the import took.'''
    function = getattr(owner, attribute, None)
    if function is None:
        return
    def measured(*args, **kwargs):
        stack = local.__dict__.setdefault("stack", [])
        stack.append(0.0)
        t = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent = time.perf_counter() - t
            with adding:
                phases[name] = phases.get(name, 0.0) + spent - stack.pop()
            if stack:
                stack[-1] += spent
    setattr(owner, attribute, measured)
"""

IMPORT = (
    """
import cProfile, io, json, pstats, sys, time
from pathlib import Path
from ndsgraph import register
from ndsgraph.importers import internetnl
from ndsgraph.intake import imports
from ndsgraph.register import explanations
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import OxigraphStore
from ndsgraph.validation import counts, national
store = OxigraphStore(Path(sys.argv[1]))
home, domains, profile = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "profile"
scans = json.loads(sys.argv[5])  # [[label, [web file, mail file]], ...]
home.mkdir(exist_ok=True)
"""
    + PHASES
    + """
timed("read", internetnl, "read_batch")
timed("read", internetnl, "read_domains")
timed("statements", internetnl, "graphs")
timed("context", imports, "beside")
timed("context", imports, "_dependants")
timed("register: explained", explanations, "explained")
timed("judge the import", imports, "judge")
timed("organisation counts", counts, "memberships")
timed("organisation counts", counts, "affected")
timed("organisation counts", register, "keep_counts")
timed("write graphs", store, "replace_graphs")
timed("write graphs", store, "replace_large")
timed("register: national rules", national, "judge")
timed("register: record", register, "record")
timed("register: record", register, "in_force")  # read ahead, beside the judging
timed("register: other", register, "judge_submission")
_answer = {"imports": [], "queries": {}}
for label, files in scans:
    phases.clear()
    profiler = cProfile.Profile() if profile else None
    t = time.perf_counter()
    if profiler:
        profiler.enable()
    batches, mapping = internetnl.read_files([Path(f) for f in files], domains)
    summary = internetnl.import_batches(store, home, batches, mapping)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - t
    sizes = store.graphs()
    shown = io.StringIO()
    if profiler:
        pstats.Stats(profiler, stream=shown).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler, stream=shown).sort_stats("tottime").print_stats(15)
    _answer["imports"].append({
        "label": label, "seconds": seconds, "phases": dict(phases),
        "summary": summary.as_json(), "statements": sum(sizes[g] for g in summary.graphs),
        "profile": shown.getvalue(),
    })
page = sparql_text.paged(queries.stored("register").text, 1000, None)
for name, run in (
    ("register, limit 1000", lambda: list(store.query(page))),
    ("kpi-standard-adoption", lambda: list(queries.run(store, queries.stored("kpi-standard-adoption")))),
):
    times = []
    for _ in range(3):
        t = time.perf_counter(); rows = run(); times.append(time.perf_counter() - t)
    _answer["queries"][name] = {"first": times[0], "best": min(times), "rows": len(rows)}
# what the check compares with the generated results (after the timings)
_answer["findings"] = [
    [r["subject"].value, r["value"].value, r["explained"].value]
    for r in queries.run(store, queries.stored("register")) if r["rule"].value == sys.argv[6]
]
_answer["kpi"] = [
    [r["standard"].value, r["organisationType"].value, int(r["measured"].value),
     int(r["conforming"].value)]
    for r in queries.run(store, queries.stored("kpi-standard-adoption"))
]
"""
)

FLOOR = """
import hashlib, json, sys, time
from pathlib import Path
import pyoxigraph as ox
from ndsgraph.importers import internetnl
from ndsgraph.store import GraphContent, OxigraphStore
store = OxigraphStore(Path(sys.argv[1]))
domains, out = Path(sys.argv[2]), Path(sys.argv[3])
scans = json.loads(sys.argv[4])
contents = []  # per scan: the importer's own statements, under graphs of the floor's own
for label, files in scans:
    batches, mapping = internetnl.read_files([Path(f) for f in files], domains)
    graphs, _ = internetnl.graphs(store, batches, mapping)
    contents.append({graph + "-floor": triples for graph, triples in graphs.items()})
_answer = {"bulk": [], "transaction": [], "statements": []}
for scan in contents:
    files = {}
    for graph, triples in scan.items():
        files[graph] = out / (hashlib.sha256(graph.encode()).hexdigest()[:16] + ".nt")
        ox.serialize(triples, output=str(files[graph]), format=ox.RdfFormat.N_TRIPLES)
    t = time.perf_counter()
    for graph, path in files.items():
        store.bulk_replace(graph, path, ox.RdfFormat.N_TRIPLES, "floor")
    store.flush()
    _answer["bulk"].append(time.perf_counter() - t)
    sizes = store.graphs()
    _answer["statements"].append(sum(sizes[g] for g in scan))
for graph in (g for scan in contents for g in scan):
    store.drop_graph(graph)
for scan in contents:
    t = time.perf_counter()
    store.replace_graphs({g: GraphContent(triples, "floor") for g, triples in scan.items()})
    _answer["transaction"].append(time.perf_counter() - t)
for graph in (g for scan in contents for g in scan):
    store.drop_graph(graph)
"""


# -- the generated results ----------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    """One scan of every domain, web and mail: per (domain, kind), None when the domain's
    measurement failed, else each test's API v2 status."""

    label: str
    day: date
    statuses: dict[tuple[str, str], dict[str, str] | None]


def standard_tests(kind: str, api: str) -> dict[str, list[str]]:
    """Standard (local name) -> its tests that a batch of ``kind`` runs."""
    found = {}
    for standard, tests in internetnl.test_sets().items():
        local = standard.rsplit("/", 1)[1]
        mine = sorted(t for t in tests if t.startswith(f"{kind}_"))
        if mine and not (api == "v1.1" and local in NOT_IN_V11):
            found[local] = mine
    return found


def domain_names(organisations: list[str], count: int, rng: random.Random) -> dict[str, str]:
    """``count`` domain names -> organisation IRI: each organisation one (as far as they go),
    the rest at random; named after the organisation's code (gm0363.nl, www.gm0363.nl, …)."""
    owners = rng.sample(organisations, min(count, len(organisations)))
    owners += [rng.choice(organisations) for _ in range(count - len(owners))]
    mapping: dict[str, str] = {}
    for owner in owners:
        code = owner.rstrip("/").rsplit("/", 1)[1].lower()
        prefixes = itertools.chain(
            [""], (f"{s}." for s in SUBDOMAINS), (f"site{n}." for n in itertools.count(1))
        )
        name = next(n for n in (f"{p}{code}.nl" for p in prefixes) if n not in mapping)
        mapping[name] = owner
    return mapping


def _statuses(tests: list[str], conforms: bool, rng: random.Random) -> dict[str, str]:
    """A standard's tests on one domain: all passed, or one or two not passed; sometimes none
    of them tested, sometimes one of them."""
    if rng.random() < UNMEASURED_STANDARD:
        return dict.fromkeys(tests, "not_tested")
    found = dict.fromkeys(tests, "passed")
    if not conforms:
        for test in rng.sample(tests, min(len(tests), rng.choice((1, 1, 2)))):
            found[test] = rng.choice(("failed", "failed", "warning"))
    if len(tests) > 1 and rng.random() < UNMEASURED_TEST:
        found[rng.choice(tests)] = "not_tested"
    return found


def scans(names: list[str], api: str, rng: random.Random) -> list[Scan]:
    """The first scan and a later rescan in which some verdicts changed."""
    sets = {kind: standard_tests(kind, api) for kind in ("web", "mail")}
    conforms = {
        (name, kind, standard): rng.random() < CONFORMING[standard]
        for name in names
        for kind in sets
        for standard in sets[kind]
    }
    found = []
    for label, day in SCANS:
        if found:  # the rescan: some verdicts changed
            conforms = {k: v != (rng.random() < CHANGED) for k, v in conforms.items()}
        statuses: dict[tuple[str, str], dict[str, str] | None] = {}
        for name in names:
            for kind, standards in sets.items():
                if rng.random() < IN_ERROR:
                    statuses[name, kind] = None
                    continue
                tests = {}
                for standard, of in standards.items():
                    tests |= _statuses(of, conforms[name, kind, standard], rng)
                tests |= {t: rng.choice(("passed", "passed", "failed")) for t in OTHER_TESTS[kind]}
                statuses[name, kind] = tests
        found.append(Scan(label, day, statuses))
    return found


def _v2(scan: Scan, kind: str, identifier: str) -> dict:
    stamp = f"{scan.day.isoformat()}T12:00:00Z"
    domains = {}
    for (name, of), tests in scan.statuses.items():
        if of != kind:
            continue
        if tests is None:
            domains[name] = {"status": "error"}
            continue
        passed = sum(s == "passed" for s in tests.values())
        path = "site" if kind == "web" else "mail"
        domains[name] = {
            "status": "ok",
            "scoring": {"percentage": round(100 * passed / len(tests))},
            "report": {"url": f"https://batch.internet.nl/{path}/{name}/{len(domains) + 1}/"},
            "results": {
                "categories": {},
                "tests": {
                    t: {"status": s, "verdict": "good" if s == "passed" else s}
                    for t, s in tests.items()
                },
            },
        }
    request = {
        "request_id": identifier,
        "name": f"Benchmark {kind} {scan.label}",
        "request_type": kind,
        "status": "done",
        "submit_date": stamp,
        "finished_date": stamp,
    }
    return {"api_version": "2.0.0", "request": request, "domains": domains}


def _v11(scan: Scan, kind: str, identifier: str) -> dict:
    stamp = f"{scan.day.isoformat()}T12:00:00+00:00"
    domains = []
    for (name, of), tests in scan.statuses.items():
        if of != kind:
            continue
        path = "site" if kind == "web" else "mail"
        entry = {
            "domain": name,
            "status": "ok" if tests is not None else "error",
            "link": f"https://batch.internet.nl/{path}/{name}/{len(domains) + 1}/",
        }
        if tests is not None:  # v1.1 lists the tests that ran
            ran = {t: s for t, s in tests.items() if s not in internetnl.NOT_MEASURED}
            entry["score"] = round(100 * sum(s == "passed" for s in ran.values()) / len(ran))
            entry["views"] = [{"name": t, "result": s == "passed"} for t, s in ran.items()]
        domains.append(entry)
    data = {
        "submission-date": stamp,
        "finished-date": stamp,
        "name": f"Benchmark {kind} {scan.label}",
        "identifier": identifier,
        "api-version": "1.1",
        "domains": domains,
    }
    return {"success": True, "message": "OK", "data": data}


def write_files(folder: Path, scans: list[Scan], mapping: dict[str, str], api: str) -> dict:
    """The domain list and each scan's web and mail batch: {label: [web file, mail file]}."""
    with (folder / "DOMAINS.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["domain", "organisation"])
        writer.writerows(mapping.items())
    files = {}
    for scan in scans:
        files[scan.label] = []
        for kind in ("web", "mail"):
            identifier = f"benchmark-{kind}-{scan.label}"
            document = (_v2 if api == "v2" else _v11)(scan, kind, identifier)
            path = folder / f"{kind}-{scan.label}-{api}.json"
            path.write_text(json.dumps(document))
            files[scan.label].append(str(path))
    return files


# -- what the import must find --------------------------------------------------------------


def verdicts(scan: Scan, api: str) -> dict[tuple[str, str, str], bool]:
    """(domain, kind, standard) -> conforms, for every standard measured on a domain."""
    found = {}
    for (name, kind), tests in scan.statuses.items():
        if tests is None:
            continue
        for standard, of in standard_tests(kind, api).items():
            measured = [tests[t] for t in of if tests[t] not in internetnl.NOT_MEASURED]
            if measured:
                found[name, kind, standard] = all(s == "passed" for s in measured)
    return found


def expected_kpi(
    latest: dict[tuple[str, str, str], bool], mapping: dict[str, str], types: dict[str, str]
) -> set[tuple[str, str, int, int]]:
    """(standard, organisation type, measured, conforming) per standard and type."""
    verdicts: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
    for (name, _, standard), conforms in latest.items():
        organisation = mapping[name]
        mine = verdicts[standard, types[organisation]]
        mine[organisation] = mine.get(organisation, True) and conforms
    standard = "https://w3id.org/ndsgraph/id/standaard/"
    return {(standard + s, t, len(orgs), sum(orgs.values())) for (s, t), orgs in verdicts.items()}


def agreement(generated: list[Scan], api: str, answer: dict, mapping, types) -> list[str]:
    """What the import got other than the generated results say (empty: it agrees)."""
    wrong = []
    latest: dict[tuple[str, str, str], bool] = {}
    for scan, imported in zip(generated, answer["imports"], strict=True):
        found = verdicts(scan, api)
        latest |= found
        wanted = {
            "voldoet": sum(found.values()),
            "voldoet-niet": len(found) - sum(found.values()),
        }
        if imported["summary"]["verdicts"] != wanted:
            wrong.append(f"{scan.label}: verdicts {imported['summary']['verdicts']}, not {wanted}")
    failing = sum(not conforms for conforms in latest.values())
    if len(answer["findings"]) != failing:
        wrong.append(f"{len(answer['findings'])} measured findings in the register, not {failing}")
    kpi = {tuple(row) for row in answer["kpi"]}
    if kpi != expected_kpi(latest, mapping, types):
        wrong.append(f"kpi-standard-adoption differs: {sorted(kpi)[:3]} …")
    return wrong


# -- the report -------------------------------------------------------------------------------


def _phases(phases: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in sorted(phases.items(), key=lambda kv: -kv[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m", choices=["100k", "1m", "5m"])
    parser.add_argument("--domains", type=int, default=GOAL_DOMAINS, help="domains per batch")
    parser.add_argument("--format", default="v2", choices=["v2", "v1.1"], help="the API's")
    parser.add_argument("--profile", action="store_true", help="cProfile the imports")
    parser.add_argument(
        "--code",
        type=Path,
        default=ROOT / "src",
        help="the src folder of the ndsgraph whose import to time (default: this checkout's)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the landscape store, judged whole, in this folder; if it holds one already "
        "(from an earlier --keep of the same size), copy it instead of building it",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ndsgraph-import-"))
    atexit.register(shutil.rmtree, work, True)  # the data and stores are large
    store = work / "store"
    kept = args.keep / f"store-{args.size}" if args.keep else None
    if kept is not None and kept.exists():
        shutil.copytree(kept, store)
        whole = json.loads((args.keep / f"whole-{args.size}.json").read_text())
        print(f"# {args.size}: the store kept in {kept}; {time.strftime('%Y-%m-%d')}")
    else:
        landscape = generate.write(work / f"landscape-{args.size}.nt", size=args.size)
        lines = sum(1 for _ in landscape.open("rb"))
        print(f"# {args.size}: {lines} landscape triples; {time.strftime('%Y-%m-%d')}")
        run_child(LOAD, str(landscape), str(store), GRAPH)
        whole = run_child(WHOLE_STORE_RUN, str(landscape), str(store))
        if kept is not None:
            shutil.copytree(store, kept)
            (args.keep / f"whole-{args.size}.json").write_text(json.dumps(whole))
    types = run_child(ORGANISATIONS, str(store))["organisations"]
    rng = random.Random(SEED)
    mapping = domain_names(sorted(types), args.domains, rng)
    generated = scans(sorted(mapping), args.format, rng)
    folder = work / "results"
    folder.mkdir()
    files = write_files(folder, generated, mapping, args.format)
    print(
        f"\nThe register judged whole first: {whole['seconds']:.1f} s, {whole['findings']} "
        f"findings. Generated (seed {SEED}): {len(mapping)} domains of {len(set(mapping.values()))} "
        f"organisations, each in a web and a mail batch (API {args.format}), and a rescan."
    )

    scanned = json.dumps([[label, paths] for label, paths in files.items()])
    mode = "profile" if args.profile else "time"
    answer = run_child(
        IMPORT,
        *(str(store), str(work / "home"), str(folder / "DOMAINS.csv"), mode, scanned, RULE),
        source=args.code,
    )
    print("\n## the import, end to end: read, judge, store, the register brought up to date")
    print(f"Code: {args.code}")
    if args.profile:
        print("(under cProfile: slower than without)")
    print("| import | domains measured | statements | seconds | phases, s | peak MiB |")
    print("|---|---|---|---|---|---|")
    for done in answer["imports"]:
        print(
            f"| {done['label']} (web + mail) | {done['summary']['measured']} "
            f"| {done['statements']} | {done['seconds']:.2f} | {_phases(done['phases'])} "
            f"| {answer['peak_mib']:.0f} |",
            flush=True,
        )

    floor = run_child(FLOOR, str(store), str(folder / "DOMAINS.csv"), str(folder), scanned)
    print("\n## beside it, the floor: the same statements stored without judging")
    print("| way | first, s | rescan, s | statements | peak MiB |")
    print("|---|---|---|---|---|")
    for way, label in (
        ("bulk", "bulk load (store.bulk_replace)"),
        ("transaction", "one transaction (store.replace_graphs)"),
    ):
        first, again = floor[way]
        statements = " + ".join(str(n) for n in floor["statements"])
        print(f"| {label} | {first:.2f} | {again:.2f} | {statements} | {floor['peak_mib']:.0f} |")
    imported = [done["statements"] for done in answer["imports"]]
    same = imported == floor["statements"]
    print(
        f"\nThe import stored {' + '.join(map(str, imported))} statements: "
        + ("the same as the floor loads." if same else "NOT what the floor loads.")
    )

    print("\n## the stored queries right after the import")
    print("| query | first, s | best of 3, s | rows |")
    print("|---|---|---|---|")
    for name, measured in answer["queries"].items():
        print(f"| {name} | {measured['first']:.2f} | {measured['best']:.2f} | {measured['rows']} |")

    wrong = agreement(generated, args.format, answer, mapping, types)
    print("\n## the import against the generated results")
    if wrong:
        print("\n".join(f"- DISAGREES: {w}" for w in wrong))
    else:
        print(
            "The verdicts of every batch, one register finding per domain and standard whose "
            "latest measurement failed, and kpi-standard-adoption agree with the generated results."
        )

    slowest = max(done["seconds"] for done in answer["imports"])
    met = slowest <= GOAL_SECONDS
    print(
        f"\n## goal: ≤ {GOAL_SECONDS:.0f} s per import at {GOAL_SIZE} for {GOAL_DOMAINS:,} domains "
        f"(web + mail)\nHere ({args.size}, {len(mapping)} domains): the slower import took "
        f"{slowest:.2f} s: {'met' if met else 'NOT met'}"
        + (
            "."
            if args.size == GOAL_SIZE and len(mapping) == GOAL_DOMAINS
            else " (the goal is for 1m)."
        )
    )
    if args.profile:
        for done in answer["imports"]:
            print(f"\n## where the time goes: {done['label']} (cProfile, cumulative)\n")
            print("```\n" + done["profile"].strip() + "\n```")
    if wrong or not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
