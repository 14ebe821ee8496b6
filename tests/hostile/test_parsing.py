"""Malformed RDF in every syntax: truncated, wrongly encoded, oversized, deeply nested and
entity-laden uploads are refused by every route that writes or validates RDF, with a 4xx
that names the line or the term, and the store is left exactly as it was.

The corpus is in tests/data/bad/; the cases that must point at the outbound listener (to
prove nothing is fetched) or that are large are built here.
"""

import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from ndsgraph_server import create_app
from ndsgraph_server.settings import ServerSettings

from ndsgraph.errors import InputError
from ndsgraph.intake import ingest, rdfio
from ndsgraph.store import OxigraphStore

from .conftest import UTRECHT, WRITE_TOKEN, refused

BAD = Path(__file__).parent.parent / "data" / "bad"
TARGET = "https://example.org/hostile/target"
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_DECLARATION = '<?xml version="1.0"?>\n'
RDF_OPEN = f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="https://example.org/">\n'

# file in tests/data/bad -> what the refusal must name
CORPUS = {
    "truncated.ttl": ["line 7"],
    "truncated.nt": ["line 2"],
    "truncated.nq": ["line 2"],
    "truncated.trig": ["line 5"],
    "truncated.jsonld": ["line 4"],
    "truncated.rdf": ["line 3", "not well-formed"],
    "latin1.ttl": ["line 1", "UTF-8"],
    "latin1.jsonld": ["line 3", "UTF-8"],
    "latin1.rdf": ["line 3", "UTF-8"],
    "utf16.ttl": ["line 1", "UTF-8"],
    "utf16.rdf": ["line 1", "UTF-16"],
    "billion-laughs.rdf": ["line 3", "entity 'lol'"],
    "external-entity.rdf": ["line 2", "entity 'secret'"],
    "undeclared-entity.rdf": ["line 3", "undefined entity"],
    "remote-context.jsonld": ["@context", "never fetched"],
}


def _entity_tricks(url: str) -> dict[str, tuple[bytes, list[str]]]:
    """RDF/XML that would make a careless parser fetch ``url`` or expand entities."""
    body = '<rdf:Description rdf:about="https://example.org/a"><ex:p>&e;</ex:p></rdf:Description>'
    return {
        "external-entity-system.rdf": (
            f'{XML_DECLARATION}<!DOCTYPE rdf:RDF [\n<!ENTITY e SYSTEM "{url}">\n]>\n'
            f"{RDF_OPEN}{body}</rdf:RDF>",
            ["line 3", "entity 'e'"],
        ),
        "external-entity-public.rdf": (
            f'{XML_DECLARATION}<!DOCTYPE rdf:RDF [\n<!ENTITY e PUBLIC "-//x//y" "{url}">\n]>'
            f"\n{RDF_OPEN}{body}</rdf:RDF>",
            ["line 3", "entity 'e'"],
        ),
        "parameter-entity.rdf": (
            f'{XML_DECLARATION}<!DOCTYPE rdf:RDF [\n<!ENTITY % p SYSTEM "{url}">\n%p;\n]>\n'
            f"{RDF_OPEN}{body}</rdf:RDF>",
            ["line 3", "parameter entity 'p'"],
        ),
        "external-dtd.rdf": (
            f'{XML_DECLARATION}<!DOCTYPE rdf:RDF SYSTEM "{url}">\n{RDF_OPEN}</rdf:RDF>',
            ["line 2", "external DTD"],
        ),
    }


def _nested() -> dict[str, tuple[bytes, list[str]]]:
    depth = 100_000
    deep_json = '{"@id": "https://example.org/a", "https://example.org/p": '
    deep_xml = '<rdf:Description rdf:about="https://example.org/a">'
    return {
        "deep-arrays.jsonld": (deep_json + "[" * depth + "]" * depth + "}", ["too deeply"]),
        # Python refuses to read an integer of more than 4,300 digits (a ValueError)
        "long-number.jsonld": (deep_json + "9" * 5_000 + "}", ["not JSON ndsgraph reads"]),
        "deep-elements.rdf": (
            XML_DECLARATION
            + RDF_OPEN
            + (deep_xml + "<ex:p>") * 2_000
            + "</ex:p></rdf:Description>" * 2_000,
            ["line 3", "nest deeper"],
        ),
    }


def cases(url: str) -> dict[str, tuple[bytes, list[str]]]:
    """Every malformed upload: name -> (bytes, what the refusal must name)."""
    found = {name: ((BAD / name).read_bytes(), needles) for name, needles in CORPUS.items()}
    built = {**_entity_tricks(url), **_nested()}
    found.update({name: (text.encode(), needles) for name, (text, needles) in built.items()})
    return found


def routes(media_type: str) -> list[str]:
    """The routes an upload of this type goes to: the API reads triples only, GSP all six."""
    uploads = ["/api/validate", "/api/submissions"] if media_type in ingest.MEDIA_TYPES else []
    return [*uploads, "/data"]


