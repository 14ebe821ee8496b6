"""Which IRIs are organisations the reference data knows: one answer for the importers of
measurements (whose domains and APIs they keep) and for the submitters' tokens."""

import pyoxigraph as ox

from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store, true


def known(store: Store | ox.Store, iris: set[str]) -> dict[str, bool]:
    """Those of ``iris`` the reference data in ``store`` knows as organisations, each with
    whether it is an implementing partner. One query per VALUES block, not one per IRI (an
    export can name thousands)."""
    text = queries.internal("known-organisations").text
    found = {}
    for query in sparql_text.bound_to(text, "organisation", iris):
        found |= {
            row["organisation"].value: true(row["partner"].value) for row in store.query(query)
        }
    return found
