"""Reading an upload: the formats ndsgraph accepts, and what it refuses besides bad syntax.

Nothing in an upload makes ndsgraph fetch anything: ``rdfio.parse`` refuses a remote JSON-LD
@context and XML entities, and owl:imports is refused here, each with a message that says so.
"""

import pyoxigraph as ox

from ndsgraph import csv_template, rdfio
from ndsgraph.errors import InputError, UnsupportedMediaType

OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
MEDIA_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/csv": None,
}


def read_upload(data: bytes, media_type: str, *, source: str = "upload") -> list[ox.Triple]:
    """The triples of an upload in one of MEDIA_TYPES; graphs and owl:imports are refused."""
    mimetype = media_type.split(";")[0].strip().lower()
    if mimetype not in MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"{source}: unsupported media type '{mimetype}' (use {', '.join(MEDIA_TYPES)})"
        )
    fmt = MEDIA_TYPES[mimetype]
    if fmt is None:
        triples = csv_template.to_triples(data, source=source)
    else:
        quads = rdfio.parse(data, fmt, source=source)
        if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            raise InputError(f"{source}: an upload holds triples, not named graphs")
        triples = [q.triple for q in quads]
    imports = [t for t in triples if t.predicate.value == OWL_IMPORTS]
    if imports:
        raise InputError(
            f"{source}: owl:imports {imports[0].object} is not allowed (imports are never fetched)"
        )
    return triples
