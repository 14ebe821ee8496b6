"""The deviations register as people read it: a terminal table, CSV, JSON or an HTML table,
the same for the CLI and the server.

Every term is shown by its name in the reader's language; CSV and JSON keep its IRI in its
own column and put the name beside it (``organisation`` and ``organisation_name``, see
``ndsgraph.sparql.named``). What the subject is stands beside it, as on the register page:
its type (``names.types_of``) in ``subject_kind`` and the type's name in ``subject_kind_name``. Without names (a file judged outside a store) a term is named by
the last segment of its IRI. A message is shown as people read it (``names.readable``); CSV
and JSON keep it as recorded in ``message_nl`` and ``message_en`` and put the readable one, in
the reader's language, beside them in ``message``.
"""

import csv
import html
import io
import json
from collections.abc import Mapping
from dataclasses import fields
from urllib.parse import urlsplit

from ndsgraph.errors import InputError
from ndsgraph.names import DEFAULT_LANGUAGE, Described, Text, readable, short
from ndsgraph.sparql import results
from ndsgraph.validation.findings import Finding, sort_key
from ndsgraph.vocabulary import SH

FORMATS = ("table", "csv", "json", "html")
SHOWN = tuple(f.name for f in fields(Finding) if f.name != "value_is_iri")  # what people read
TERMS = ("organisation", "framework", "rule", "subject", "deviation", "evidence")  # IRIs
NAMED = {term: f"{term}_name" for term in (*TERMS, "severity")}  # the name beside each
NAMED["message_en"] = "message"  # the readable message after the recorded ones
KIND = ("subject_kind", "subject_kind_name")  # after the subject's name: what it is


def _beside(field: str) -> tuple[str, ...]:
    """The columns after a field's own: its name, and after the subject's, what it is."""
    return ((NAMED[field],) if field in NAMED else ()) + (KIND if field == "subject" else ())


COLUMNS = tuple(c for f in SHOWN for c in (f, *_beside(f)))  # CSV, JSON
# the terminal table's and the HTML table's headers, in Dutch and English
HEADERS = {
    "severity": ("ernst", "severity"),
    "framework": ("kader", "framework"),
    "rule": ("regel", "rule"),
    "organisation": ("organisatie", "organisation"),
    "subject": ("onderwerp", "subject"),
    "kind": ("soort", "kind"),
    "explained": ("verklaard", "explained"),
    "evidence": ("bewijs", "evidence"),
    "message": ("melding", "message"),
    "first_seen": ("gezien sinds", "first seen"),
}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}
REGISTER = ("Afwijkingenregister", "Deviations register")  # the HTML table's caption
LINKED = ("http", "https")  # the schemes of the IRIs the HTML table links to


def _name(iri: str | None, names: Mapping[str, str]) -> str:
    return (names.get(iri) or short(iri)) if iri else ""


def severity_name(severity: str, names: Mapping[str, str]) -> str:
    """A finding's severity (Violation, Warning, Info) by its name in ``names``, else as is."""
    return names.get(SH[severity].value) or severity


def message_in(nl: str | None, en: str | None, language: str) -> Text:
    """The recorded message in ``language``, else in the other one (in its language)."""
    first, second = (("en", en), ("nl", nl)) if language == "en" else (("nl", nl), ("en", en))
    written, message = first if first[1] else second
    return Text(message or "", written if message else "")


def _message(f: Finding, names: Mapping[str, str], language: str) -> str:
    """The finding's message as people read it, in ``language``."""
    return readable(message_in(f.message_nl, f.message_en, language), names, language)


def _with_names(
    f: Finding, names: Mapping[str, str], language: str, kinds: Mapping[str, str]
) -> dict[str, object]:
    """The finding's fields, each term's name after it, the readable message after the
    recorded ones, what the subject is (``kinds``: its type) after its name."""
    shown: dict[str, object] = {}
    for field in SHOWN:
        shown[field] = getattr(f, field)
        if field in TERMS:
            shown[NAMED[field]] = _name(getattr(f, field), names)
        elif field == "severity":
            shown[NAMED[field]] = severity_name(f.severity, names)
        elif field == "message_en":
            shown[NAMED[field]] = _message(f, names, language)
        if field == "subject":
            kind = kinds.get(f.subject)
            shown.update(zip(KIND, (kind, _name(kind, names)), strict=True))
    return shown


