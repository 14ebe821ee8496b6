"""Reading an exchange file safely and checking it against the Open Group XSD.

The file is parsed by lxml with entities unresolved, no DTD loaded and no network: a document
that declares a DOCTYPE (and with it entities) is refused, so a "billion laughs" never expands
and an external entity is never fetched. The size is checked before parsing.

The XSDs are third-party files, not part of ndsgraph: they are read at run time from the folder
``$NDSGRAPH_ARCHIMATE_XSD`` names (default: ``../shared/reference/archimate`` beside a checkout,
or beside the working directory), as ``make`` leaves them. ``archimate3_Model.xsd`` and
``dc.xsd`` import ``xml.xsd`` by its w3.org URL: a resolver hands them the local copy, and
nothing is ever fetched.
"""

import functools
import os
import re
from pathlib import Path

from lxml import etree

from ndsgraph import resources
from ndsgraph.errors import InputError, NdsgraphError

MAX_BYTES = 32 * 1024 * 1024  # a model of 10,000 elements and 30,000 relationships is ~10 MiB
SETTING = "NDSGRAPH_ARCHIMATE_XSD"
DIAGRAM_XSD = "archimate3_Diagram.xsd"  # includes View and Model: it validates every model
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"  # the metadata Archi and others write
XML_XSD_URLS = ("http://www.w3.org/2001/xml.xsd", "http://www.w3.org/2001/03/xml.xsd")
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)")


def safe_parser() -> etree.XMLParser:
    """A parser that expands no entity, loads no DTD and reaches no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class MissingSchema(NdsgraphError):
    """The exchange format's XSDs are not where ndsgraph is told to find them."""


def xsd_folder(environ: dict[str, str] = os.environ) -> Path:
    """Where the XSDs are: $NDSGRAPH_ARCHIMATE_XSD, else ../shared/reference/archimate beside
    the checkout, else beside the working directory."""
    if environ.get(SETTING):
        return Path(environ[SETTING])
    beside_checkout = resources.checkout_root().parent / "shared" / "reference" / "archimate"
    if (beside_checkout / DIAGRAM_XSD).is_file():
        return beside_checkout
    return Path("..") / "shared" / "reference" / "archimate"


class _LocalCopies(etree.Resolver):
    """xml.xsd, which the XSDs import by its w3.org URL, from the local folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url: str, pubid: str, context: object) -> object:
        if url in XML_XSD_URLS:
            return self.resolve_filename(str(self.folder / "xml.xsd"), context)
        if url.startswith(("http:", "https:", "ftp:")):  # never fetched: fail instead
            raise MissingSchema(f"the XSDs refer to {url}, which ndsgraph does not fetch")
        return None


@functools.cache
def _schema(folder: Path) -> etree.XMLSchema:
    """The exchange format (with views and diagrams) and Dublin Core, in one schema."""
    missing = [n for n in (DIAGRAM_XSD, "xml.xsd", "dc.xsd") if not (folder / n).is_file()]
    if missing:
        raise MissingSchema(
            f"the ArchiMate exchange format's XSDs are not in {folder} (missing "
            f"{', '.join(missing)}): set ${SETTING} to the folder holding {DIAGRAM_XSD}"
        )
    parser = safe_parser()
    parser.resolvers.add(_LocalCopies(folder))
    both = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        f'<xs:import namespace="http://www.opengroup.org/xsd/archimate/3.0/" '
        f'schemaLocation="{(folder / DIAGRAM_XSD).resolve().as_uri()}"/>'
        f'<xs:import namespace="{DUBLIN_CORE}" '
        f'schemaLocation="{(folder / "dc.xsd").resolve().as_uri()}"/>'
        "</xs:schema>"
    )
    root = etree.fromstring(both.encode(), parser, base_url=folder.resolve().as_uri() + "/")
    return etree.XMLSchema(root)


def schema() -> etree.XMLSchema:
    return _schema(xsd_folder().resolve())


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse(data: bytes, source: str, max_bytes: int = MAX_BYTES) -> etree._ElementTree:
    """The document, if it is at most ``max_bytes``, well-formed, declares no DOCTYPE or
    entity and is valid against the exchange format's XSD; else an InputError naming
    ``source`` and the line."""
    return checked(well_formed(data, source, max_bytes), source)


def well_formed(data: bytes, source: str, max_bytes: int = MAX_BYTES) -> etree._ElementTree:
    """The document, if it is at most ``max_bytes``, well-formed and declares no DOCTYPE or
    entity; else an InputError naming ``source`` and the line."""
    if len(data) > max_bytes:
        raise InputError(
            f"{source}: {len(data)} bytes, more than the {max_bytes} an exchange file may have"
        )
    if not data.strip():
        raise InputError(f"{source}: empty file (an exchange file holds a model)")
    declared = _DECLARATION.search(data)
    if declared:  # before parsing: nothing is declared, so nothing can expand or be fetched
        raise InputError(
            f"{source}: line {_line(data, declared.start())}: a DOCTYPE or entity declaration "
            "is not allowed in an exchange file (entities are never expanded or fetched)"
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        raise InputError(f"{source}: line {line}: not well-formed XML: {error.msg}") from None
    return tree


def checked(tree: etree._ElementTree, source: str, read_as: str = "") -> etree._ElementTree:
    """The document, if it is valid against the exchange format's XSD; else an InputError
    naming ``source`` and the line (``read_as``: how a file of an older version was read)."""
    xsd = schema()
    if not xsd.validate(tree):
        first = xsd.error_log[0]
        raise InputError(
            f"{source}: line {first.line}: not valid against the ArchiMate exchange format "
            f"(Open Group XSD){read_as}: {first.message}"
        )
    return tree
