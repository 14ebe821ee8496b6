"""Small, careful edits and checks on SPARQL text, with strings, IRIs and comments masked.

Masking keeps a keyword inside a literal or comment from being mistaken for one in the query.
"""

import functools
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ndsgraph.errors import InputError

# An IRI excludes only what SPARQL's IRIREF excludes: Unicode white space such as U+00A0 may
# stand in one (Python's \s would end it there, and read a later # as a comment).
_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*|<[^<>"{}|^`\\\x00-\x20]*>'
)
# In masked text: a variable, a prefixed name or blank node label (the SPARQL tokenizer reads
# ``ex:a.SERVICE`` as one name), or a word, which may be a keyword.
_WORDS = re.compile(r"[?$]\w+|[\w.-]*:[\w.:%\\-]*|(\w+)")
_GAP = r"(?:\s|#[^\n]*)*"  # white space and comments
_OPERAND = re.compile(rf"{_GAP}(?:SILENT\b{_GAP})?", re.IGNORECASE)
_FROM = re.compile(rf"{_GAP}(NAMED\b)?{_GAP}", re.IGNORECASE)
_TERM = re.compile(r"<[^<>\x00-\x20]*>|[^\s{}()]+")
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


def _keywords(masked: str, keyword: str, *, within: bool = False) -> list[re.Match]:
    """Where ``keyword`` is a keyword of the (masked) text, not part of a name or variable.

    ``within``: also a word that merely contains it. SPARQL's tokenizer reads ``1SERVICE`` as
    a number and the keyword, and no other bare word of SPARQL contains SERVICE or LOAD, so
    for keywords that fetch, any such word counts (a false alarm costs a 400, a miss a fetch).
    """
    return [
        match
        for match in _WORDS.finditer(masked)
        if match.group(1)
        and (keyword in match.group(1).upper() if within else match.group(1).upper() == keyword)
    ]


def _operands(text: str, keyword: str) -> list[str]:
    """The term after each ``keyword`` (and an optional SILENT), as written: an <IRI>, a
    variable, a prefixed name, or whatever else stands there."""
    masked = mask(text)
    found = []
    for match in _keywords(masked, keyword, within=True):
        start = _OPERAND.match(text, match.end()).end()
        term = _TERM.match(text, start)
        found.append(term.group() if term else "(nothing)")
    return found


def _refuse_unlisted(
    text: str, keyword: str, allowed: tuple[str, ...], schemes: tuple[str, ...], why: str
) -> list[str]:
    """The operands of ``keyword``, all allow-listed <IRI>s; anything else is refused by name."""
    operands = _operands(text, keyword)
    for operand in operands:
        iri = operand[1:-1] if operand.startswith("<") else None
        if iri is None or iri not in allowed or not iri.startswith(schemes):
            raise InputError(f"{keyword} {operand[:200]} is not allowed: {why}")
    return [operand[1:-1] for operand in operands]


def check_service(text: str, allowed: tuple[str, ...]) -> None:
    """Refuse SERVICE calls to endpoints that are not allow-listed: user queries fetch nothing.

    An endpoint must be written as a full <IRI> to be allowed; ``SERVICE ?x`` and prefixed
    names are refused, whatever they would be bound or expanded to.
    """
    _refuse_unlisted(
        text,
        "SERVICE",
        allowed,
        ("http://", "https://"),
        "federated queries reach only allow-listed endpoints (NDSGRAPH_SERVICE_ALLOW)",
    )


def check_load(update: str, allowed: tuple[str, ...]) -> list[str]:
    """Refuse LOAD from sources that are not allow-listed http(s) IRIs; the sources loaded.

    Without this an update with the write token could make the server fetch any URL it can
    reach (internal services, cloud metadata) or read its own files (file:).
    """
    return _refuse_unlisted(
        update,
        "LOAD",
        allowed,
        ("http://", "https://"),
        "updates load only from allow-listed http(s) sources (NDSGRAPH_SERVICE_ALLOW)",
    )


