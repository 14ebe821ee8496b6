"""ArchiMate over HTTP: a model submitted or dry-run as application/xml, refusals as 4xx that
name the line or the subject, the admin's import with the write token, and the exports from
GET /api/archimate, valid against the Open Group XSD."""

import html
import io
from pathlib import Path

import pytest
from ndsgraph_server.app import create_app
from ndsgraph_server.limits import Limits
from ndsgraph_server.settings import ServerSettings

from ndsgraph.archimate import schema
from ndsgraph.intake.submitters import Registry, Submitter
from ndsgraph.store import OxigraphStore

from .test_archimate_export import bundled_graphs  # noqa: F401 (a fixture)

DATA = Path(__file__).parent / "data" / "archimate"
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
ZWOLLE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0193"
WRITE = "admin-s3cret"
XML = {"Content-Type": "application/xml"}


@pytest.fixture
def server(bundled_graphs, tmp_path):  # noqa: F811
    store = OxigraphStore()
    store.replace_graphs(bundled_graphs)
    settings = ServerSettings(home=tmp_path, write_token=WRITE, max_body_bytes=64 * 1024)
    registry = Registry.at(tmp_path)
    tokens = {iri: registry.issue(Submitter(iri)) for iri in (ALMERE, ZWOLLE)}
    return create_app(store, settings).test_client(), tokens, store


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **XML}


def model(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_an_organisation_submits_its_model_as_application_xml(server):
    client, tokens, store = server
    answer = client.post(
        "/api/submissions", data=model("gm0034-landscape.xml"), headers=bearer(tokens[ALMERE])
    )
    assert answer.status_code == 201, answer.text
    graph = answer.json["graph"]
    assert store.query(
        f"""ASK {{ GRAPH <{graph}> {{ ?a a <https://w3id.org/ndsgraph/def/Application> ;
            <https://w3id.org/ndsgraph/def/organisation> <{ALMERE}> }} }}"""
    )


def test_a_dry_run_of_a_model_reports_without_storing(server):
    client, _, store = server
    before = store.count()
    answer = client.post("/api/validate", data=model("gdi-domain.xml"), headers=XML)
    assert answer.status_code == 200 and answer.json["stored"] is False
    assert store.count() == before


def test_a_model_about_another_organisation_is_a_403_naming_its_owner(server):
    client, tokens, _ = server
    answer = client.post(
        "/api/submissions", data=model("gm0034-landscape.xml"), headers=bearer(tokens[ZWOLLE])
    )
    assert answer.status_code == 403
    assert f"(owned by {ALMERE})" in answer.text


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("invalid.xml", 400, "request body: line 11: not valid against the ArchiMate exchange"),
        ("entity.xml", 400, "request body: line 2: a DOCTYPE or entity declaration"),
    ],
)
def test_a_refused_model_is_a_4xx_naming_the_line_and_nothing_changes(
    server, name, status, message
):
    client, tokens, store = server
    before = store.count()
    for route, headers in (
        ("/api/submissions", bearer(tokens[ALMERE])),
        ("/api/validate", XML),
        ("/api/imports/archimate", bearer(WRITE)),
    ):
        answer = client.post(route, data=model(name), headers=headers)
        assert answer.status_code == status and message in answer.text, (route, answer.text)
    assert store.count() == before


def test_a_model_larger_than_the_body_limit_is_a_413(server):
    client, tokens, _ = server
    large = model("every-concept.xml").replace(b"</model>", b"<!--" + b"x" * 70000 + b"--></model>")
    answer = client.post("/api/submissions", data=large, headers=bearer(tokens[ALMERE]))
    assert answer.status_code == 413


def test_the_admin_imports_a_published_model_with_the_write_token(server):
    client, _, _ = server
    assert (
        client.post("/api/imports/archimate", data=model("gdi-domain.xml"), headers=XML).status_code
        == 401
    )
    answer = client.post(
        "/api/imports/archimate", data=model("gdi-domain.xml"), headers=bearer(WRITE)
    )
    assert answer.status_code == 201
    assert answer.json["graph"] == "https://w3id.org/ndsgraph/graph/archimate/m-gdi-domain"
    assert answer.json["recognised"] == 7


