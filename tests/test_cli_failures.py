"""Every failure of the ndsgraph command is one line on stderr and a non-zero exit.

The command runs as a real process. A mistyped --store creates nothing; a reader that stops
early (``| head``) ends the command quietly; a bug is one line too, unless NDSGRAPH_DEBUG asks
for its traceback.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ndsgraph import cli

from .conftest import DATA
from .live import free_port

GM0363 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"


def ndsgraph(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ndsgraph", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single line of stderr, after checking it is an error and not a traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ndsgraph: error: "), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The bundled data, loaded into a new store by `ndsgraph load`."""
    path = tmp_path_factory.mktemp("failures") / "store"
    result = ndsgraph("--store", str(path), "load")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    """Bad inputs, by the name the cases use for them."""
    folder = tmp_path_factory.mktemp("bad-input")
    (folder / "latin1.rq").write_bytes('SELECT * WHERE { ?s ?p "café" }'.encode("latin-1"))
    (folder / "garbage.ttl").write_bytes(b"\x00\xff\xfe\x89PNG not turtle")
    (folder / "folder.ttl").mkdir()
    (folder / "a-file").write_text("not a store")
    return {
        "latin1": str(folder / "latin1.rq"),
        "garbage": str(folder / "garbage.ttl"),
        "folder": str(folder / "folder.ttl"),
        "file": str(folder / "a-file"),
        "missing": str(folder / "missing" / "dir"),
    }


# (arguments after --store STORE, what the line says, exit code); {name} is a bad input file
CASES = [
    (
        ["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"],
        "SERVICE",
        2,
    ),
    (["export", "-o", "{missing}/x.trig"], "x.trig: No such file or directory", 1),
    (["export", "-o", "{folder}"], "folder.ttl: Is a directory", 1),
    (["generate", "--out", "{folder}"], "folder.ttl: Is a directory", 1),
    (["import-reference", "--reference", "{missing}"], "missing/dir: no such folder", 2),
    (["query", "--file", "{latin1}"], "latin1.rq: line 1: not UTF-8 (byte 0xe9)", 2),
    (["query", "--file", "{folder}"], "folder.ttl: Is a directory", 2),
    (["query", "ASK {}", "--file", "{latin1}"], "one of them", 2),
    (["query", "--stored", "nosuch"], "no stored query 'nosuch' (the stored queries: ", 2),
    (["query", "--stored", "dependencies", "--param", "block"], "--param takes name=value", 2),
    (
        [
            "query",
            "--stored",
            "peer-adoption-shares",
            "--param",
            "organisation=gm9999",
            "--lang",
            "en",
        ],
        "organisation: no organisation 'gm9999' (give its IRI or code",
        2,
    ),
    (["query", "ASK {}", "--param", "block=x"], "--param binds the parameters of a --stored", 2),
    (["query", "--format", "nonsense", "ASK {}"], "argument --format: invalid choice", 2),
    (["load", "{garbage}"], "garbage.ttl: line 1", 2),
    (["load", "{folder}"], "folder.ttl: Is a directory", 2),
    (["load", "{garbage}", "--graph", "not an iri"], "not an absolute IRI: 'not an iri'", 2),
    (["validate", "--dry-run", "{garbage}", "--lang", "en"], "garbage.ttl: line 1", 2),
    (["validate", "--date", "notadate"], "not a date (YYYY-MM-DD): 'notadate'", 2),
    (["validate", "--shapes", "{missing}"], "no such shapes file", 2),
    (["kpi", "--run", "notaniri"], "not an absolute IRI: 'notaniri'", 2),
    (["register", "--run", "notaniri"], "not an absolute IRI: 'notaniri'", 2),
    (["register", "--at", "0001-01-01T00:00:00"], "not a date (YYYY-MM-DD) or time", 2),
    (["kpi", "--at", "2026-W48-1"], "not a date (YYYY-MM-DD) or time", 2),
    (["kpi", "variants", "--since", "urn:nope"], "--since: no validation run urn:nope", 2),
    (["kpi", "variants", "--since", "last week"], "--since: 'last week' is not a date", 2),
    (
        ["kpi", "variants", "--since", "2027-01-01", "--at", "2026-01-01"],
        "--since: 2027-01-01 comes after --at (2026-01-01)",
        2,
    ),
    (["kpi", "variants", "--since", "9999-01-01"], "--since: 9999-01-01 comes after today", 2),
    (
        ["kpi", "nonsense"],
        "no KPI 'nonsense' (choose from adoption, deviations, variants, standards) (see",
        2,
    ),
    (["submit", "{garbage}", "--as", GM0363, "--lang", "en"], "garbage.ttl: line 1", 2),
    (["submit", "{garbage}", "--as", "not an iri"], "'not an iri' is not an IRI", 2),
    (
        ["submit", str(DATA / "submissions" / "almere-renames-itself.ttl"), "--as", ALMERE],
        f"may not make statements about <{ALMERE}> with <http://www.w3.org/2000/01/rdf-schema#label>",
        1,
    ),
    (
        ["validate", "--dry-run", str(DATA / "archimate" / "gm0034-landscape.xml")],
        "an ArchiMate exchange file: use `ndsgraph import archimate",
        2,
    ),
    (["submitters", "add", "not an iri"], "'not an iri' is not an IRI", 2),
    (["submitters", "add", "https://example.org/nobody"], "example.org/nobody", 2),
    (["submitters", "add"], "submitters add needs the organisation's or partner's IRI", 2),
    ([], "the following arguments are required: command", 2),
]