def check_term_sizes(text: str, max_bytes: int) -> None:
    """Refuse a literal or IRI longer than ``max_bytes``, naming its line, before evaluation."""
    for match in _TOKENS.finditer(text):
        token = match.group()
        if not token.startswith("#") and len(token.encode()) > max_bytes:
            line = text.count("\n", 0, match.start()) + 1
            raise InputError(
                f"line {line}: a literal or IRI of {len(token.encode())} bytes is longer than "
                f"the limit of {max_bytes} bytes"
            )


def check_nesting(text: str, max_depth: int = 500) -> None:
    """Refuse groups, lists and expressions nested deeper than ``max_depth``, naming the line:
    Oxigraph's parser recurses per level, and a few thousand levels overflow its stack."""
    depth = 0
    masked = mask(text)
    for index, char in enumerate(masked):
        if char in "{([":
            depth += 1
            if depth > max_depth:
                line = masked.count("\n", 0, index) + 1
                raise InputError(f"line {line}: nested more than {max_depth} levels deep")
        elif char in "})]":
            depth -= 1


def declares_dataset(query: str) -> bool:
    """Whether the query names its own dataset with FROM or FROM NAMED (asked of every query
    the store evaluates, so the text is masked only when it holds the word at all, and its
    words are read only when the word is there outside strings, IRIs and comments: an
    answer given as its rows, ``answered``, holds a megabyte of them)."""
    if "from" not in query.lower():
        return False
    masked = mask(query)
    return "from" in masked.lower() and bool(_keywords(masked, "FROM"))


def query_dataset(query: str) -> tuple[list[str], list[str]]:
    """The graph IRIs of the query's FROM and FROM NAMED clauses, for a store that would
    otherwise answer from its union default graph and ignore them."""
    defaults: list[str] = []
    named: list[str] = []
    for match in _keywords(mask(query), "FROM"):
        clause = _FROM.match(query, match.end())
        term = _TERM.match(query, clause.end())
        written = term.group() if term else "(nothing)"
        if not written.startswith("<"):
            raise InputError(f"FROM {written[:200]}: write the graph as a full <IRI>")
        (named if clause.group(1) else defaults).append(written[1:-1])
    return defaults, named


def _top_level_keywords(masked: str, pattern: str) -> list[re.Match]:
    """Where ``pattern`` matches outside every group, not right after a letter, digit or _.
    Braces and candidates found by one regular expression, not character by character: a
    query bound to a VALUES block of 500 IRIs took 12 ms a scan, and an import asks hundreds."""
    depth, found = 0, []
    tokens = re.compile(rf"(?P<brace>[{{}}])|(?<!\w)(?:{pattern})", re.IGNORECASE)
    for match in tokens.finditer(masked):
        if match.group("brace") == "{":
            depth += 1
        elif match.group("brace") == "}":
            depth -= 1
        elif depth == 0:
            found.append(match)
    return found


def with_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """Apply the protocol's using-graph-uri / using-named-graph-uri as USING clauses.

    They go before the WHERE of every DELETE/INSERT operation; an update that already has
    USING or WITH is refused, as the protocol requires.
    """
    if not (default_graphs or named_graphs):
        return update
    for graph in default_graphs + named_graphs:
        try:
            ox.NamedNode(graph)
        except ValueError as error:
            raise InputError(f"using graph {graph[:200]!r} is not an IRI: {error}") from None
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
    brace = _insertion_point(query)
    inserted = f"{query[: brace + 1]} {pattern} {query[brace + 1 :]}"
    _remember(inserted, brace)  # the same brace opens its WHERE group
    return inserted


_POINTS: dict[str, int] = {}  # query text -> ``_where_brace``, the most recent last
_KEPT_POINTS = 256
_POINTS_LOCK = threading.Lock()