@pytest.mark.parametrize(
    "query",
    [
        "",
        f"?organisation={ALMERE}",
        "?building-block=https://w3id.org/ndsgraph/id/bouwsteen/digid",
    ],
)
def test_the_exports_are_exchange_files_valid_against_the_xsd(server, query):
    client, _, _ = server
    answer = client.get("/api/archimate" + query)
    assert answer.status_code == 200
    assert answer.mimetype == "application/xml"
    schema.parse(answer.data, "export", max_bytes=len(answer.data))


def test_an_organisation_is_exported_by_its_code_as_by_its_iri(server):
    """As /register and the stored queries read it: the audit found gm0034 refused here."""
    client, _, _ = server
    by_iri = client.get(f"/api/archimate?organisation={ALMERE}")
    for code in ("gm0034", "GM0034"):
        by_code = client.get(f"/api/archimate?organisation={code}")
        assert by_code.status_code == 200 and by_code.data == by_iri.data


def test_an_imported_model_is_exported_as_it_came_in(server):
    client, _, _ = server
    client.post("/api/imports/archimate", data=model("gdi-domain.xml"), headers=bearer(WRITE))
    graph = "https://w3id.org/ndsgraph/graph/archimate/m-gdi-domain"
    answer = client.get(f"/api/archimate?graph={graph}")
    assert answer.status_code == 200 and b'identifier="e-digikoppeling"' in answer.data


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?organisation=gm9999", "organisation: no organisation 'gm9999'"),
        (
            "?organisation=https://example.org/nobody",
            "no organisation 'https://example.org/nobody'",
        ),
        (f"?organisation={ALMERE}&graph={ALMERE}", "give one of"),
        ("?organisatie=x", "organisatie: not a parameter of /api/archimate"),
        ("?building-block=https://example.org/x", "is not a building block ndsgraph knows"),
        ("?graph=https://example.org/g", "holds no ArchiMate model"),
    ],
)
def test_a_wrong_export_parameter_is_a_400_naming_it(server, query, message):
    client, _, _ = server
    answer = client.get("/api/archimate" + query)
    assert answer.status_code == 400 and message in answer.text, answer.text


DIGID = "https://w3id.org/ndsgraph/id/bouwsteen/digid"
AS_XML = {"Accept": "application/xml"}


@pytest.mark.parametrize(
    ("path", "title"),
    [
        (f"/doc?uri={ALMERE}", b"landscape of"),
        (f"/doc?uri={DIGID}", b"dependencies of"),
        (f"/api/queries/landscape-picture?organisation={ALMERE}", b"landscape of"),
        (f"/api/queries/dependency-picture?block={DIGID}", b"dependencies of"),
    ],
)
def test_a_page_or_picture_query_asked_for_application_xml_answers_with_an_exchange_file(
    server, path, title
):
    client, _, _ = server
    answer = client.get(path, headers=AS_XML)
    assert answer.status_code == 200, answer.data
    assert answer.mimetype == "application/xml" and "Accept" in answer.headers["Vary"]
    schema.parse(answer.data, "export", max_bytes=len(answer.data))
    assert title in answer.data
    assert client.get(path, headers={"Accept": "text/html"}).mimetype == "text/html"


def test_application_xml_is_not_acceptable_where_there_is_no_picture(server):
    client, _, _ = server
    standard = "https://w3id.org/ndsgraph/id/standaard/digikoppeling"
    assert client.get(f"/doc?uri={standard}", headers=AS_XML).status_code == 406
    assert client.get("/api/queries/building-blocks", headers=AS_XML).status_code == 406
    assert client.get(f"/doc?uri={standard}", headers={"Accept": "*/*"}).mimetype == "text/html"


def test_a_model_sent_as_text_xml_is_read_as_application_xml(server):
    client, tokens, _ = server
    headers = {**bearer(tokens[ALMERE]), "Content-Type": "text/xml; charset=utf-8"}
    answer = client.post("/api/submissions", data=model("gm0034-landscape.xml"), headers=headers)
    assert answer.status_code == 201, answer.text