def send(attacker, route: str, data: bytes, media_type: str):
    if route == "/data":
        return attacker.call(
            f"/data?graph={TARGET}",
            method="PUT",
            data=data,
            headers={"Content-Type": media_type},
            token=WRITE_TOKEN,
        )
    token = attacker.tokens[UTRECHT] if route == "/api/submissions" else None
    return attacker.call(
        route, method="POST", data=data, headers={"Content-Type": media_type}, token=token
    )


NAMES = sorted(CORPUS) + sorted(_entity_tricks("http://x/")) + sorted(_nested())


@pytest.mark.parametrize("name", NAMES)
def test_malformed_rdf_is_refused_by_every_route_naming_the_line(attacker, outbound, name):
    data, needles = cases(outbound.url("entity"))[name]
    media_type = MEDIA_TYPES[Path(name).suffix]
    before = attacker.fingerprint()
    for route in routes(media_type):
        answer = send(attacker, route, data, media_type)
        assert answer.status == 400, (route, answer.status, answer.text[:300])
        refused(answer, *needles)
    assert attacker.fingerprint() == before


def test_a_graph_store_request_holding_named_graphs_is_refused(attacker):
    trig = f"<{TARGET}> {{ <https://example.org/a> <https://example.org/p> 1 . }}".encode()
    before = attacker.fingerprint()
    refused(send(attacker, "/data", trig, "application/trig"), "named graphs", status=400)
    assert attacker.fingerprint() == before


def test_a_doctype_without_entities_is_read(attacker):
    """Refusing entities does not refuse every DOCTYPE: a plain one is ordinary XML."""
    doc = (
        XML_DECLARATION + "<!DOCTYPE rdf:RDF>\n" + RDF_OPEN + '<rdf:Description rdf:about="'
        'https://example.org/gm0344/x"><ex:p>1</ex:p></rdf:Description></rdf:RDF>'
    )
    answer = send(attacker, "/api/validate", doc.encode(), "application/rdf+xml")
    assert answer.status == 200, answer.text[:300]


# The library, without a server: the limits that the live server's body limit hides.


def test_a_literal_over_the_term_limit_is_refused_naming_its_subject():
    doc = b'<https://example.org/a> <https://example.org/p> "' + b"x" * 2000 + b'" .'
    with pytest.raises(InputError, match=r"literal of 2000 bytes, about <https://example.org/a>"):
        rdfio.parse(doc, ox.RdfFormat.N_TRIPLES, source="upload", max_term_bytes=1000)
    assert len(rdfio.parse(doc, ox.RdfFormat.N_TRIPLES, source="upload")) == 1


def test_a_byte_order_mark_is_not_a_syntax_error():
    doc = b"\xef\xbb\xbf<https://example.org/a> <https://example.org/p> 1 ."
    assert len(rdfio.parse(doc, ox.RdfFormat.TURTLE, source="upload")) == 1


@pytest.fixture
def roomy(tmp_path):
    """An app whose body limit is larger than the term limit, to reach the term check."""
    store = OxigraphStore(tmp_path / "store", create=True)
    settings = ServerSettings(write_token=WRITE_TOKEN, max_body_bytes=4 * rdfio.MAX_TERM_BYTES)
    return store, create_app(store, settings).test_client()


def test_a_huge_literal_under_the_body_limit_is_refused_before_the_store(roomy):
    store, client = roomy
    literal = "x" * (rdfio.MAX_TERM_BYTES + 1)
    auth = {"Authorization": f"Bearer {WRITE_TOKEN}"}
    put = client.put(
        "/data",
        query_string={"graph": TARGET},
        data=f'<{TARGET}> <https://example.org/p> "{literal}" .',
        content_type="text/turtle",
        headers=auth,
    )
    assert put.status_code == 400 and "longer than the limit" in put.text
    update = client.post(
        "/sparql",
        data=f'INSERT DATA {{ GRAPH <{TARGET}> {{ <{TARGET}> <https://example.org/p> "{literal}" }} }}',
        content_type="application/sparql-update",
        headers=auth,
    )
    assert update.status_code == 400 and "line 1" in update.text
    assert not store.has_graph(TARGET)


def test_a_few_bytes_that_say_too_much_are_refused_in_time(attacker):
    """Over 200,000 statements from 200 KB: nested lists (two triples per parenthesis)."""
    depth = 100_000
    doc = f"<https://example.org/gm0344/a> <https://example.org/p> {'(' * depth}1{')' * depth} ."
    before = attacker.fingerprint()
    for route in ("/api/validate", "/api/submissions"):
        started = time.monotonic()
        answer = send(attacker, route, doc.encode(), "text/turtle")
        refused(answer, f"more than {ingest.MAX_TRIPLES} statements", status=400)
        assert time.monotonic() - started < 5
    assert attacker.fingerprint() == before