def _insertion_point(query: str) -> int:
    """``_where_brace`` of the query, read once per text: a query bound in blocks
    (``bound_to``) is the same text for every block, and an import binds hundreds; a text
    ``insert_pattern`` made is not read again (a block of 500 IRIs bound to a parameter as well:
    masking its 40 kB took a tenth of an import at 1M)."""
    with _POINTS_LOCK:
        point = _POINTS.pop(query, None)
    if point is None:
        point = _where_brace(mask(query))
    _remember(query, point)
    return point


def _remember(query: str, point: int) -> None:
    with _POINTS_LOCK:  # the server's threads share it
        _POINTS[query] = point
        while len(_POINTS) > _KEPT_POINTS:
            del _POINTS[next(iter(_POINTS))]


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


def bound_to(query: str, name: str, iris: Iterable[str], size: int = 500) -> Iterator[str]:
    """The query with ``?name`` bound to each of ``iris`` (sorted, each once), in VALUES blocks
    of at most ``size``. Small blocks on purpose: Oxigraph 0.5 evaluates the rest of a query
    unbound once a VALUES block holds more than about a thousand rows (the register's open
    records of 2,000 subjects took 91 s at 5M, in blocks of 500 a fifth of a second)."""
    rows = [[str(ox.NamedNode(iri))] for iri in sorted(set(iris))]
    yield from bound_in_blocks(query, [name], rows, size)


def bound_in_blocks(
    query: str, names: list[str], rows: list[list[str]], size: int = 500
) -> Iterator[str]:
    """The query with ``names`` bound to ``rows``, in VALUES blocks of at most ``size`` (see
    ``bound_to``)."""
    for start in range(0, len(rows), size):
        yield bind_rows(query, names, rows[start : start + size])


def inlined(query: str, name: str, iri: str) -> str:
    """The query with ``?name`` replaced by the IRI itself: where a SELECT (the query's or a
    subquery's) projects it, as ``(<iri> AS ?name)`` (or as ``?name`` if a subquery in its
    group already gives it and it does not group); in GROUP BY, ORDER BY or HAVING as
    ``(<iri>)``; elsewhere as ``<iri>``. For Oxigraph 0.5's planner, which joins a VALUES
    block or a substitution with a UNION only after evaluating every branch unbound, but starts
    each branch from a constant (a landscape at a million triples: 1.4 s bound, 0.3 s
    inlined)."""
    term = str(ox.NamedNode(iri))
    masked, selects = _parsed(query)
    found = [m.start() for m in re.finditer(rf"[?$]{re.escape(name)}\b", masked)]
    projecting = [s for s in selects if any(s.projects(masked, at) for at in found)]
    pieces, last = [], 0
    for at in found:
        pieces.append(query[last:at])
        select = next((s for s in selects if s.projects(masked, at)), None)
        if select is not None:
            given = not select.grouped and any(select.holds(s) for s in projecting)
            pieces.append(f"?{name}" if given else f"({term} AS ?{name})")
        elif any(s.modifiers[0] <= at < s.modifiers[1] for s in selects):
            pieces.append(f"({term})")
        else:
            pieces.append(term)
        last = at + len(name) + 1
    return "".join(pieces) + query[last:]


def unioned(query: str, name: str, iris: Sequence[str]) -> str:
    """The query with its top-level WHERE group once per IRI, as the branches of a UNION, each
    with ``?name`` written in as that IRI (``inlined``) and bound to it: the rows that one
    ``inlined`` query per IRI gives, from one evaluation (an organisation's first 25 contracts
    one by one: 25 parses and plans, twice the time; in a VALUES block Oxigraph 0.5 evaluates
    the group unbound). ``iris`` are not empty; ``?name`` is not projected by a subquery."""
    place = str(ox.NamedNode("urn:ndsgraph:unioned"))
    template = inlined(query, name, place[1:-1])
    start, end = _where_group(template)
    group = template[start + 1 : end]
    branches = " UNION ".join(
        f"{{ {group.replace(place, term)} BIND({term} AS ?{name}) }}"
        for term in (str(ox.NamedNode(iri)) for iri in iris)
    )
    start, end = _where_group(query)
    return f"{query[:start]}{{ {branches} }}{query[end + 1 :]}"


