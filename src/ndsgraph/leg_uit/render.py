"""The statement laid out: HTML (an article for a page, or a document of its own that the PDF
is made from) and plain text, all from one Document (``wording``)."""

import functools
import textwrap
from pathlib import Path

import jinja2
from markupsafe import Markup

from ndsgraph.leg_uit.wording import Document, Paragraph

TEMPLATES = Path(__file__).parent / "templates"
WIDTH = 88


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def article(document: Document) -> str:
    """The statement as an HTML ``<article>``, for a page around it."""
    return _environment().get_template("statement.html").render(document=document)


def html(document: Document) -> str:
    """The statement as an HTML document of its own, its style inline: what the PDF is made of."""
    css = Markup((TEMPLATES / "statement.css").read_text(encoding="utf-8"))  # ours, not input
    return _environment().get_template("document.html").render(document=document, css=css)


def _wrapped(paragraph: Paragraph, indent: str = "", first: str | None = None) -> str:
    words = "".join(span.text for span in paragraph).strip()
    return textwrap.fill(
        words,
        WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )


def text(document: Document) -> str:
    """The statement as plain text, to paste into an annual report."""
    lines = [document.title, document.organisation, "=" * len(document.title), ""]
    if document.warning:
        lines += [_wrapped(document.warning), ""]
    lines += [block for paragraph in document.intro for block in (_wrapped(paragraph), "")]
    for section in document.sections:
        lines += [section.heading, "-" * len(section.heading), section.about, ""]
        lines += [_wrapped(section.lead), ""]
        for heading, items in (
            (section.deviations_heading, section.deviations),
            (section.findings_heading, section.findings),
        ):
            if items:
                lines += [f"{heading}:", *(_wrapped(item, "  ", "- ") for item in items), ""]
    lines += [document.source_heading, "-" * len(document.source_heading)]
    lines += [_wrapped(paragraph) for paragraph in document.sources]
    return "\n".join(lines) + "\n"
