"""One query from several: stored SELECT queries (parts) joined into another's WHERE group.

Why: Oxigraph joins the patterns of one group row by row, a lookup per row, which is fast from
a few rows and slow from many (FILTER EXISTS likewise checks every row). A subquery it
evaluates on its own and joins by hashing: one index scan per part, however many rows. So a
query that narrows many rows by several filters joins each filter as a subquery, and one that
starts from a few rows (a single organisation's) joins the rest as groups.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ndsgraph.sparql.sparql_text import insert_pattern, mask

_PREFIX = re.compile(r"PREFIX\s+([^\s:]*):\s*(<[^>]*>)", re.IGNORECASE)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """A SELECT query (its parameters bound already) and how it joins: as a ``subquery``
    (hashed), as a ``group`` of its patterns (row by row), or ``minus`` (subtracted)."""

    text: str
    how: Literal["subquery", "group", "minus"] = "subquery"


def _split(text: str) -> tuple[dict[str, str], str]:
    """The query's PREFIX declarations (name to <IRI>) and the query after its prologue."""
    form = _FORM.search(mask(text))
    if form is None:
        raise ValueError("a part must be a SELECT query")
    return dict(_PREFIX.findall(text[: form.start()])), text[form.start() :].strip()


def _group(select: str) -> str:
    """The WHERE group of a SELECT query (without its prologue), braces included."""
    masked = mask(select)
    start = masked.index("{")
    depth = 0
    for index in range(start, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[index], 0)
        if depth == 0:
            return select[start : index + 1]
    raise ValueError("a part's WHERE group is not closed")


def _pattern(part: Part) -> tuple[dict[str, str], str]:
    prefixes, select = _split(part.text)
    if part.how == "group":
        return prefixes, _group(select)
    subquery = f"{{ {select} }}"
    return prefixes, f"MINUS {{ {subquery} }}" if part.how == "minus" else subquery


def joined(query: str, parts: Iterable[Part]) -> str:
    """``query`` with each of ``parts`` at the start of its WHERE group, and the parts'
    PREFIX declarations it lacks before it (a name declared twice differently is an error)."""
    declared, _ = _split(query)
    patterns, wanted = [], dict(declared)
    for part in parts:
        prefixes, pattern = _pattern(part)
        patterns.append(pattern)
        for name, iri in prefixes.items():
            if wanted.setdefault(name, iri) != iri:
                raise ValueError(f"prefix {name}: declared differently by the parts")
    missing = "".join(f"PREFIX {n}: {iri}\n" for n, iri in wanted.items() if n not in declared)
    return missing + insert_pattern(query, "\n".join(patterns))
