"""The statement as PDF, made by WeasyPrint from its HTML document (``render.html``).

WeasyPrint fetches nothing here: its URL fetcher refuses every URL but the document's own
inline (``data:``) resources, so a name or motivation that holds an address cannot make the
server reach out. It needs Debian's Pango (libpango-1.0-0, libpangoft2-1.0-0) and a font;
``make serve`` and ``make test`` install them, and without them ``unavailable()`` says what
is missing instead of a PDF failing halfway."""

import functools
from typing import Any

from ndsgraph.errors import Unavailable

INSTALL = (
    "the PDF needs WeasyPrint and Debian's Pango: apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0 fonts-liberation (`make serve` does this)"
)
VARIANT = "pdf/ua-1"  # tagged, for screen readers: a government document must be accessible


@functools.cache
def _weasyprint() -> tuple[Any, str | None]:
    """WeasyPrint, or why it cannot be loaded (its system libraries are loaded on import)."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        return None, f"{INSTALL}; loading it failed: {' '.join(str(error).split())}"
    return weasyprint, None


def unavailable() -> str | None:
    """Why no PDF can be made here, or None when it can."""
    return _weasyprint()[1]


def _fetcher(weasyprint: Any) -> Any:
    class OwnResourcesOnly(weasyprint.urls.URLFetcher):
        """Fetches the document's inline resources (``data:``) and nothing else."""

        def fetch(self, url: str, headers: dict | None = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"not fetched: {url[:200]} (the statement uses no outside resources)")

    return OwnResourcesOnly(allowed_protocols=("data",))


def render(html: str) -> bytes:
    """The PDF of an HTML document, fetching nothing."""
    weasyprint, missing = _weasyprint()
    if missing:
        raise Unavailable(missing)
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_fetcher(weasyprint))
    return document.write_pdf(pdf_variant=VARIANT)
