"""Reading an upload: the formats ndsgraph accepts, and what it refuses besides bad syntax.

Nothing in an upload makes ndsgraph fetch anything: ``rdfio.parse`` refuses a remote JSON-LD
@context and XML entities, the ArchiMate reader a DOCTYPE and entities, and owl:imports is
refused here, each with a message that says so. A typed literal whose text is not of its
datatype ("x"^^xsd:date) is refused too (``literals``).
"""

import pyoxigraph as ox

from ndsgraph.archimate import importing as archimate
from ndsgraph.errors import InputError, UnsupportedMediaType, shown
from ndsgraph.intake import csv_template, literals, rdfio
from ndsgraph.store import Store
from ndsgraph.vocabulary import OWL

MEDIA_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/csv": None,
    archimate.MEDIA_TYPE: None,  # an ArchiMate exchange file (Open Group, 3.x)
}
# what clients commonly declare for those: a browser on Windows with Excel sends a .csv as
# Excel's type, and XML is text/xml as often as application/xml (RFC 7303 makes them one)
ALIASES = {
    "application/vnd.ms-excel": "text/csv",
    "text/xml": archimate.MEDIA_TYPE,
}


MAX_TRIPLES = 200_000  # the largest portfolio of a national-size landscape has about 7,000


def read_upload(
    data: bytes,
    media_type: str,
    *,
    source: str = "upload",
    max_triples: int = MAX_TRIPLES,
    store: Store | None = None,
    submitter: str | None = None,
) -> list[ox.Triple]:
    """The triples of an upload in one of MEDIA_TYPES, at most ``max_triples``; an empty
    upload, graphs, triple terms and owl:imports are refused. An ArchiMate model is read with
    what ``store`` knows (the mapping) as ``submitter``'s (None: a dry run by nobody)."""
    if not data.strip():  # a cut-off request or a slip of curl's; it would empty a portfolio
        raise InputError(
            f"{source}: empty file (an upload must hold statements)",
            nl=f"{source}: leeg bestand (een upload moet feiten bevatten)",
        )
    declared = media_type.split(";")[0].strip().lower()
    mimetype = ALIASES.get(declared, declared)
    if mimetype not in MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"{source}: unsupported media type '{shown(declared)}' (use {', '.join(MEDIA_TYPES)})",
            nl=f"{source}: mediatype '{shown(declared)}' wordt niet gelezen (gebruik "
            f"{', '.join(MEDIA_TYPES)})",
        )
    fmt = MEDIA_TYPES[mimetype]
    if mimetype == archimate.MEDIA_TYPE:
        if store is None:
            raise InputError(f"{source}: an ArchiMate model is read with a store")
        triples = archimate.submission_triples(
            store, data, source=source, submitter=submitter, max_triples=max_triples
        )
    elif fmt is None:
        # every row states at least its kind and organisation: two triples
        triples = csv_template.to_triples(data, source=source, max_rows=max_triples // 2)
    else:
        quads = rdfio.parse(data, fmt, source=source, max_quads=max_triples)
        if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            raise InputError(f"{source}: an upload holds triples, not named graphs")
        if nested := next((q for q in quads if isinstance(q.object, ox.Triple)), None):
            raise InputError(
                f"{source}: a triple term (RDF 1.2), about {nested.subject} {nested.predicate}, "
                "is not accepted in a portfolio"
            )
        triples = [q.triple for q in quads]
    imports = [t for t in triples if t.predicate == OWL.imports]
    if imports:
        raise InputError(
            f"{source}: owl:imports {imports[0].object} is not allowed (imports are never fetched)"
        )
    if len(triples) > max_triples:
        raise InputError(f"{source}: more than {max_triples} statements (the limit of one upload)")
    literals.check(triples, data, source)
    return triples