def test_a_csv_sent_as_excels_type_is_read_as_csv_and_a_real_mismatch_is_415(server):
    client, _, _ = server
    csv = (Path(__file__).parent / "data" / "csv" / "gm0363.csv").read_bytes()
    excel = client.post(
        "/api/validate", data=csv, headers={"Content-Type": "application/vnd.ms-excel"}
    )
    assert excel.status_code == 200 and excel.json["stored"] is False, excel.text
    png = client.post("/api/validate", data=b"\x89PNG", headers={"Content-Type": "image/png"})
    assert png.status_code == 415 and "unsupported media type 'image/png'" in png.text


def test_the_validate_forms_415_reads_in_the_pages_language(server):
    client, _, _ = server
    form = {"file": (io.BytesIO(b"\x89PNG"), "picture.png", "image/png")}
    dutch = client.post("/validate", data=form, headers={"Accept-Language": "nl"})
    said = html.unescape(dutch.text)  # on the form's page, above the form
    assert dutch.status_code == 415 and "mediatype 'image/png' wordt niet gelezen" in said
    form = {"file": (io.BytesIO(b"\x89PNG"), "picture.png", "image/png")}
    english = client.post("/validate?lang=en", data=form)
    assert english.status_code == 415 and "unsupported media type" in english.text
    assert 'action="/validate"' in english.text
    page = client.get("/validate").text
    assert "ArchiMate" in page and 'action="/validate"' in page


def test_an_organisation_may_not_rename_itself_over_http_and_nothing_changes(server):
    client, tokens, store = server
    before = store.count()
    claim = (
        Path(__file__).parent / "data" / "submissions" / "almere-renames-itself.ttl"
    ).read_bytes()
    answer = client.post(
        "/api/submissions",
        data=claim,
        headers={**bearer(tokens[ALMERE]), "Content-Type": "text/turtle"},
    )
    assert answer.status_code == 403
    for named in (f"<{ALMERE}>", "rdf-schema#label", "core#prefLabel", "org#subOrganizationOf"):
        assert named in answer.text
    assert store.count() == before


def test_the_whole_store_export_takes_an_ad_hoc_slot(bundled_graphs, tmp_path):  # noqa: F811
    """Without a parameter, /api/archimate exports the national picture, as heavy as an ad-hoc
    query: it took no ad-hoc slot, so runaway exports could hold every query worker. An
    organisation's export, a narrow one, takes none."""
    store = OxigraphStore()
    store.replace_graphs(bundled_graphs)
    settings = ServerSettings(
        home=tmp_path, limits=Limits(timeout=3, max_adhoc=1), answer_cache_bytes=0
    )
    app = create_app(store, settings)
    client, slots = app.test_client(), app.extensions["ndsgraph.adhoc"]
    assert slots.acquire(timeout=1)  # a runaway ad-hoc query holds the only slot
    try:
        national = client.get("/api/archimate")  # waits for the slot, the time limit long
        assert national.status_code == 429 and "NDSGRAPH_MAX_ADHOC_QUERIES" in national.text
        assert client.get("/api/archimate?organisation=gm0034").status_code == 200
    finally:
        slots.release()
    assert client.get("/api/archimate").status_code == 200


def test_the_validate_forms_report_links_no_javascript_iri_of_an_upload(server):
    """Anyone may post to /validate: a subject ``<javascript:…>`` (a valid IRI) was written
    into the report's table as a link, so one click ran the upload's script on this origin."""
    client, _, _ = server
    upload = (
        b"@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        b"<javascript:alert(document.domain)> a ndsg:Contract ;\n"
        b"  ndsg:organisation <https://identifier.overheid.nl/tooi/id/gemeente/gm0034> .\n"
    )
    form = {"file": (io.BytesIO(upload), "contract.ttl", "text/turtle")}
    answer = client.post(
        "/validate", data=form, headers={"Accept-Language": "nl", "Accept": "text/html"}
    )
    assert answer.status_code == 200 and "alert(document.domain)" in answer.text, answer.text
    assert "href='javascript:" not in answer.text and 'href="javascript:' not in answer.text
    assert "<caption>Bevindingen over de upload</caption>" in answer.text  # not the register
