"""Parse RDF strictly and within bounds, with errors that name the line. Nothing here fetches.

pyoxigraph reads the RDF; a few checks come first, for what it lets through or cannot say
clearly. The bytes must be UTF-8 (a leading byte order mark is dropped). RDF/XML must be
well-formed (an unclosed document is not an empty graph), may declare no entities (a
"billion laughs" expands a small upload into gigabytes; an external entity is a fetch) and
may refer to no external DTD. JSON-LD may not name a remote @context. After parsing, no
term may be longer than ``MAX_TERM_BYTES``.
"""

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox

from ndsgraph.errors import InputError, shown

MAX_TERM_BYTES = 1024 * 1024  # a literal or IRI; a whole upload is bounded by the server
MAX_XML_DEPTH = 256  # RDF/XML's parser slows quadratically with depth; real files nest < 20
_BOM = b"\xef\xbb\xbf"
_BY_SUFFIX = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}


def format_for_path(path: Path) -> ox.RdfFormat:
    try:
        return _BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_BY_SUFFIX))
        raise InputError(
            f"{path}: unknown RDF file type '{path.suffix}' (known: {known})"
        ) from None


def format_for_media_type(media_type: str) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
    if fmt is None:
        raise InputError(f"unsupported RDF media type '{media_type}'")
    return fmt


def _syntax_error(source: str, error: SyntaxError) -> InputError:
    if not error.lineno:
        return InputError(f"{source}: {error}")
    message = re.sub(r"^Parser error [^:]*: ", "", str(error.msg))  # the parser's, in English
    return InputError(
        f"{source}: line {error.lineno}, column {error.offset}: {message}",
        nl=f"{source}: regel {error.lineno}, kolom {error.offset}: {message}",
    )


def _check_utf8(data: bytes, source: str) -> None:
    """Refuse bytes that are not UTF-8, naming the line of the first bad one."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        utf16 = " (the file is UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        utf16_nl = " (het bestand is UTF-16)" if utf16 else ""
        raise InputError(
            f"{source}: line {line}, column {column}: byte 0x{data[error.start]:02x} is not "
            f"UTF-8{utf16}; save the file as UTF-8",
            nl=f"{source}: regel {line}, kolom {column}: byte 0x{data[error.start]:02x} is geen "
            f"UTF-8{utf16_nl}; sla het bestand op als UTF-8",
        ) from None


def _check_xml(data: bytes, source: str) -> None:
    """Refuse RDF/XML that is not well-formed UTF-8 XML, declares entities or nests too deep.

    Expat reads the document without expanding anything: the first entity declaration
    stops it, before any reference to that entity could be expanded.
    """
    parser = expat.ParserCreate("UTF-8")  # what pyoxigraph reads, whatever the file declares
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def refuse(message: str) -> None:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        raise InputError(f"{source}: line {line}, column {column}: {message}")

    def doctype(name: str, system_id: str | None, public_id: str | None, _: bool) -> None:
        if system_id or public_id:
            refuse(
                f"the DOCTYPE refers to an external DTD {system_id or public_id} (never fetched)"
            )

    def entity(name: str, parameter: bool, *_: object) -> None:
        kind = "parameter entity" if parameter else "entity"
        refuse(
            f"the DOCTYPE declares the {kind} '{name}': XML entities are not allowed "
            "(they are never expanded, never fetched)"
        )

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            refuse(f"elements nest deeper than {MAX_XML_DEPTH} levels")

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        reason = expat.errors.messages[error.code].removeprefix("not well-formed ").strip("()")
        raise InputError(
            f"{source}: line {error.lineno}, column {error.offset + 1}: not well-formed XML: {reason}"
        ) from None


def _json_values(document: object) -> Iterator[tuple[str, object]]:
    """Every (key, value) pair of every object in a JSON document, without recursion."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending += value.values()
            yield from value.items()
        elif isinstance(value, list):
            pending += value


def read_json(data: bytes, source: str) -> object:
    """A JSON document (UTF-8, a byte order mark allowed); bad input is an InputError naming
    ``source`` and the line and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{source}: line {line}: not UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{source}: line {error.lineno}, column {error.colno}: not JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise InputError(f"{source}: the JSON nests arrays or objects too deeply") from None
    except ValueError as error:  # Python's limit on the digits of an integer
        raise InputError(f"{source}: not JSON ndsgraph reads: {shown(str(error))}") from None


def _check_json_ld(data: bytes, source: str) -> None:
    """Refuse invalid JSON with its line, and remote @context IRIs with a message saying why."""
    document = read_json(data, source)
    for key, value in _json_values(document):
        contexts = value if isinstance(value, list) else [value]
        remote = [c for c in contexts if isinstance(c, str)] if key == "@context" else []
        if remote:
            raise InputError(
                f"{source}: remote JSON-LD @context {remote[0]} is not allowed "
                "(it is never fetched); inline the context"
            )


def _terms(triple: ox.Triple | ox.Quad) -> list[object]:
    """The subject and object of a triple, and those of the triple terms it holds (RDF 1.2)."""
    found: list[object] = []
    for term in (triple.subject, triple.object):
        found += _terms(term) if isinstance(term, ox.Triple) else [term]
    return found


def _check_terms(quads: list[ox.Quad], source: str, max_bytes: int) -> None:
    for quad in quads:
        for term in _terms(quad):
            value = getattr(term, "value", "")
            if len(value) * 4 > max_bytes and len(value.encode()) > max_bytes:
                kind = "literal" if isinstance(term, ox.Literal) else "term"
                raise InputError(
                    f"{source}: a {kind} of {len(value.encode())} bytes, about {quad.subject} "
                    f"{quad.predicate}, is longer than the limit of {max_bytes} bytes"
                )


def parse(
    data: bytes,
    fmt: ox.RdfFormat,
    *,
    source: str,
    base_iri: str | None = None,
    max_term_bytes: int = MAX_TERM_BYTES,
    max_quads: int | None = None,
) -> list[ox.Quad]:
    """Parse a whole document first, so that a syntax error late in it changes nothing.
    ``max_quads`` stops a document that says more (a few bytes of Turtle can say much:
    ``((((…))))`` is two triples a character), before it is all in memory."""
    data = data.removeprefix(_BOM)  # as Windows editors write it; Turtle's parser refuses it
    _check_utf8(data, source)
    if fmt == ox.RdfFormat.RDF_XML:
        _check_xml(data, source)
    elif fmt == ox.RdfFormat.JSON_LD:
        _check_json_ld(data, source)
    try:
        parsed = ox.parse(data, fmt, base_iri=base_iri)
        quads = list(parsed if max_quads is None else itertools.islice(parsed, max_quads + 1))
    except SyntaxError as error:
        raise _syntax_error(source, error) from None
    except ValueError as error:
        raise InputError(f"{source}: {error}") from None
    if max_quads is not None and len(quads) > max_quads:
        raise InputError(f"{source}: more than {max_quads} statements (the limit of one upload)")
    if len(data) > max_term_bytes:  # no term can be longer than the document it is in
        _check_terms(quads, source, max_term_bytes)
    return quads


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}") from None