def _where_group(query: str) -> tuple[int, int]:
    """Where the query's top-level WHERE group opens and closes."""
    masked = mask(query)
    start = _where_brace(masked)
    return start, _braces(masked)[0][start]


@dataclass(frozen=True)
class _Select:
    """Where a SELECT (the query's or a subquery's) has its projection, its WHERE group and its
    solution modifiers (GROUP BY, HAVING, ORDER BY, LIMIT: up to the brace that closes a
    subquery), in the masked text."""

    projection: tuple[int, int]
    group: tuple[int, int]
    modifiers: tuple[int, int]
    grouped: bool  # GROUP BY or an aggregate: only its keys are in scope in its projection

    def projects(self, masked: str, at: int) -> bool:
        """Whether the variable at ``at`` is one of the projection's, not inside an expression."""
        start, end = self.projection
        return start <= at < end and _depth(masked[start:at]) == 0

    def holds(self, other: "_Select") -> bool:
        return self.group[0] < other.projection[0] < self.group[1]


_AGGREGATE = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.IGNORECASE)


@functools.lru_cache(maxsize=128)
def _parsed(query: str) -> tuple[str, tuple[_Select, ...]]:
    """The query masked, and its SELECTs: read once per text (a profile writes 25 findings
    one by one into the same query)."""
    masked = mask(query)
    return masked, tuple(_selects(masked))


def _selects(masked: str) -> list[_Select]:
    closing, enclosing = _braces(masked)
    found = []
    for select in _keywords(masked, "SELECT"):
        opening = masked.find("{", select.end())
        if opening < 0:
            raise InputError("the query has no WHERE group to bind parameters in")
        outer = enclosing.get(opening)  # a subquery's modifiers end where its group does
        end = len(masked) if outer is None else closing[outer]
        projection = masked[select.end() : opening]
        grouped = bool(
            _AGGREGATE.search(projection)
            or re.search(r"\bGROUP\s+BY\b", masked[closing[opening] : end], re.IGNORECASE)
        )
        found.append(
            _Select(
                (select.end(), opening),
                (opening, closing[opening]),
                (closing[opening], end),
                grouped,
            )
        )
    return found


def _depth(masked: str) -> int:
    """How many brackets the (masked) text leaves open."""
    return masked.count("(") - masked.count(")")


def _braces(masked: str) -> tuple[dict[int, int], dict[int, int]]:
    """Per opening brace of the (masked) text, the brace that closes it, and the opening brace
    of the group it is in (if any); in one pass (an import binds hundreds of queries)."""
    closing, enclosing, open_ = {}, {}, []
    for match in re.finditer(r"[{}]", masked):
        if match.group() == "{":
            if open_:
                enclosing[match.start()] = open_[-1]
            open_.append(match.start())
        elif open_:
            closing[open_.pop()] = match.start()
        else:
            raise InputError("the query closes a group it did not open")
    if open_:
        raise InputError("the query's WHERE group is not closed")
    return closing, enclosing


def _values(names: list[str], rows: list[list[str]]) -> str:
    head = " ".join(f"?{name}" for name in names)
    body = " ".join(f"({' '.join(row)})" for row in rows)
    return f"VALUES ({head}) {{ {body} }}"


def bind_rows(query: str, names: list[str], rows: list[list[str]]) -> str:
    """Bind variables to many rows by a VALUES block: the query runs once for a set of terms."""
    return insert_pattern(query, _values(names, rows))


