"""Small, careful edits and checks on SPARQL text, with strings, IRIs and comments masked.

Masking keeps a keyword inside a literal or comment from being mistaken for one in the query.
"""

import re

from ndsgraph.errors import InputError

_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*|<[^<>"{}|^`\\\s]*>'
)
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(\S+)", re.IGNORECASE)
_FORM = re.compile(
    r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE
)


def mask(text: str) -> str:
    """The text with every string, IRI and comment replaced by spaces of the same length."""
    return _TOKENS.sub(lambda m: " " * len(m.group()), text)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the keyword after the prologue (SELECT if none)."""
    match = _FORM.match(mask(text))
    return match.group(1).upper() if match else "SELECT"


def check_service(text: str, allowed: tuple[str, ...]) -> None:
    """Refuse SERVICE calls to endpoints that are not allow-listed: user queries fetch nothing."""
    masked = mask(text)
    for match in _SERVICE.finditer(masked):
        start = match.start(1)
        iri = re.match(r"<[^>\s]*>", text[start:])
        endpoint = iri.group()[1:-1] if iri else None
        if endpoint is None or endpoint not in allowed:
            shown = iri.group() if iri else match.group(1)
            raise InputError(
                f"SERVICE {shown} is not allowed: federated queries reach only allow-listed endpoints"
            )


def _top_level_keywords(masked: str, pattern: str) -> list[re.Match]:
    depth, found = 0, []
    keyword = re.compile(pattern, re.IGNORECASE)
    for index, char in enumerate(masked):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif (
            depth == 0
            and (match := keyword.match(masked, index))
            and (index == 0 or not (masked[index - 1].isalnum() or masked[index - 1] == "_"))
        ):
            found.append(match)
    return found


def with_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """Apply the protocol's using-graph-uri / using-named-graph-uri as USING clauses.

    They go before the WHERE of every DELETE/INSERT operation; an update that already has
    USING or WITH is refused, as the protocol requires.
    """
    if not (default_graphs or named_graphs):
        return update
    masked = mask(update)
    if _top_level_keywords(masked, r"(USING|WITH)\b"):
        raise InputError(
            "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH"
        )
    clauses = " ".join(
        [f"USING <{g}>" for g in default_graphs] + [f"USING NAMED <{g}>" for g in named_graphs]
    )
    result, last = [], 0
    for match in _top_level_keywords(masked, r"WHERE\b"):
        before = masked[: match.start()].rstrip()
        if re.search(r"\bDELETE$", before, re.IGNORECASE):
            continue  # DELETE WHERE has no USING
        result.append(update[last : match.start()] + clauses + " ")
        last = match.start()
    return "".join(result) + update[last:]


def _where_brace(masked: str) -> int:
    """Index of the opening brace of the query's top-level WHERE group."""
    form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", masked, re.IGNORECASE)
    if form is None:
        raise InputError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    start = form.end()
    where = [m for m in _top_level_keywords(masked[start:], r"WHERE\b")]
    if where:
        start += where[0].end()
    elif form.group(1).upper() == "CONSTRUCT":
        raise InputError("a CONSTRUCT query needs an explicit WHERE to bind parameters")
    brace = masked.find("{", start)
    if brace < 0:
        raise InputError("the query has no WHERE group to bind parameters in")
    return brace


def insert_pattern(query: str, pattern: str) -> str:
    """The query with ``pattern`` as the first element of its top-level WHERE group."""
    brace = _where_brace(mask(query))
    return f"{query[: brace + 1]} {pattern} {query[brace + 1 :]}"


def bind_values(query: str, bindings: dict[str, str]) -> str:
    """Bind variables by BIND clauses at the start of the top-level WHERE group.

    ``bindings`` maps variable names to RDF terms already serialised as N-Triples terms
    (so escaped by the RDF library, not by hand). For stores that lack SEP-0007 substitution.
    BIND, not a one-row VALUES block: Virtuoso 7.2 refuses a transitive path (``+``) whose
    start comes from VALUES ("neither end of it is bound by equality").
    """
    if not bindings:
        return query
    return insert_pattern(query, " ".join(f"BIND({t} AS ?{v})" for v, t in bindings.items()))


def bind_rows(query: str, names: list[str], rows: list[list[str]]) -> str:
    """Bind variables to many rows by a VALUES block: the query runs once for a set of terms."""
    head = " ".join(f"?{name}" for name in names)
    body = " ".join(f"({' '.join(row)})" for row in rows)
    return insert_pattern(query, f"VALUES ({head}) {{ {body} }}")
