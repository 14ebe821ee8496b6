"""Names of terms in a person's language, for every output a person reads: a label in the
chosen language, else one without a language, else any, else the IRI's last segment."""

from collections.abc import Iterable

from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store

LANGUAGES = ("nl", "en")  # Dutch first: the compass speaks Dutch unless asked otherwise
DEFAULT_LANGUAGE = LANGUAGES[0]


def short(iri: str) -> str:
    """A readable stand-in for a term without a name: its last path segment or fragment."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    return tail.rsplit("#", 1)[-1] or iri


def _rank(language: str, wanted: str, kind: int) -> tuple[int, int]:
    """Lower is better: the wanted language, then no language, then Dutch, then any; within
    one language a preferred label before a label and a title."""
    order = (wanted, "", DEFAULT_LANGUAGE)
    return (order.index(language) if language in order else len(order), kind)


def names(store: Store, iris: Iterable[str], language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The name of each IRI in ``language`` (``names.rq``); an IRI without any name gets
    ``short(iri)``, so every IRI asked for has an entry."""
    wanted = sorted(set(iris))
    best: dict[str, tuple[tuple[int, int], str]] = {}
    query = queries.internal("names").text
    for bound in sparql_text.bound_to(query, "term", wanted):
        for row in store.query(bound):
            literal = row["name"]
            rank = _rank(literal.language or "", language, int(row["kind"].value))
            term = row["term"].value
            if term not in best or rank < best[term][0]:
                best[term] = (rank, literal.value)
    return {iri: best[iri][1] if iri in best else short(iri) for iri in wanted}
