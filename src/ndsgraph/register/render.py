"""The deviations register as people read it: a terminal table, CSV, JSON or an HTML table,
the same for the CLI and the server."""

import csv
import html
import io
import json
from dataclasses import fields

from ndsgraph.errors import InputError
from ndsgraph.names import short
from ndsgraph.sparql import results
from ndsgraph.validation.findings import Finding, sort_key

FORMATS = ("table", "csv", "json", "html")
SHOWN = tuple(f.name for f in fields(Finding) if f.name != "value_is_iri")  # what people read


def _short(iri: str | None) -> str:
    return short(iri) if iri else ""


def register(findings: list[Finding], fmt: str) -> str:
    """The register as a terminal table, CSV, JSON or an HTML table, Violations first."""
    findings = sorted(findings, key=sort_key)
    if fmt == "json":
        shown = [{n: getattr(f, n) for n in SHOWN} for f in findings]
        return json.dumps(shown, indent=2, ensure_ascii=False) + "\n"
    names = [f.name for f in fields(Finding) if f.name in SHOWN]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows([getattr(f, n) for n in names] for f in findings)
        return out.getvalue()
    if fmt == "html":
        head = "".join(f"<th scope='col'>{html.escape(n)}</th>" for n in names)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape(str(getattr(f, n) or ''))}</td>" for n in names)
            + "</tr>"
            for f in findings
        )
        return (
            "<table class='register'><caption>Afwijkingenregister / deviations register</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
        )
    if fmt == "table":
        columns = [
            "severity",
            "framework",
            "rule",
            "organisation",
            "subject",
            "explained",
            "evidence",
            "message",
        ]
        rows = [
            [
                f.severity,
                _short(f.framework),
                _short(f.rule),
                _short(f.organisation),
                _short(f.subject),
                f"yes ({_short(f.deviation)})" if f.explained else "no",
                f.evidence or "",
                f.message_nl or f.message_en,
            ]
            for f in findings
        ]
        return results.table_from_rows(columns, rows)
    raise InputError(f"unknown register format '{fmt}' (use table, csv, json or html)")
