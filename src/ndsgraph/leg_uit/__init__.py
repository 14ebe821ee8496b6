"""The *leg uit* statement: what an organisation puts in its annual report (jaarverslag) for
every standard, building block or framework rule it does not apply ("pas toe of leg uit").

``content`` gathers it from the store, ``wording`` says it in Dutch or English, ``render``
writes it as HTML or text and ``pdf`` as PDF."""

from ndsgraph.leg_uit import pdf
from ndsgraph.leg_uit.content import Statement, checked_year, organisation, statement
from ndsgraph.leg_uit.render import article, html, text
from ndsgraph.leg_uit.wording import Document, document
from ndsgraph.store import Store


def as_pdf(store: Store, code: str, year: int, language: str) -> bytes:
    """The statement as PDF in one step, so a server can make it where its memory and time
    are bounded (a worker process): WeasyPrint's caches grow with every document it makes."""
    return pdf.render(html(document(statement(store, code, year, language))))


__all__ = [
    "Document",
    "Statement",
    "article",
    "as_pdf",
    "checked_year",
    "document",
    "html",
    "organisation",
    "statement",
    "text",
]
