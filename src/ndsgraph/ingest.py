"""Reading an upload: the formats ndsgraph accepts, and what it refuses before parsing.

Nothing in an upload makes ndsgraph fetch anything: a remote JSON-LD @context, an XML
external entity and owl:imports are refused with a message that says so.
"""

import json
import re

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
_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY\s+%?\s*[\w.-]+\s+(SYSTEM|PUBLIC)\b", re.IGNORECASE)


def _remote_contexts(value: object) -> list[str]:
    """IRIs used as (parts of) a JSON-LD @context anywhere in the document."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                contexts = item if isinstance(item, list) else [item]
                found += [c for c in contexts if isinstance(c, str)]
            found += _remote_contexts(item)
    elif isinstance(value, list):
        for item in value:
            found += _remote_contexts(item)
    return found


def _refuse_fetches(data: bytes, fmt: ox.RdfFormat, source: str) -> None:
    if fmt == ox.RdfFormat.RDF_XML and _EXTERNAL_ENTITY.search(data):
        raise InputError(
            f"{source}: external XML entities are not allowed (they are never fetched)"
        )
    if fmt == ox.RdfFormat.JSON_LD:
        try:
            document = json.loads(data)
        except ValueError as error:
            raise InputError(f"{source}: not JSON: {error}") from None
        if remote := _remote_contexts(document):
            raise InputError(
                f"{source}: remote JSON-LD @context {remote[0]} is not allowed (it is never fetched); "
                "inline the context"
            )


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
        _refuse_fetches(data, fmt, source)
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
