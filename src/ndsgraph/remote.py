"""The store interface over any SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso, GraphDB).

Queries and updates travel by the SPARQL 1.1 Protocol with SPARQLWrapper. The server must
use the union of its named graphs as the default graph (`oxigraph serve
--union-default-graph`, Fuseki's `unionDefaultGraph`). A graph is replaced by one SPARQL
Update request, which these servers apply in one transaction. Parameters are bound with a
VALUES block built from terms serialised by pyoxigraph, because SEP-0007 substitution is
not part of the protocol.
"""

import base64
from urllib.error import URLError

import pyoxigraph as ox
from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from ndsgraph.errors import QueryError, StoreError
from ndsgraph.sparql_text import bind_values
from ndsgraph.store import QueryResult, Store, Term, replace_graphs_update


class RemoteStore(Store):
    def __init__(
        self,
        query_url: str,
        update_url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        timeout: float = 300,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.timeout = timeout
        self._auth = None
        if token:
            self._auth = f"Bearer {token}"
        elif user:
            self._auth = "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode()

    def _client(self, url: str) -> SPARQLWrapper:
        client = SPARQLWrapper(url)
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
        client.setTimeout(int(self.timeout))
        if self._auth:
            client.addCustomHttpHeader("Authorization", self._auth)
        return client

    def _send(self, client: SPARQLWrapper) -> tuple[bytes, str]:
        try:
            response = client.query().response
            return response.read(), response.headers.get_content_type()
        except QueryBadFormed as error:
            detail = str(error).splitlines()[-1]
            if detail.startswith(("b'", 'b"')):
                detail = detail[2:-1]
            raise QueryError(f"query: {detail}") from None
        except (SPARQLWrapperException, URLError, OSError) as error:
            raise StoreError(f"SPARQL server {client.endpoint}: {error}") from None

    def query(
        self,
        sparql: str,
        *,
        substitutions: dict[ox.Variable, Term] | None = None,
        default_graph: list[str | None] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        if substitutions:
            sparql = bind_values(sparql, {v.value: str(t) for v, t in substitutions.items()})
        if base_iri:  # on the same line, so the server's error positions keep their line numbers
            sparql = f"BASE <{base_iri}> {sparql}"
        if default_graph and None in default_graph:
            raise StoreError(
                "a remote store has no separate default graph: its default graph is the union"
            )
        client = self._client(self.query_url)
        client.setQuery(sparql)
        for graph in default_graph or []:
            client.addDefaultGraph(graph)
        for graph in named_graphs or []:
            client.addNamedGraph(graph)
        client.addCustomHttpHeader(
            "Accept", "application/n-triples, application/sparql-results+json;q=0.9"
        )
        data, media_type = self._send(client)
        if media_type == "application/n-triples":
            return _as_query_triples(data)
        return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        if base_iri:
            sparql = f"BASE <{base_iri}> {sparql}"
        client = self._client(self.update_url)
        client.setQuery(sparql)
        self._send(client)

    def replace_graphs(self, graphs: dict) -> dict[str, int]:
        update, sizes = replace_graphs_update(graphs)
        self.update(update)
        return sizes

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
        return ox.serialize(quads, format=fmt) or b""


def _as_query_triples(data: bytes) -> ox.QueryTriples:
    """N-Triples from the server as pyoxigraph's own CONSTRUCT result type."""
    scratch = ox.Store()
    scratch.load(data, ox.RdfFormat.N_TRIPLES)
    return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