def answered(query: str, rows: Sequence[Mapping[str, ox.NamedNode | ox.Literal | None]]) -> str:
    """The SELECT ``query`` (of plain rows: no GROUP BY) answering ``rows`` alone, in their
    order: its WHERE group replaced by a VALUES block of them (UNDEF where unbound) and
    ordered by their place (``?position``), its prefixes and projection kept. An answer
    already read, given in the query's own form without reading the store again; parameters
    bound as when it was read bind the same values."""
    names = sorted({name for row in rows for name, term in row.items() if term is not None})
    cells = [
        [*(str(row[n]) if row.get(n) is not None else "UNDEF" for n in names), str(position)]
        for position, row in enumerate(rows)
    ]
    brace = _where_brace(mask(query))
    return f"{query[: brace + 1]} {_values([*names, 'position'], cells)} }}\nORDER BY ?position\n"


def paged(query: str, limit: int | None, offset: int | None) -> str:
    """The query's answer from ``offset`` on, at most ``limit`` rows: a page of a large answer,
    which costs little when the query streams (no ORDER BY, GROUP BY or DISTINCT at the top)."""
    if _top_level_keywords(mask(query), r"LIMIT|OFFSET"):
        raise InputError("this query sets its own LIMIT or OFFSET: it cannot be paged")
    clauses = [f"LIMIT {limit}"] * (limit is not None) + [f"OFFSET {offset}"] * bool(offset)
    return f"{query.rstrip()}\n{' '.join(clauses)}\n"


def tallied(query: str, key: str, by: tuple[str, ...] = ()) -> str:
    """A SELECT query that counts the distinct values of ``?key`` in the answer of ``query``
    (as ``?rows``), per combination of the variables ``by``: a page's figures and the length of
    a list it shows only the start of, without reading the whole answer. Its ORDER BY is left
    out: a count needs no order."""
    masked = mask(query)
    form = _FORM.match(masked)
    if form is None or form.group(1).upper() != "SELECT":
        raise InputError("only a SELECT query's answer can be counted")
    if _top_level_keywords(masked, r"LIMIT|OFFSET"):
        raise InputError("this query sets its own LIMIT or OFFSET: its answer cannot be counted")
    order = _top_level_keywords(masked, r"ORDER\s+BY\b")
    inner = query[form.start(1) : order[0].start() if order else len(query)]
    groups = " ".join(f"?{name}" for name in by)
    grouped = f"\nGROUP BY {groups}" if by else ""
    return (
        f"{query[: form.start(1)]}SELECT {groups} (COUNT(DISTINCT ?{key}) AS ?rows)\n"
        f"WHERE {{\n{{ {inner} }}\n}}{grouped}\n"
    )


_ORDER_KEY = re.compile(r"\s*(?:(ASC|DESC)\s*\(\s*[?$](\w+)\s*\)|[?$](\w+))", re.IGNORECASE)


def unordered(query: str) -> tuple[str, tuple[tuple[str, bool], ...]]:
    """The query without its top-level ORDER BY, and that order as (variable, descending)
    pairs, for a caller that sorts the answer itself (``ordering``). An order by an
    expression, or a query that pages its own answer, cannot be taken apart."""
    masked, order = _order_by(query)
    if order is None:
        return query, ()
    clause, keys, at = masked[order.end() :], [], 0
    while match := _ORDER_KEY.match(clause, at):
        keys.append((match.group(2) or match.group(3), (match.group(1) or "").upper() == "DESC"))
        at = match.end()
    if clause[at:].strip():
        raise InputError(f"this query orders by an expression: {clause.strip()}")
    return query[: order.start()].rstrip() + "\n", tuple(keys)


def without_order(query: str) -> str:
    """The query without its top-level ORDER BY, also one by an expression: for a caller that
    puts the rows in order by other means (Oxigraph 0.5 took longer to sort 25 deviations of
    an organisation than to find them)."""
    _, order = _order_by(query)
    return query if order is None else query[: order.start()].rstrip() + "\n"


