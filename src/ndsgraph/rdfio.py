"""Parse RDF with clear errors. Nothing here fetches from the network.

pyoxigraph's parsers do not resolve remote JSON-LD contexts or XML external
entities, so user data cannot make ndsgraph talk to the outside world.
"""

import re
from pathlib import Path

import pyoxigraph as ox

from ndsgraph.errors import InputError

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
    message = re.sub(r"^Parser error between .*? column \d+: ", "", str(error.msg))
    return InputError(f"{source}: line {error.lineno}, column {error.offset}: {message}")


def parse(
    data: bytes, fmt: ox.RdfFormat, *, source: str, base_iri: str | None = None
) -> list[ox.Quad]:
    """Parse a whole document first, so that a syntax error late in it changes nothing."""
    try:
        return list(ox.parse(data, fmt, base_iri=base_iri))
    except SyntaxError as error:
        raise _syntax_error(source, error) from None
    except ValueError as error:
        raise InputError(f"{source}: {error}") from None


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}") from None
