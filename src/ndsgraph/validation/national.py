"""The cross-organisation rules, judged over all the data where it is.

Rules marked ``ndsg:crossOrganisation`` (a supplier's share of an organisation type, the
organisations a building block is in production at) judge the whole, not one organisation's
data: no submission is refused for them, and they are judged again over the whole store after
every accepted submission, so the national register stays current without a whole-store run.
Their SPARQL constraints run once each in the store (``sparql_constraints``) and read their
parameters from the framework nodes the store holds with the shapes.
"""

import functools
from datetime import date

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from ndsgraph import validation, vocabulary
from ndsgraph.errors import InputError
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store
from ndsgraph.validation import findings, frameworks, sparql_constraints
from ndsgraph.validation.findings import Finding

SH_FOCUS = vocabulary.SH.focusNode


@functools.lru_cache(maxsize=4)
def _rules(shapes: Graph) -> tuple[Graph, tuple[sparql_constraints.Constraint, ...]]:
    """The shapes of the cross-organisation rules and their constraints, once per version of
    the shapes files (``frameworks.shapes_graph`` gives one graph object per version)."""
    _, national = frameworks.split_by_scope(shapes)
    rest, found = sparql_constraints.split(national, shapes)
    if any(True for _ in rest.subject_objects(SH.sparql)):
        raise InputError("a cross-organisation rule must be a whole-data SPARQL constraint")
    return national, tuple(found)


def judge(store: Store, day: date | None = None) -> list[Finding]:
    """The findings of the cross-organisation rules over everything ``store`` holds."""
    national, constraints = _rules(frameworks.shapes_graph(frameworks.select(None))[0])
    report = [t for c in constraints for t in sparql_constraints.report(c, store.query(c.query))]
    focus = sorted({t.object for t in report if t.predicate == SH_FOCUS}, key=str)
    work = ox.Store()  # report, shapes and what says whose each focus node is
    if focus:
        owners = sparql_text.bind_rows(
            queries.internal("focus-owners").text, ["focus"], [[str(f)] for f in focus]
        )
        work.bulk_extend(ox.Quad(*t) for t in store.query(owners))
    rules = [[str(ox.NamedNode(r))] for r in sorted(frameworks.cross_organisation_rules(national))]
    deviations = sparql_text.bind_rows(queries.stored("deviations").text, ["rule"], rules)
    recorded = findings.deviations(store.query(deviations))  # only those that can explain
    day = day or date.today()
    return [
        findings.explain(f, recorded, day) for f in validation.findings_of(report, national, work)
    ]
