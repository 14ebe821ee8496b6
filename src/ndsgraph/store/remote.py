"""The store interface over any SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso, GraphDB).

Queries and updates travel by the SPARQL 1.1 Protocol with SPARQLWrapper. The server must
use the union of its named graphs as the default graph (`oxigraph serve
--union-default-graph`, Fuseki's `unionDefaultGraph`, Virtuoso's default). A graph is
replaced by one SPARQL Update request, which these servers apply in one transaction.
Parameters are bound with BIND clauses built from terms serialised by pyoxigraph, because
SEP-0007 substitution is not part of the protocol.

Requests are URL-encoded POSTs, the one form every server takes (Virtuoso 7.2 never answers
a query POSTed directly), and ask for one media type chosen by the query's form: Virtuoso
ignores quality values and answers a SELECT in N-Triples if that is listed first.

With a Graph Store Protocol endpoint configured, graphs are written by HTTP PUT instead:
each graph is replaced whole in one request, and its catalogue entry follows, as the
embedded store's bulk writes do. That is how to write to Virtuoso, whose SPARQL compiler
refuses an update of more than a few thousand triples and blank nodes in INSERT DATA.
"""

import base64
import json
import threading
import urllib.parse
import urllib.request
from urllib.error import HTTPError, URLError

import pyoxigraph as ox
from SPARQLWrapper import INSERT, POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from ndsgraph.errors import QueryError, StoreError
from ndsgraph.sparql import queries
from ndsgraph.sparql.sparql_text import bind_values, declares_dataset, query_dataset, query_form
from ndsgraph.store import (
    GraphContent,
    QueryResult,
    Store,
    Term,
    catalogue_update,
    replace_graphs_update,
)