def shown(
    findings: list[Finding], names: Mapping[str, str], language: str, kinds: Mapping[str, str]
) -> list[dict[str, object]]:
    """Each finding as the register's JSON and CSV write it (``COLUMNS``), in the order given."""
    return [_with_names(f, names, language, kinds) for f in findings]


def _csv_cell(value: object) -> object:
    """A CSV cell as the other columns keep their values (IRIs, ``Violation``, ISO dates) and
    as SPARQL's CSV results write a boolean: ``true``/``false``, as in the JSON (``str`` of
    Python's bool gives ``True``)."""
    return str(value).lower() if isinstance(value, bool) else value


def _explained(f: Finding, names: Mapping[str, str], language: str) -> str:
    yes, no = YES_NO[language]
    return f"{yes} ({_name(f.deviation, names)})" if f.explained else no


def _subject(iri: str, names: Mapping[str, str]) -> str:
    """The subject as the register page shows it: a record without a name of its own by what
    it is about alone ("NLX"), as its kind and organisation stand in their own columns (it read
    "afname NLX · gemeente Almere" beside "afname" and "gemeente Almere")."""
    name = names.get(iri)
    return name.about if isinstance(name, Described) else _name(iri, names)


def _table_row(
    f: Finding, names: Mapping[str, str], language: str, kinds: Mapping[str, str]
) -> dict[str, str]:
    return {
        "severity": severity_name(f.severity, names),
        "framework": _name(f.framework, names),
        "rule": _name(f.rule, names),
        "organisation": _name(f.organisation, names),
        "subject": _subject(f.subject, names),
        "kind": _name(kinds.get(f.subject), names),
        "explained": _explained(f, names, language),
        "evidence": _name(f.evidence, names),
        "message": _message(f, names, language),
        "first_seen": (f.first_seen or "")[:10],
    }


def _html(
    findings: list[Finding],
    names: Mapping[str, str],
    language: str,
    kinds: Mapping[str, str],
    caption: tuple[str, str],
) -> str:
    column = 0 if language == "nl" else 1
    head = "".join(f"<th scope='col'>{HEADERS[h][column]}</th>" for h in HEADERS)
    links = {"framework", "rule", "organisation", "subject"}
    body = []
    for f in findings:
        cells = []
        for header, text in _table_row(f, names, language, kinds).items():
            iri = getattr(f, header) if header in links else None
            shown = html.escape(text)
            if iri and urlsplit(iri).scheme in LINKED:  # never a javascript: IRI of an upload
                shown = f"<a href='{html.escape(iri, quote=True)}'>{shown}</a>"
            cells.append(f"<td>{shown}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table class='register'><caption>{caption[column]}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>\n"
    )


def register(
    findings: list[Finding],
    fmt: str,
    names: Mapping[str, str] | None = None,
    language: str = DEFAULT_LANGUAGE,
    ordered: bool = False,
    kinds: Mapping[str, str] | None = None,
    caption: tuple[str, str] = REGISTER,
) -> str:
    """The register as a terminal table, CSV, JSON or an HTML table, Violations first (or
    ``ordered`` already: a page of the register's order), its terms named by ``names`` (IRI
    to name, see ``ndsgraph.names``) in ``language``, each subject's type by ``kinds``
    (``names.types_of``; named in ``names``); the HTML table's ``caption`` in Dutch and
    English."""
    findings = list(findings) if ordered else sorted(findings, key=sort_key)
    names = names or {}
    kinds = kinds or {}
    if fmt == "json":
        rows = shown(findings, names, language, kinds)
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        rows = shown(findings, names, language, kinds)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows([_csv_cell(value) for value in row.values()] for row in rows)
        return out.getvalue()
    if fmt == "html":
        return _html(findings, names, language, kinds, caption)
    if fmt == "table":
        column = 0 if language == "nl" else 1
        rows = [list(_table_row(f, names, language, kinds).values()) for f in findings]
        return results.table_from_rows([h[column] for h in HEADERS.values()], rows)
    raise InputError(f"unknown register format '{fmt}' (use table, csv, json or html)")