@pytest.mark.parametrize("body", [b"", b"  \n\t "])
def test_an_empty_upload_is_refused_and_empties_no_portfolio(attacker, body):
    before = attacker.fingerprint()
    for route in ("/api/validate", "/api/submissions"):
        refused(send(attacker, route, body, "text/turtle"), "empty", status=400)
    assert attacker.fingerprint() == before


def test_a_triple_term_is_refused_in_a_portfolio(attacker):
    doc = (
        b"<https://example.org/gm0344/a> <https://example.org/p> "
        b'<<( <https://example.org/s> <https://example.org/p> "x" )>> .'
    )
    before = attacker.fingerprint()
    for route in ("/api/validate", "/api/submissions"):
        refused(send(attacker, route, doc, "application/n-triples"), "triple term", status=400)
    assert attacker.fingerprint() == before


def test_a_literal_inside_a_triple_term_is_held_to_the_term_limit():
    big = b'"' + b"x" * 2000 + b'"'
    doc = b"<https://example.org/a> <https://example.org/p> <<( <urn:s> <urn:p> " + big + b" )>> ."
    with pytest.raises(InputError, match="literal of 2000 bytes"):
        rdfio.parse(doc, ox.RdfFormat.N_TRIPLES, source="upload", max_term_bytes=1000)


XSD_NS = "http://www.w3.org/2001/XMLSchema#"
ILL_TYPED = {  # an ill-typed literal in each syntax: (media type, body, its line)
    "turtle": (
        "text/turtle",
        f"@prefix xsd: <{XSD_NS}> .\n<https://example.org/gm0344/d> "
        '<http://schema.org/validFrom> "2026-01-01"^^xsd:date ;\n'
        '  <http://schema.org/validThrough> "x"^^xsd:date .\n',
        "line 3",
    ),
    "n-triples": (
        "application/n-triples",
        f'<https://example.org/gm0344/d> <http://schema.org/validThrough> "x"^^<{XSD_NS}date> .\n',
        "line 1",
    ),
    "rdf-xml": (
        "application/rdf+xml",
        f'{XML_DECLARATION}<rdf:RDF xmlns:rdf="{RDF}" xmlns:schema="http://schema.org/">\n'
        '<rdf:Description rdf:about="https://example.org/gm0344/d">\n'
        f'<schema:validThrough rdf:datatype="{XSD_NS}date">x</schema:validThrough>\n'
        "</rdf:Description>\n</rdf:RDF>\n",
        "line 4",
    ),
    "json-ld": (
        "application/ld+json",
        '{"@id": "https://example.org/gm0344/d", "http://schema.org/validThrough": '
        f'{{"@value": "x", "@type": "{XSD_NS}date"}}}}',
        "line 1",
    ),
}


@pytest.mark.parametrize("syntax", sorted(ILL_TYPED))
def test_an_ill_typed_literal_is_refused_naming_the_term_and_line(attacker, syntax):
    """RDF parsers read "x"^^xsd:date as written, and some SHACL engines pass it."""
    media_type, body, line = ILL_TYPED[syntax]
    before = attacker.fingerprint()
    for route in ("/api/validate", "/api/submissions"):
        answer = send(attacker, route, body.encode(), media_type)
        refused(answer, line, '"x"^^xsd:date', "is not a valid xsd:date", status=400)
    assert attacker.fingerprint() == before


@pytest.mark.parametrize(
    ("literal", "valid"),
    [
        ('"2026-02-29"^^xsd:date', False),
        ('"2028-02-29"^^xsd:date', True),
        ('"2026-12-31+01:00"^^xsd:date', True),
        ('"2026-12-31T23:59:59.5Z"^^xsd:dateTime', True),
        ('"2026-12-31 23:59"^^xsd:dateTime', False),
        ('"12,5"^^xsd:integer', False),
        ('"-12"^^xsd:integer', True),
        ('"ja"^^xsd:boolean', False),
        ('"1"^^xsd:boolean', True),
        ('"٤٢"^^xsd:integer', False),  # Arabic-Indic digits: Python's \d, not XSD's
        ('"2028-01-01T1\u0660:05:00"^^xsd:dateTime', False),  # ARABIC-INDIC DIGIT ZERO
        ('"12,5"^^xsd:decimal', False),
        ('"-.5"^^xsd:decimal', True),
        ('"20x8"^^xsd:gYear', False),
        ('"2028"^^xsd:gYear', True),
        ('"-1"^^xsd:nonNegativeInteger', False),
        ('"7"^^xsd:nonNegativeInteger', True),
    ],
)
def test_typed_literals_are_held_to_their_datatype(literal, valid):
    body = (
        f"@prefix xsd: <{XSD_NS}> .\n<https://example.org/s> <https://example.org/p> {literal} .\n"
    )
    if valid:
        assert ingest.read_upload(body.encode(), "text/turtle")
    else:
        with pytest.raises(InputError, match=r"line 2: .* is not a valid xsd:"):
            ingest.read_upload(body.encode(), "text/turtle")