class RemoteStore(Store):
    def __init__(
        self,
        query_url: str,
        update_url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        digest_realm: str | None = None,
        graph_store_url: str | None = None,
        skip_graphs: tuple[str, ...] = (),
        timeout: float = 300,
    ) -> None:
        """Credentials: a bearer ``token``, or ``user`` and ``password`` sent as Basic auth,
        or answering a Digest challenge when ``digest_realm`` is given (Virtuoso's
        /sparql-auth asks for Digest in the realm "SPARQL"). ``skip_graphs`` are the server's
        own graphs (Virtuoso's system graphs), left out of listings, copies and dumps."""
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.skip_graphs = frozenset(skip_graphs)
        self.timeout = timeout
        self._auth = None
        self._digest = None
        self._digest_lock = threading.Lock()
        if token:
            self._auth = f"Bearer {token}"
        elif user and digest_realm:
            passwords = urllib.request.HTTPPasswordMgr()
            endpoints = [u for u in (query_url, update_url, graph_store_url) if u]
            passwords.add_password(digest_realm, endpoints, user, password or "")
            self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
        elif user:
            self._auth = "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode()

    def _authorization(self, request: urllib.request.Request) -> str | None:
        """The Authorization header for a request. Digest credentials answer a challenge
        asked for beforehand with a bodiless HEAD: sent unauthenticated, a large body meets
        the server's 401 half-way (a broken pipe). (SPARQLWrapper's own Digest support
        installs a process-wide urllib opener, which breaks every other urllib call.)"""
        if self._digest is None:
            return self._auth
        try:
            urllib.request.urlopen(
                urllib.request.Request(request.full_url, method="HEAD"), timeout=self.timeout
            ).close()
        except HTTPError as error:
            scheme, _, challenge = (error.headers.get("WWW-Authenticate") or "").partition(" ")
            if error.code == 401 and scheme.lower() == "digest":
                fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge))
                with self._digest_lock:  # the handler counts nonces: pages ask side by side
                    answer = self._digest.get_authorization(request, fields)
                return f"Digest {answer}" if answer else None
        except (URLError, OSError) as error:
            raise StoreError(f"SPARQL server {request.full_url}: {error}") from None
        return None  # this endpoint asks for no credentials

    def _client(self, url: str) -> SPARQLWrapper:
        client = SPARQLWrapper(url)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setOnlyConneg(True)  # the Accept header alone: no format=xml parameter
        client.setTimeout(int(self.timeout))
        authorization = self._authorization(urllib.request.Request(url, method="POST"))
        if authorization:
            client.addCustomHttpHeader("Authorization", authorization)
        return client

    def _send(self, client: SPARQLWrapper) -> bytes:
        try:
            return client.query().response.read()
        except QueryBadFormed as error:
            detail = str(error).splitlines()[-1]
            if detail.startswith(("b'", 'b"')):
                detail = detail[2:-1]
            # the message's first line (escaped in the repr): Virtuoso goes on to echo the query
            first = detail.split(r"\n", 1)[0][:500]
            raise QueryError(f"query: {first}") from None
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
        if default_graph is None and named_graphs is None and declares_dataset(sparql):
            default_graph, named_graphs = query_dataset(sparql)  # a union default graph hides FROM
        form = query_form(sparql)
        client = self._client(self.query_url)
        client.setQuery(sparql)
        # SPARQLWrapper guesses the kind from the first keyword-like word of the text, comments
        # and words like "remove" included; a wrong guess sends a query as an update: tell it
        client.queryType = form
        for graph in default_graph or []:
            client.addDefaultGraph(graph)
        for graph in named_graphs or []:
            client.addNamedGraph(graph)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        client.addCustomHttpHeader(
            "Accept", "application/n-triples" if graph_form else "application/sparql-results+json"
        )
        data = self._send(client)
        if graph_form:
            return _as_query_triples(data)
        result = ox.parse_query_results(_valid_blank_nodes(data), ox.QueryResultsFormat.JSON)
        if form == "ASK" and isinstance(result, ox.QuerySolutions):
            return _as_boolean(result)
        return result

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        if base_iri:
            sparql = f"BASE <{base_iri}> {sparql}"
        client = self._client(self.update_url)
        client.setQuery(sparql)
        client.queryType = INSERT  # an update, whatever word SPARQLWrapper finds first
        self._send(client)

    def replace_graphs(self, graphs: dict[str, GraphContent]) -> dict[str, int]:
        """One SPARQL Update, or with a Graph Store endpoint a PUT per graph (each replaced
        whole) and then their catalogue entries: not all-or-nothing across graphs, but a
        graph whose entry is missing or stale is loaded again."""
        if not self.graph_store_url:
            update, sizes = replace_graphs_update(graphs)
            self.update(update)
            return sizes
        for graph in graphs:  # refuse a bad name before anything is written
            try:
                ox.NamedNode(graph)
            except ValueError as error:
                raise QueryError(f"update: graph name <{graph}>: {error}") from None
        sizes = {}
        for graph, content in graphs.items():
            unique = list(dict.fromkeys(content.triples))
            self._graph_store("PUT", graph, unique)
            sizes[graph] = len(unique)
        self.update(
            " ;\n".join(catalogue_update(g, sizes[g], c.content_hash) for g, c in graphs.items())
        )
        return sizes

    def add_graph(
        self,
        graph: str,
        triples: list[ox.Triple],
        last: list[ox.Triple],
        *,
        content_hash: str | None = None,
    ) -> int:
        if not self.graph_store_url:
            return super().add_graph(graph, triples, last, content_hash=content_hash)
        self._graph_store("PUT", graph, triples)
        return self.finish_graph(graph, last, content_hash)

    def unfinished_graphs(self, prefix: str) -> list[str]:
        if not self.graph_store_url:
            return []
        rows = self.query(
            queries.internal("unfinished-graphs").text,
            substitutions={ox.Variable("prefix"): ox.Literal(prefix)},
        )
        return [row["g"].value for row in rows]

    def add_triples(self, graph: str | None, triples: list[ox.Triple]) -> None:
        if not self.graph_store_url:
            return super().add_triples(graph, triples)
        self._graph_store("POST", graph, triples)

    def _graph_store(self, method: str, graph: str | None, triples: list[ox.Triple]) -> None:
        """PUT (replace) or POST (merge) N-Triples into a graph by the Graph Store Protocol."""
        target = urllib.parse.urlencode({"graph": graph}) if graph else "default"
        separator = "&" if "?" in (self.graph_store_url or "") else "?"
        request = urllib.request.Request(
            f"{self.graph_store_url}{separator}{target}",
            data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"",
            method=method,
            headers={"Content-Type": "application/n-triples"},
        )
        authorization = self._authorization(request)
        if authorization:
            request.add_header("Authorization", authorization)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except HTTPError as error:
            detail = error.read().decode(errors="replace").strip().splitlines()
            raise StoreError(
                f"graph store {self.graph_store_url}: {error.code} {detail[0] if detail else ''}"
            ) from None
        except (URLError, OSError) as error:
            raise StoreError(f"graph store {self.graph_store_url}: {error}") from None

    def graphs(self) -> dict[str, int]:
        return {g: n for g, n in super().graphs().items() if g not in self.skip_graphs}

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = [
            ox.Quad(r["s"], r["p"], r["o"], r["g"])
            for r in rows
            if r["g"].value not in self.skip_graphs
        ]
        return ox.serialize(quads, format=fmt) or b""


def _valid_blank_nodes(data: bytes) -> bytes:
    """SPARQL JSON results whose blank nodes all have labels pyoxigraph takes: Virtuoso labels
    them ``nodeID://b12345``, which pyoxigraph refuses ("Invalid bnode value")."""
    if b'"bnode"' not in data:  # no blank node: the answer as sent, unparsed
        return data
    return json.dumps(json.loads(data, object_hook=_blank_node_labelled)).encode()


def _blank_node_labelled(term: dict) -> dict:
    """A term of a SPARQL JSON result; a blank node whose label is none (``nodeID://b12345``)
    labelled by its label's hexadecimal digits instead, so each node keeps one label."""
    if term.get("type") != "bnode":
        return term
    try:
        ox.BlankNode(term["value"])
    except ValueError:
        return {**term, "value": term["value"].encode().hex()}
    return term


def _as_boolean(solutions: ox.QuerySolutions) -> ox.QueryBoolean:
    """Virtuoso 7.2 answers ASK with one row, one variable and the integer 1, or no rows."""
    answer = any(row[0] is not None and row[0].value in ("1", "true") for row in solutions)
    return ox.parse_query_results(
        f'{{"head": {{}}, "boolean": {str(answer).lower()}}}', ox.QueryResultsFormat.JSON
    )


def _as_query_triples(data: bytes) -> ox.QueryTriples:
    """N-Triples from the server as pyoxigraph's own CONSTRUCT result type."""
    scratch = ox.Store()
    scratch.load(data, ox.RdfFormat.N_TRIPLES)
    return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
