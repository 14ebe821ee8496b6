"""`ndsgraph import internetnl|api-register` and `POST /api/imports/…`: a summary labelled in
Dutch and English, a one-line error and a non-zero exit for bad input, the write token over
HTTP (401/403 without or with a wrong one), a 400 naming the problem, and a store left exactly
as it was by every refusal."""

import hashlib
import json
import secrets
from pathlib import Path

import pytest

from .commands import ENV, ndsgraph, one_line
from .conftest import DATA
from .live import live_server
from .test_protocol_http import call

FIXTURES = DATA / "internetnl"
WEB_V11, WEB_V2, MAIL_V2 = (FIXTURES / n for n in ("web-v1.1.json", "web-v2.json", "mail-v2.json"))
DOMAINS = FIXTURES / "domains.csv"
TOKEN = "admin-s3cret"
ROUTE = "/api/imports/internetnl"


def loaded(folder: Path) -> Path:
    store = folder / "store"
    assert ndsgraph(store, "load").returncode == 0
    return store


def dump(store: Path) -> str:
    result = ndsgraph(store, "export", "--format", "nquads")
    assert result.returncode == 0, result.stderr
    return hashlib.sha256("\n".join(sorted(result.stdout.splitlines())).encode()).hexdigest()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "nl",
            (
                "gemeten domeinen: 3",
                "niet gekoppeld: 1 (onbekend.example.nl)",
                "organisatie onbekend: 1 (elders.nl (",
                "niet gemeten: 2",
                "graaf: ",
            ),
        ),
        (
            "en",
            (
                "measured domains: 3",
                "unmapped: 1 (onbekend.example.nl)",
                "organisation unknown: 1 (elders.nl (",
                "not measured: 2",
                "graph: ",
            ),
        ),
    ],
)
def test_the_command_imports_and_prints_a_summary_in_the_chosen_language(tmp_path, lang, said):
    """The summary was labelled in both languages at once; it follows --lang (Dutch by
    default), as the other commands' summaries do."""
    store = loaded(tmp_path)
    result = ndsgraph(
        store,
        "import",
        "internetnl",
        str(WEB_V11),
        str(WEB_V2),
        "--domains",
        str(DOMAINS),
        "--lang",
        lang,
    )
    assert result.returncode == 0, result.stderr
    *counts, graph = said
    assert all(line in result.stdout for line in counts), result.stdout
    assert result.stdout.count(graph) == 2


@pytest.mark.parametrize(
    ("files", "domains", "expected"),
    [
        (["cut.json"], DOMAINS, "cut.json: line "),
        ([str(WEB_V2)], WEB_V2, "web-v2.json: line 1: expected the header"),
        ([str(WEB_V2), "missing.json"], DOMAINS, "missing.json: No such file"),
    ],
)
def test_bad_input_is_one_line_a_non_zero_exit_and_nothing_stored(
    tmp_path, files, domains, expected
):
    store = loaded(tmp_path)
    (tmp_path / "cut.json").write_bytes(WEB_V2.read_bytes()[:900])
    before = dump(store)
    paths = [str(tmp_path / f) if not Path(f).is_absolute() else f for f in files]
    result = ndsgraph(store, "import", "internetnl", *paths, "--domains", str(domains))
    assert result.returncode == 2
    assert expected in one_line(result)
    assert dump(store) == before


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server over the bundled data (loaded beforehand, not validated: it starts in seconds)
    with a write token."""
    store = loaded(tmp_path_factory.mktemp("imports"))
    with live_server(store, "--no-load", env={**ENV, "NDSGRAPH_WRITE_TOKEN": TOKEN}) as base:
        yield base, store


def multipart(parts: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A form as curl -F sends it: (field, file name, content)."""
    boundary = secrets.token_hex(8)
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
        for field, name, content in parts
    )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(base: str, parts: list[tuple[str, str, bytes]], token: str | None = TOKEN):
    body, content_type = multipart(parts)
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return call(base + ROUTE, method="POST", data=body, headers=headers)


def selected(base: str, query: str) -> list[dict]:
    """The rows of a SELECT over the endpoint, evaluated anew."""
    status, _, text = call(
        base + "/sparql",
        method="POST",
        data=query.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
            "Cache-Control": "no-cache",
        },
    )
    assert status == 200, text
    return json.loads(text)["results"]["bindings"]


def measurement_graphs(base: str) -> dict[str, str]:
    query = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "https://w3id.org/ndsgraph/graph/meting/")) } GROUP BY ?g'
    )
    return {r["g"]["value"]: r["n"]["value"] for r in selected(base, query)}


GOOD = [("results", "web-v2.json", WEB_V2.read_bytes()), ("domains", "d.csv", DOMAINS.read_bytes())]
# one domain spelled two ways in one batch: it would get both verdicts
_v2 = json.loads(WEB_V2.read_text())
_v2["domains"] = {
    n: _v2["domains"]["www.amsterdam.nl"] for n in ("dup.utrecht.nl", "DUP.UTRECHT.NL.")
}
TWICE = json.dumps(_v2).encode()
# a domain entry that is an array nested just short of what the JSON reader takes in a server
DEEP = WEB_V11.read_bytes().replace(
    b'"domains": [', b'"domains": [' + b"[" * 978 + b"]" * 978 + b", ", 1
)


