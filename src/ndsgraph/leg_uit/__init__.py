"""The *leg uit* statement: what an organisation puts in its annual report (jaarverslag) for
every standard, building block or framework rule it does not apply ("pas toe of leg uit").

``content`` gathers it from the store, ``wording`` says it in Dutch or English, ``render``
writes it as HTML or text and ``pdf`` as PDF."""

from ndsgraph.leg_uit.content import Statement, checked_year, organisation, statement
from ndsgraph.leg_uit.render import article, html, text
from ndsgraph.leg_uit.wording import Document, document

__all__ = [
    "Document",
    "Statement",
    "article",
    "checked_year",
    "document",
    "html",
    "organisation",
    "statement",
    "text",
]