def filled(arg: str, files: dict[str, str]) -> str:
    for name, path in files.items():
        arg = arg.replace(f"{{{name}}}", path)
    return arg


@pytest.mark.parametrize(
    ("args", "needle", "code"), CASES, ids=[" ".join(args)[:40] or "none" for args, *_ in CASES]
)
def test_each_failure_is_one_line_and_a_non_zero_exit(store, files, args, needle, code):
    result = ndsgraph("--store", str(store), *(filled(arg, files) for arg in args))
    assert needle in assert_one_line_error(result)
    assert result.returncode == code


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["validate", "--dry-run", "{garbage}"],
            "garbage.ttl: regel 1, kolom 2: byte 0xff is geen UTF-8",
        ),
        (["submit", "{garbage}", "--as", GM0363], "garbage.ttl: regel 1"),
        (
            ["query", "--stored", "peer-adoption-shares", "--param", "organisation=gm9999"],
            "geen organisatie 'gm9999'",
        ),
    ],
)
def test_a_failure_is_said_in_dutch_under_the_default_lang_where_its_message_is(
    store, files, args, needle
):
    """A command with --lang (Dutch by default) said its one-line error in English, where the
    error had a Dutch message (the pages show it); still one line and exit 2."""
    result = ndsgraph("--store", str(store), *(filled(arg, files) for arg in args))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("ndsgraph: fout: ") and needle in line, line


@pytest.mark.parametrize(
    ("location", "needle"),
    [
        ("http://[bad", "not a SPARQL server's URL"),
        ("http://127.0.0.1:99999", "not a SPARQL server's URL"),
        ("{file}", "a-file is not a store directory"),
    ],
)
def test_a_store_location_that_cannot_be_a_store_is_one_line(files, location, needle):
    result = ndsgraph("--store", location.format(**files), "stats")
    assert needle in assert_one_line_error(result)


def test_a_service_not_allow_listed_is_refused_without_a_connection(store):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        result = ndsgraph("--store", str(store), "query", query)
        listener.settimeout(0.5)
        with pytest.raises(TimeoutError):
            listener.accept()
    assert "not allowed" in assert_one_line_error(result)


def test_an_allow_listed_service_that_cannot_be_reached_is_one_line(store):
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens
    query = f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
    result = ndsgraph(
        "--store", str(store), "query", query, env={"NDSGRAPH_SERVICE_ALLOW": endpoint}
    )
    assert_one_line_error(result)


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["query", "ASK {}"],
        ["export"],
        ["reason"],
        ["validate"],
        ["register"],
        ["kpi"],
        ["submit", str(DATA / "small.ttl"), "--as", GM0363],
    ],
    ids=lambda args: args[0],
)
def test_a_missing_store_is_an_error_and_stays_missing(tmp_path, args):
    location = tmp_path / "typo" / "store"
    result = ndsgraph("--store", str(location), *args)
    assert assert_one_line_error(result) == (
        f"ndsgraph: error: no store at {location} (run `ndsgraph load` first)"
    )
    assert not (tmp_path / "typo").exists()


def test_load_creates_a_missing_store_but_a_refused_load_creates_nothing(tmp_path, files):
    location = tmp_path / "new" / "store"
    refused = ndsgraph("--store", str(location), "load", files["garbage"])
    assert_one_line_error(refused)
    assert not (tmp_path / "new").exists()
    loaded = ndsgraph("--store", str(location), "load", str(DATA / "small.ttl"))
    assert loaded.returncode == 0, loaded.stderr
    assert ndsgraph("--store", str(location), "stats").returncode == 0


def test_a_reader_that_has_gone_ends_the_command_quietly(store):
    reader, writer = os.pipe()
    os.close(reader)  # every write now fails with EPIPE, as after `| head` has exited
    try:
        process = subprocess.run(
            [sys.executable, "-m", "ndsgraph", "--store", str(store), "stats"],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert process.stderr == ""
    assert process.returncode == cli.EXIT_BROKEN_PIPE


def test_stats_into_head_shows_the_first_line_and_no_error(store):
    shell = f"{sys.executable} -m ndsgraph --store {store} stats | head -1"
    result = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, timeout=120, env=os.environ
    )
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""


def test_a_bug_is_one_line_with_exit_70_unless_debugging(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(cli, "cmd_stats", broken)
    monkeypatch.delenv("NDSGRAPH_DEBUG", raising=False)
    assert cli.main(["stats"]) == 70
    assert capsys.readouterr().err == (
        "ndsgraph: internal error: RuntimeError: a bug over two lines (please report)\n"
    )
    monkeypatch.setenv("NDSGRAPH_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["stats"])
