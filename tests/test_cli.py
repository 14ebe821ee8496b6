"""The ndsgraph command, run as a real process: useful output, one-line errors, no tracebacks."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ndsgraph.store import OxigraphStore

from .conftest import DATA


def ndsgraph(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """An on-disk store with the bundled data, loaded through the CLI."""
    path = tmp_path_factory.mktemp("cli") / "store"
    result = ndsgraph("load", store=path)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def empty_store(tmp_path) -> Path:
    """A new, empty on-disk store (only `load` creates one from the command line)."""
    path = tmp_path / "store"
    OxigraphStore(path, create=True)  # released at once: the CLI's process opens it next
    return path


def test_load_reports_graphs_and_a_second_load_reuses_the_store(store_dir):
    again = ndsgraph("load", store=store_dir)
    assert again.returncode == 0
    assert again.stdout.startswith("0 of ")
    assert "unchanged" in again.stdout


def test_query_prints_a_table_and_machine_formats(store_dir):
    text = (
        "SELECT ?b WHERE { ?b a <https://w3id.org/ndsgraph/def/BuildingBlock> } ORDER BY ?b LIMIT 3"
    )
    table = ndsgraph("query", text, store=store_dir)
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].strip() == "b"
    assert "(3 rows)" in table.stdout
    rows = list(
        csv.reader(io.StringIO(ndsgraph("query", text, "--format", "csv", store=store_dir).stdout))
    )
    assert rows[0] == ["b"] and len(rows) == 4
    bindings = json.loads(ndsgraph("query", text, "--format", "json", store=store_dir).stdout)
    assert len(bindings["results"]["bindings"]) == 3


def test_query_table_names_its_iris_in_the_chosen_language_and_csv_keeps_them(store_dir):
    """`ndsgraph query` printed a table of IRIs where the README promised names: the table is
    for people (names, numbers in the language's notation), CSV and JSON for programs."""
    digid = "https://w3id.org/ndsgraph/id/bouwsteen/digid"
    text = f"SELECT ?block ?share ?code WHERE {{ BIND(<{digid}> AS ?block) BIND(0.5 AS ?share) BIND('0034' AS ?code) }}"
    dutch = ndsgraph("query", text, store=store_dir)
    assert dutch.returncode == 0, dutch.stderr
    row = dutch.stdout.splitlines()[2].split()
    assert row == ["DigiD", "0,5", "0034"] and "https://" not in dutch.stdout, dutch.stdout
    english = ndsgraph("query", text, "--lang", "en", store=store_dir)
    assert english.stdout.splitlines()[2].split() == ["DigiD", "0.5", "0034"], english.stdout
    written = ndsgraph("query", text, "--format", "csv", store=store_dir).stdout
    assert list(csv.reader(io.StringIO(written)))[1] == [digid, "0.5", "0034"]


def test_query_from_a_stored_query_file(store_dir):
    path = Path(__file__).parents[1] / "src/ndsgraph/queries/building-blocks.rq"
    result = ndsgraph("query", "--file", str(path), "--format", "csv", store=store_dir)
    assert result.returncode == 0
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert header == ["buildingBlock", "name", "partner", "partnerName", "dependencies"]
    assert len(rows) >= 30


def test_query_runs_a_stored_query_by_name_with_its_parameters(store_dir):
    block = "https://w3id.org/ndsgraph/id/bouwsteen/"
    result = ndsgraph(
        *("query", "--stored", "dependencies", "--param", f"block={block}berichtenbox"),
        *("--format", "csv"),
        store=store_dir,
    )
    assert result.returncode == 0, result.stderr
    found = {
        row["dependency"].removeprefix(block) for row in csv.DictReader(io.StringIO(result.stdout))
    }
    assert found == {"mijnoverheid", "digid", "brp", "pkioverheid"}


def test_a_stored_query_takes_an_organisation_by_its_code_as_over_http(store_dir):
    """`--param organisation=gm0034` was refused ("must be an organisation's IRI") where
    /api/queries/contracts?organisation=gm0034 answers."""
    almere = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
    answers = [
        ndsgraph(
            *("query", "--stored", "contracts", "--param", f"organisation={given}"),
            *("--format", "csv"),
            store=store_dir,
        )
        for given in (almere, "GM0034")
    ]
    assert all(a.returncode == 0 for a in answers), [a.stderr for a in answers]
    assert answers[0].stdout == answers[1].stdout and answers[0].stdout.count("\n") > 1
    unknown = ndsgraph(
        "query", "--stored", "contracts", "--param", "organisation=gm9999", store=store_dir
    )
    assert unknown.returncode != 0 and "gm9999" in unknown.stderr


def test_stats_lists_graphs_and_classes(store_dir):
    result = ndsgraph("stats", store=store_dir)
    assert result.returncode == 0
    assert "https://w3id.org/ndsgraph/graph/organisations" in result.stdout
    assert "https://w3id.org/ndsgraph/def/BuildingBlock" in result.stdout


@pytest.mark.parametrize(
    ("lang", "block", "header", "graphs"),
    [
        ("nl", "bouwsteen", "klasse", "benoemde grafen"),
        ("en", "building block", "class", "named graphs"),
    ],
)
def test_stats_names_each_class_beside_its_iri_in_the_language_asked(
    store_dir, lang, block, header, graphs
):
    """The classes were IRIs alone ("https://w3id.org/ndsgraph/def/BuildingBlock")."""
    result = ndsgraph("stats", "--lang", lang, store=store_dir)
    assert result.returncode == 0, result.stderr
    row = next(
        line
        for line in result.stdout.splitlines()
        if line.startswith("https://w3id.org/ndsgraph/def/BuildingBlock ")
    )
    assert row.split()[1:-1] == block.split()
    assert header in result.stdout and graphs in result.stdout.splitlines()[0]


def test_export_writes_trig_that_parses_back(store_dir, tmp_path):
    out = tmp_path / "dump.trig"
    assert ndsgraph("export", "-o", str(out), store=store_dir).returncode == 0
    reloaded = ndsgraph("load", str(out), store=tmp_path / "other")
    assert reloaded.returncode == 0, reloaded.stderr
    assert "graph/organisations" in reloaded.stdout


def test_reason_materialises_into_its_own_graph_and_can_drop_it(tmp_path):
    store = tmp_path / "store"
    ndsgraph("load", str(DATA / "small.ttl"), store=store)
    ontology = Path(__file__).parents[1] / "ontology/ndsgraph.ttl"
    ndsgraph(
        "load", str(ontology), "--graph", "https://w3id.org/ndsgraph/graph/ontology", store=store
    )
    result = ndsgraph("reason", store=store)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) > 0
    ask = "ASK { GRAPH <https://w3id.org/ndsgraph/graph/inferred> { <https://w3id.org/ndsgraph/def/LegacySystem> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://schema.org/SoftwareApplication> } }"
    assert ndsgraph("query", ask, store=store).stdout.strip() == "true"
    assert ndsgraph("reason", "--drop", store=store).returncode == 0
    assert ndsgraph("query", ask, store=store).stdout.strip() == "false"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["load", str(DATA / "broken-late.ttl")], "broken-late.ttl: line 5"),
        (["load", str(DATA / "missing.ttl")], "missing.ttl: No such file"),
        (["load", str(DATA / "broken-query.rq")], "unknown RDF file type '.rq'"),
        (["query", "--file", str(DATA / "broken-query.rq")], "query: error at 3:"),
        (["query", "SELECT ?x WHERE { ?x ex:p ?y }"], "query: error at 1:27"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(store_dir, args, needle):
    result = ndsgraph(*args, store=store_dir)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ndsgraph: error: ")
    assert needle in lines[0]


FRAMEWORKS = DATA / "frameworks"


def test_validate_exit_codes_conforming_not_conforming_and_bad_input(empty_store):
    store = empty_store
    ok = ndsgraph(
        "validate",
        str(FRAMEWORKS / "exit-by-design-valid.ttl"),
        "--framework",
        "exit-by-design",
        "--date",
        "2026-06-01",
        store=store,
    )
    assert ok.returncode == 0, ok.stderr
    bad = ndsgraph(
        "validate",
        str(FRAMEWORKS / "exit-by-design-invalid.ttl"),
        "--framework",
        "exit-by-design",
        "--date",
        "2026-06-01",
        "--format",
        "csv",
        store=store,
    )
    assert bad.returncode == 1
    rows = list(csv.DictReader(io.StringIO(bad.stdout)))
    assert {r["rule"].rsplit("/", 1)[1] for r in rows} >= {"exitclausule", "looptijd"}
    assert "voldoet niet" in bad.stderr  # in Dutch, as --lang is by default
    for args in (
        ["validate", str(DATA / "broken-late.ttl")],
        ["validate", "--framework", "no-such-framework"],
        ["validate", str(FRAMEWORKS / "exit-by-design-valid.ttl"), "--param", "nonsense=1"],
    ):
        result = ndsgraph(*args, store=store)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_validation_run_is_stored_with_prov_and_first_seen_from_history(empty_store):
    store = empty_store
    ndsgraph("load", str(FRAMEWORKS / "legacy-invalid.ttl"), store=store)
    ndsgraph("validate", store=store)
    first = list(
        csv.DictReader(io.StringIO(ndsgraph("register", "--format", "csv", store=store).stdout))
    )
    ndsgraph("validate", store=store)
    second = list(
        csv.DictReader(io.StringIO(ndsgraph("register", "--format", "csv", store=store).stdout))
    )
    legacy = [r for r in second if "/legacy/" in r["rule"]]
    assert len(first) == len(second) and legacy  # judged today, not on a fixed date
    assert {r["first_seen"] for r in second} == {r["first_seen"] for r in first}
    prov = ndsgraph(
        "query",
        """
        PREFIX ndsg: <https://w3id.org/ndsgraph/def/> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?run ?time ?shapes ?input ?count WHERE { GRAPH ?g { ?run a ndsg:ValidationRun ;
          prov:startedAtTime ?time ; ndsg:shapesHash ?shapes ; ndsg:inputHash ?input ; ndsg:findingCount ?count } }""",
        "--format",
        "csv",
        store=store,
    )
    runs = list(csv.DictReader(io.StringIO(prov.stdout)))
    assert len(runs) == 2 and {r["count"] for r in runs} == {str(len(first))}
    assert len({r["input"] for r in runs}) == 1 and len(runs[0]["shapes"]) == 64


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        (
            "nl",
            "4 bevindingen, 4 onverklaard; voldoet niet; bestanden worden beoordeeld, niet vastgelegd",
        ),
        ("en", "4 findings, 4 unexplained; does not conform; files are judged, not recorded"),
    ],
)
def test_files_are_judged_not_recorded_and_said_so_in_the_chosen_language(
    empty_store, lang, summary
):
    """The summary on stderr was English under `--lang nl`."""
    args = ("validate", str(FRAMEWORKS / "legacy-invalid.ttl"), "--framework", "legacy")
    result = ndsgraph(*args, "--date", "2026-06-01", "--lang", lang, store=empty_store)
    assert result.returncode == 1 and summary in result.stderr, result.stderr
    assert "(0 rows)" in ndsgraph("register", store=empty_store).stdout


