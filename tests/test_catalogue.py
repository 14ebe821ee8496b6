"""The catalogue for harvesters: DCAT with publisher, contact point, licence and
distributions (the SPARQL endpoint and dumps in TriG and N-Quads that really download), and
VoID listing every named graph, also one written through the Graph Store Protocol."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from ndsgraph_server import create_app
from ndsgraph_server.settings import ServerSettings, server_settings
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID

from ndsgraph.errors import InputError
from ndsgraph.store import OxigraphStore, bundled

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # an open namespace: pytest probes names
HERE = "http://example.test/"
DATASET = URIRef("https://w3id.org/ndsgraph/dataset")
TOKEN = {"Authorization": "Bearer s3cret"}


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    return store


def catalogue(client) -> Graph:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"}, base_url=HERE)
    assert response.status_code == 200
    return Graph().parse(data=response.text, format="turtle")


def test_dcat_names_publisher_contact_licence_and_three_distributions(store, tmp_path):
    settings = ServerSettings(
        home=tmp_path,
        publisher="https://identifier.overheid.nl/tooi/id/ministerie/mnre1034",
        publisher_name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        contact="mailto:nds@example.org",
    )
    graph = catalogue(create_app(store, settings).test_client())
    publisher = graph.value(DATASET, DCTERMS.publisher)
    assert str(publisher) == settings.publisher
    assert str(graph.value(publisher, FOAF.name)) == settings.publisher_name
    contact = graph.value(DATASET, DCAT.contactPoint)
    assert str(graph.value(contact, VCARD.hasEmail)) == "mailto:nds@example.org"
    assert graph.value(DATASET, DCTERMS.license) is not None
    downloads = {
        str(graph.value(d, DCAT.downloadURL)): str(graph.value(d, DCAT.mediaType))
        for d in graph.objects(DATASET, DCAT.distribution)
        if graph.value(d, DCAT.downloadURL) is not None
    }
    assert downloads == {
        HERE + "dump.trig": "https://www.iana.org/assignments/media-types/application/trig",
        HERE + "dump.nq": "https://www.iana.org/assignments/media-types/application/n-quads",
    }
    service = graph.value(predicate=DCAT.servesDataset, object=DATASET)
    assert str(graph.value(service, DCAT.endpointURL)) == HERE + "sparql"
    assert all(graph.value(d, DCTERMS.license) for d in graph.objects(DATASET, DCAT.distribution))


def test_without_settings_the_instance_publishes_at_its_own_address(store, tmp_path):
    graph = catalogue(create_app(store, ServerSettings(home=tmp_path)).test_client())
    publisher = graph.value(DATASET, DCTERMS.publisher)
    assert str(publisher) == HERE and "example.test" in str(graph.value(publisher, FOAF.name))
    assert str(graph.value(graph.value(DATASET, DCAT.contactPoint), VCARD.hasURL)) == HERE


def test_a_malformed_publisher_setting_is_refused_by_name():
    with pytest.raises(InputError, match="NDSGRAPH_PUBLISHER"):
        server_settings({"NDSGRAPH_PUBLISHER": "not an iri"})


@pytest.mark.parametrize(
    ("path", "media_type", "fmt"),
    [
        ("/dump.trig", "application/trig", ox.RdfFormat.TRIG),
        ("/dump.nq", "application/n-quads", ox.RdfFormat.N_QUADS),
    ],
)
def test_the_dumps_hold_every_quad_of_the_store(store, tmp_path, path, media_type, fmt):
    client = create_app(store, ServerSettings(home=tmp_path)).test_client()
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == media_type
    quads = set(ox.parse(response.data, format=fmt))
    assert quads == set(store._store)
    again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304  # unchanged data: a harvester need not download again


def test_void_lists_a_graph_written_through_the_api_and_the_dump_has_it(tmp_path):
    store = OxigraphStore()
    client = create_app(store, ServerSettings(home=tmp_path, write_token="s3cret")).test_client()
    first = client.get("/dump.nq").data
    written = client.put(
        "/data?graph=https://example.org/eigen-graaf",
        data=b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .",
        headers={**TOKEN, "Content-Type": "application/n-triples"},
    )
    assert written.status_code == 201
    graph = catalogue(client)
    assert URIRef("https://example.org/eigen-graaf") in set(graph.objects(DATASET, VOID.subset))
    assert (URIRef("https://example.org/eigen-graaf"), RDF.type, VOID.Dataset) in graph
    dump = client.get("/dump.nq").data
    assert dump != first and b"<https://example.org/eigen-graaf>" in dump


def test_the_dumps_download_from_a_relative_home(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # `make serve` keeps its home as the relative path .ndsgraph
    client = create_app(store, ServerSettings(home=Path(".ndsgraph"))).test_client()
    assert client.get("/dump.nq").status_code == 200
