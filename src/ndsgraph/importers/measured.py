"""What the importers of measured sources (internet.nl, the API register) share in checking
what they are sent."""

from ndsgraph.errors import shown
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store

SHOWN = 40  # characters of a wrong scalar a message repeats


def described(value: object) -> str:
    """A parsed JSON value as an error message names it: its JSON type and, for a scalar, at
    most ``SHOWN`` characters of it. Never the whole of an array or object, which can nest a
    thousand deep (describing it must not recurse) or be megabytes long."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, str):
        return f"a string ('{shown(value, SHOWN)}')"
    return f"a number ({shown(str(value), SHOWN)})"


def known_organisations(store: Store, organisations: set[str]) -> set[str]:
    """Those of ``organisations`` the store knows as organisations: one query per block of
    VALUES, not one per organisation (an export can name thousands)."""
    text = queries.internal("known-organisations").text
    known = set()
    for query in sparql_text.bound_to(text, "organisation", organisations):
        known |= {row["organisation"].value for row in store.query(query)}
    return known