@pytest.mark.parametrize(
    ("lang", "severity", "rule"),
    [
        ("nl", "Overtreding", "Niet voorbij einde levensduur in productie"),
        ("en", "Violation", "Not in production past end of life"),
    ],
)
def test_plain_files_are_judged_with_the_names_of_severities_and_rules(
    empty_store, lang, severity, rule
):
    """Without a store, findings showed "Violation" and the rules' IRI segments."""
    args = ("validate", str(FRAMEWORKS / "legacy-invalid.ttl"), "--framework", "legacy")
    result = ndsgraph(*args, "--date", "2026-06-01", "--lang", lang, store=empty_store)
    first = result.stdout.splitlines()[2].split("  ")
    assert first[0].strip() == severity and rule in result.stdout
    assert "einde-levensduur" not in result.stdout  # the rule's slug


def test_validate_accepts_user_shapes(tmp_path):
    shapes = tmp_path / "extra.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ndsg: <https://w3id.org/ndsgraph/def/> .
        <https://example.org/shape> a sh:NodeShape ; sh:targetClass ndsg:Contract ;
            sh:property [ sh:path ndsg:organisation ; sh:maxCount 0 ; sh:message "no organisation allowed"@en ] .
    """)
    result = ndsgraph(
        "validate",
        str(FRAMEWORKS / "exit-by-design-valid.ttl"),
        "--framework",
        "exit-by-design",
        "--shapes",
        str(shapes),
        "--date",
        "2026-06-01",
        "--dry-run",
        "--format",
        "json",
        store=tmp_path / "store",
    )
    assert result.returncode == 1
    assert any(f["message_en"] == "no organisation allowed" for f in json.loads(result.stdout))


@pytest.mark.parametrize(
    ("lang", "accepted", "rejected"),
    [
        ("nl", "aanvaard: {graph} versie 1 ", "afgewezen: bewaard in quarantaine "),
        ("en", "accepted: {graph} version 1 ", "rejected: kept in quarantine "),
    ],
)
def test_submit_says_what_became_of_a_submission_in_the_chosen_language(
    tmp_path, lang, accepted, rejected
):
    """`ndsgraph submit --lang nl` printed its findings in Dutch and its outcome in English."""
    store = tmp_path / "store"
    assert ndsgraph("load", store=store).returncode == 0
    gm0363 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    graph = (
        "https://w3id.org/ndsgraph/graph/submission/identifier-overheid-nl-tooi-id-gemeente-gm0363"
    )
    submissions = DATA / "submissions"
    for portfolio, said, code in (
        ("gm0363.ttl", accepted, 0),
        ("gm0363-violation.ttl", rejected, 1),
    ):
        result = ndsgraph(
            "submit", str(submissions / portfolio), "--as", gm0363, "--lang", lang, store=store
        )
        assert result.returncode == code, result.stderr
        assert result.stderr.startswith(said.format(graph=graph)), result.stderr


def test_kpi_prints_each_number_with_its_query(store_dir):
    assert ndsgraph("validate", "--framework", "financiering", store=store_dir).returncode in (0, 1)
    result = ndsgraph("kpi", store=store_dir)
    assert result.returncode == 0, result.stderr
    for query in (
        "kpi-adoption-rate.rq",
        "kpi-adoption-rate-by-type.rq",
        "kpi-deviations.rq",
        "kpi-variants.rq",
    ):
        assert "query: " in result.stdout and query in result.stdout


def test_validate_without_files_records_a_whole_store_run_named_by_its_iri(empty_store):
    portfolio = DATA / "submissions" / "gm0363.ttl"
    assert (
        ndsgraph("load", str(portfolio), "--graph", "https://e/p", store=empty_store).returncode
        == 0
    )
    result = ndsgraph("validate", "--format", "json", store=empty_store)
    assert result.returncode == 1, result.stderr  # the portfolio has violations
    findings = json.loads(result.stdout)
    summary = result.stderr.strip()
    assert summary.startswith(f"{len(findings)} bevindingen, ") and "voldoet niet" in summary
    run = summary.rsplit("; validatierun ", 1)[1]
    assert run.startswith("https://w3id.org/ndsgraph/id/validatie/")
    register = ndsgraph("register", "--run", run, "--format", "json", store=empty_store)

    def rows(items: list[dict]) -> list[str]:
        return sorted(json.dumps(f, sort_keys=True) for f in items)

    assert rows(json.loads(register.stdout)) == rows(findings)
