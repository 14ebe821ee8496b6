"""Where the RDF sources of truth live, in a checkout and once installed.

A wheel carries ontology/, shapes/ and data/ inside the package (``_bundled``);
a checkout or editable install reads them from the repository root.
"""

from importlib.resources import files
from pathlib import Path

_PACKAGE = Path(str(files("ndsgraph")))
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parents[1]


def _root(name: str) -> Path:
    installed = _BUNDLED / name
    return installed if installed.is_dir() else _CHECKOUT / name


def checkout_root() -> Path:
    """The repository a checkout or editable install runs from (in a wheel: where it sits)."""
    return _CHECKOUT


def ontology_dir() -> Path:
    return _root("ontology")


def shapes_dir() -> Path:
    return _root("shapes")


def data_dir() -> Path:
    return _root("data")


def queries_dir() -> Path:
    return _PACKAGE / "queries"
