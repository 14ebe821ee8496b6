"""Linked-data pages: /id/… answers 303 to /doc/…, a page (HTML, Turtle or JSON-LD) behind
every URI, the ontology at /def/…, and the dataset description at /.well-known/void.
"""

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, render_template, request

from ndsgraph import profiles
from ndsgraph.errors import InputError, UnknownResource, shown
from ndsgraph.sparql import queries
from ndsgraph_server.archimate import page_picture
from ndsgraph_server.arguments import only
from ndsgraph_server.execution import compute, serialized, table
from ndsgraph_server.language import chosen
from ndsgraph_server.links import base
from ndsgraph_server.negotiation import EXCHANGE_FILE, negotiate

pages = Blueprint("pages", __name__)
DOC_TYPES = [
    "text/html",
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
]


def _run(name: str, **values: str) -> tuple[list[str], list[dict]]:
    query = queries.stored(name)
    return table(query.text, query.bind(values))


def _rdf(name: str, media_accept, **values: str) -> Response:
    query = queries.stored(name)
    return serialized(query.text, media_accept, substitutions=query.bind(values))


TEMPLATES = {
    profiles.OrganisationProfile: "profile-organisation.html",
    profiles.BuildingBlockProfile: "profile-building-block.html",
    profiles.StandardProfile: "profile-standard.html",
    profiles.SupplierProfile: "profile-supplier.html",
    profiles.Resource: "doc.html",
}


def _page(iri: str) -> Response:
    """The page behind ``iri``: its profile in the chosen language, or its RDF or (of an
    organisation or building block) its ArchiMate picture by Accept."""
    iri = _checked(iri)
    wanted = negotiate(request.accept_mimetypes, {t: t for t in [*DOC_TYPES, EXCHANGE_FILE]})
    if wanted == EXCHANGE_FILE:
        return page_picture(iri)
    if wanted != "text/html":
        return _rdf("describe-graph", request.accept_mimetypes, resource=iri)
    found = compute(profiles.profile, iri, chosen())
    about = getattr(found, "about", found)
    if not about.known:
        raise UnknownResource(f"nothing is known about {iri}", nl=f"over {iri} is niets bekend")
    page = render_template(TEMPLATES[type(found)], profile=found, about=about)
    return Response(page, headers={"Vary": "Accept"})


def _checked(iri: str) -> str:
    """The IRI a page is asked for; one with characters an IRI cannot hold is a 400."""
    try:
        return ox.NamedNode(iri).value
    except ValueError as error:
        raise InputError(
            f"not an IRI: {shown(iri)} ({error})",
            nl=f"geen IRI: {shown(iri)} (een IRI is een volledig adres, zoals https://…)",
        ) from None


@pages.get("/id/<path:ref>")
def thing(ref: str) -> Response:
    only(request.args, ())
    _checked(f"{base()}id/{ref}")
    return redirect(f"/doc/{ref}", code=303)


@pages.get("/doc/<path:ref>")
def doc(ref: str) -> Response:
    only(request.args, ())
    return _page(f"{base()}id/{ref}")


@pages.get("/doc")
def doc_any() -> Response:
    only(request.args, ("uri",))
    iri = request.args.get("uri")
    if not iri:
        raise InputError("give the resource as /doc?uri=IRI", nl="geef de bron als /doc?uri=IRI")
    return _page(iri)


@pages.get("/def/")
@pages.get("/def")
def ontology() -> Response:
    only(request.args, ())
    wanted = negotiate(request.accept_mimetypes, {t: t for t in DOC_TYPES})
    if wanted != "text/html":
        graph = f"{base()}graph/ontology"
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return serialized(text, request.accept_mimetypes)
    _, terms = _run("ontology-terms")
    return Response(render_template("ontology.html", terms=terms), headers={"Vary": "Accept"})


@pages.get("/def/<path:term>")
def term(term: str) -> Response:
    only(request.args, ())
    return _page(f"{base()}def/{term}")


@pages.get("/.well-known/void")
def void() -> Response:
    only(request.args, ())
    settings, here = current_app.config["NDSGRAPH_SETTINGS"], request.host_url
    return _rdf(
        "dataset-description",
        request.accept_mimetypes,
        endpoint=here + "sparql",
        dataset=f"{base()}dataset",
        publisher=settings.publisher or here,
        publisherName=settings.publisher_name or f"ndsgraph ({request.host})",
        contact=settings.contact or here,
        trig=here + "dump.trig",
        nquads=here + "dump.nq",
    )