def _order_by(query: str) -> tuple[str, re.Match | None]:
    """The masked query and its top-level ORDER BY keyword, if it has one; a query that pages
    its own answer (LIMIT, OFFSET) keeps its order."""
    masked = mask(query)
    order = _top_level_keywords(masked, r"ORDER\s+BY\b")
    if order and _top_level_keywords(masked, r"LIMIT|OFFSET"):
        raise InputError("this query sets its own LIMIT or OFFSET: its order cannot be left out")
    return masked, order[0] if order else None


def _union_branches(masked: str) -> list[tuple[int, int]]:
    """Where each branch of the UNION of groups that is the (masked) query's top-level WHERE
    group opens and closes; none if that group holds anything else (one group alone is a
    UNION of one)."""
    where = _where_brace(masked)
    closing, _ = _braces(masked)
    end = closing[where]
    branches: list[tuple[int, int]] = []
    at = where + 1
    while (opening := masked.find("{", at, end)) >= 0:
        if masked[at:opening].strip().upper() != ("UNION" if branches else ""):
            return []  # not a UNION of groups
        branches.append((opening, closing[opening]))
        at = branches[-1][1] + 1
    return [] if masked[at:end].strip() else branches


def branches_limited(query: str, names: Sequence[str], limit: int) -> str:
    """The query with each branch of its top-level UNION answering at most ``limit`` distinct
    rows of ``names``: a page that shows only the start of a large answer stops each branch
    there rather than reading it all. Another WHERE group is left as it is. A branch cut
    short has ``limit`` rows, so with a ``limit`` above what the page shows, an answer longer
    than that says the page was cut, and a shorter one is whole. Write parameters in first
    (``inlined``): a branch's variables other than ``names`` become its own."""
    projection = " ".join(f"?{name}" for name in names)
    pieces, last = [], 0
    for start, stop in _union_branches(mask(query)):
        pieces.append(query[last:start])
        pieces.append(
            f"{{ SELECT DISTINCT {projection} WHERE {query[start : stop + 1]} LIMIT {limit} }}"
        )
        last = stop + 1
    return "".join(pieces) + query[last:]


def branches_by(query: str, name: str) -> dict[str, list[str]]:
    """Per string the branches of its top-level UNION bind ``?name`` to (``BIND("runs" AS
    ?name)``), the query once per such branch, with that branch alone: a caller reads them
    side by side, each as far as it needs (``branches_limited``: NLX's dependency picture reads
    its 2,555 "runs" edges whole, its "adopts" edges only as far as it draws them), and knows
    which branch had more. Every branch binds ``?name`` to a string."""
    masked = mask(query)
    branches = _union_branches(masked)
    if not branches:
        raise InputError("this query's WHERE group is not a UNION of groups")
    bound = re.compile(rf'BIND\s*\(\s*"([^"\\\n]*)"\s+AS\s+[?$]{re.escape(name)}\s*\)')
    where, end = branches[0][0], branches[-1][1] + 1
    parts: dict[str, list[str]] = {}
    for start, stop in branches:
        found = [  # not in a comment or string: its keyword is not masked
            m for m in bound.finditer(query, start, stop) if masked.startswith("BIND", m.start())
        ]
        if not found:
            raise InputError(f"a branch of this query binds ?{name} to no string")
        parts.setdefault(found[0].group(1), []).append(
            f"{query[:where]}{query[start : stop + 1]}{query[end:]}"
        )
    return parts


def distinct(query: str) -> str:
    """The SELECT query with DISTINCT solutions: a statement that several graphs hold (a
    submission that repeats a bulk-loaded graph) is one row, not one per graph and pattern."""
    masked = mask(query)
    form = _FORM.match(masked)
    if form is None or form.group(1).upper() != "SELECT":
        raise InputError("only a SELECT query's solutions can be made distinct")
    if re.match(r"\s+(DISTINCT|REDUCED)\b", masked[form.end(1) :], re.IGNORECASE):
        return query
    return f"{query[: form.end(1)]} DISTINCT{query[form.end(1) :]}"