@pytest.mark.parametrize(
    ("token", "status"), [(None, 401), ("wrong", 403)], ids=["no token", "wrong token"]
)
def test_an_import_needs_the_write_token(server, token, status):
    base, _ = server
    before = measurement_graphs(base)
    answer_status, _, text = post(base, GOOD, token=token)
    assert answer_status == status, text
    assert measurement_graphs(base) == before


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            [("results", "cut.json", WEB_V2.read_bytes()[:900]), GOOD[1]],
            "cut.json: line ",
        ),
        ([GOOD[0]], "no file in the field 'domains'"),
        ([GOOD[1]], "no file in the field 'results'"),
        (
            [GOOD[0], ("domains", "d.csv", b"domain,organisation\nx.nl,not an iri\n")],
            "d.csv: line 2",
        ),
        ([("results", "mail.json", MAIL_V2.read_bytes()[:-3]), GOOD[0], GOOD[1]], "mail.json"),
        (
            [("results", "deep.json", DEEP), GOOD[1]],
            "deep.json: data.domains[0]: expected an object, got an array",
        ),
        (
            [("results", "twice.json", TWICE), GOOD[1]],
            "twice.json: domains.DUP.UTRECHT.NL.: 'DUP.UTRECHT.NL.' is the domain "
            "'dup.utrecht.nl' again",
        ),
    ],
    ids=[
        "truncated results",
        "no domains",
        "no results",
        "bad domain list",
        "one bad of two",
        "a deeply nested wrong value",
        "one domain spelled twice",
    ],
)
def test_bad_input_is_a_400_naming_the_problem_and_changes_nothing(server, parts, expected):
    base, _ = server
    before = measurement_graphs(base)
    status, _, text = post(base, parts)
    assert status == 400 and expected in text, text
    assert measurement_graphs(base) == before


def test_a_body_that_is_not_a_form_is_a_400_saying_how(server):
    base, _ = server
    status, _, text = call(
        base + ROUTE,
        method="POST",
        data=WEB_V2.read_bytes(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert status == 400 and "curl -F" in text


def test_an_import_is_201_with_its_summary_and_the_cli_goes_through_the_server(server):
    base, store = server
    status, _, text = post(base, [*GOOD, ("results", "mail-v2.json", MAIL_V2.read_bytes())])
    assert status == 201, text
    summary = json.loads(text)
    assert summary["measured"] == 2 and summary["notMeasured"] == ["www.utrecht.nl (web)"]
    assert len(summary["graphs"]) == 2 and len(summary["runs"]) == 1  # one run for both
    assert set(summary["graphs"]) <= set(measurement_graphs(base))
    # beside the server, the command writes through it with the write token
    result = ndsgraph(
        store, "import", "internetnl", str(WEB_V11), "--domains", str(DOMAINS), token=TOKEN
    )
    assert result.returncode == 0, result.stderr
    assert "gemeten domeinen: 2" in result.stdout
    assert len(measurement_graphs(base)) == 3
    refused = ndsgraph(store, "import", "internetnl", str(WEB_V11), "--domains", str(DOMAINS))
    assert refused.returncode == 1 and "--token TOKEN" in one_line(refused)


API_REGISTER = DATA / "api-register"


def api_register_post(base: str, body: bytes, query: str = "", token: str | None = TOKEN):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return call(
        base + "/api/imports/api-register" + query, method="POST", data=body, headers=headers
    )


def api_graph_size(base: str) -> int:
    graph = "<https://w3id.org/ndsgraph/graph/register/api-register>"
    [row] = selected(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(row["n"]["value"])


@pytest.mark.parametrize(
    ("body", "query", "token", "status", "expected"),
    [
        ((API_REGISTER / "apis.json").read_bytes(), "", None, 401, ""),
        ((API_REGISTER / "apis.json").read_bytes(), "", "wrong", 403, ""),
        ((API_REGISTER / "truncated.json").read_bytes(), "", TOKEN, 400, "api-register export"),
        ((API_REGISTER / "apis.json").read_bytes(), "?date=gisteren", TOKEN, 400, "gisteren"),
        (
            (API_REGISTER / "apis.json").read_bytes(),
            "?date=2999-01-01",
            TOKEN,
            400,
            "date: 2999-01-01 is in the future",
        ),
    ],
    ids=["no token", "wrong token", "truncated", "bad date", "a future date"],
)
def test_an_api_register_import_that_is_refused_changes_nothing(
    server, body, query, token, status, expected
):
    base, _ = server
    before = api_graph_size(base)
    answer, _, text = api_register_post(base, body, query, token)
    assert answer == status and expected in text, text
    assert api_graph_size(base) == before


def test_an_api_register_import_is_201_and_the_cli_goes_through_the_server(server):
    base, store = server
    status, _, text = api_register_post(
        base, (API_REGISTER / "apis.json").read_bytes(), "?date=2026-11-01"
    )
    assert status == 201, text
    summary = json.loads(text)
    assert summary["apis"] > 0 and api_graph_size(base) > 0
    result = ndsgraph(store, "import", "api-register", str(API_REGISTER / "apis.json"), token=TOKEN)
    assert result.returncode == 0, result.stderr
    assert f"{summary['apis']} API's" in result.stdout


def test_an_export_over_the_servers_body_limit_is_one_line_naming_the_limit(server, tmp_path):
    """The server refuses a body over its limit before reading it; the CLI says why instead of
    'broken pipe'."""
    _, store = server
    records = json.loads((API_REGISTER / "apis.json").read_bytes())
    records[0]["description"] = "x" * (17 * 1024 * 1024)  # the default limit is 16 MiB
    big = tmp_path / "big.json"
    big.write_text(json.dumps(records))
    result = ndsgraph(store, "import", "api-register", str(big), token=TOKEN)
    assert result.returncode != 0
    assert "NDSGRAPH_MAX_BODY_BYTES" in one_line(result) or "413" in one_line(result)
