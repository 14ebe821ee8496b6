"""Stored queries: headers are read, parameters are bound as typed terms, never as text."""

import pyoxigraph as ox
import pytest

from ndsgraph.errors import InputError, UnknownQuery
from ndsgraph.sparql import queries, sparql_text

from .conftest import on_virtuoso_fails

BLOCK = "https://w3id.org/ndsgraph/id/bouwsteen/"


def test_every_stored_query_has_a_title_and_description_in_dutch_and_in_english():
    stored = queries.catalogue()
    assert {"building-blocks", "dependencies", "instances-per-class"} <= set(stored)
    for query in stored.values():
        for language in ("nl", "en"):
            assert query.title_in(language) not in ("", query.name), (query.name, language)
            assert query.description_in(language), (query.name, language)
        assert query.title_en and query.title_en != query.title, query.name
        assert query.description_en and query.description_en != query.description, query.name


def test_a_header_gives_each_text_in_dutch_and_english_and_marks_what_people_do_not_ask():
    query = queries.parse_stored_query(
        "q",
        "# title: Afhankelijkheden\n# title-en: Dependencies\n"
        "# description: Wat X nodig heeft.\n# description-en: What X needs.\n"
        "# param: block iri The building block\n# audience: internal\n"
        "# note: a comment line\nSELECT * {}",
    )
    assert (query.title_in("nl"), query.description_in("nl")) == (
        "Afhankelijkheden",
        "Wat X nodig heeft.",
    )
    assert (query.title_in("en"), query.description_in("en")) == ("Dependencies", "What X needs.")
    assert [p.name for p in query.parameters] == ["block"]
    assert query.audience == "internal" and not query.asked


def test_a_header_without_english_or_audience_reads_dutch_and_is_asked():
    query = queries.parse_stored_query("q", "# title: Afhankelijkheden\nSELECT * {}")
    assert query.title_in("en") == "Afhankelijkheden" and query.description_in("en") == ""
    assert query.asked


def test_an_unknown_audience_is_an_error_naming_it():
    with pytest.raises(InputError, match="query 'q': unknown audience 'everyone'"):
        queries.parse_stored_query("q", "# title: T\n# audience: everyone\nSELECT * {}")


def test_the_queries_pages_run_but_people_do_not_ask_are_internal():
    internal = {name for name, query in queries.catalogue().items() if not query.asked}
    assert {"picture-nodes", "describe", "describe-graph", "landscape-picture"} <= internal
    assert {"building-blocks", "kpi-adoption-rate", "register"}.isdisjoint(internal)


def test_an_unknown_stored_query_is_an_error_naming_it_and_the_stored_ones():
    with pytest.raises(
        UnknownQuery, match=r"no stored query 'nosuch' \(the stored queries: adopters, "
    ):
        queries.stored("nosuch")


def test_the_catalogue_is_read_once_and_cannot_be_changed():
    assert queries.catalogue() is queries.catalogue()
    assert queries.stored("dependencies") is queries.catalogue()["dependencies"]
    with pytest.raises(TypeError):
        queries.catalogue()["dependencies"] = queries.stored("describe")  # type: ignore[index]


def test_dependencies_are_transitive(loaded_store, request):
    on_virtuoso_fails(request, "loaded_store", "booleans come back as the integers 1 and 0")
    query = queries.stored("dependencies")
    rows = list(queries.run(loaded_store, query, {"block": BLOCK + "berichtenbox"}))
    found = {
        row["dependency"].value.removeprefix(BLOCK): row["direct"].value == "true" for row in rows
    }
    assert found == {"mijnoverheid": True, "digid": False, "brp": False, "pkioverheid": False}


def test_building_blocks_query_counts_transitive_dependencies(loaded_store):
    rows = {
        row["buildingBlock"].value.removeprefix(BLOCK): row
        for row in queries.run(loaded_store, queries.stored("building-blocks"))
    }
    assert int(rows["berichtenbox"]["dependencies"].value) == 4  # DigiD needs BRP and PKIoverheid
    assert rows["digid"]["partnerName"].value == "Logius"
    assert int(rows["brp"]["dependencies"].value) == 0


@pytest.mark.parametrize(
    ("name", "variable"),
    [("kpi-adoption-rate", "buildingBlock"), ("peer-adoption-shares", "organisation")],
)
def test_a_profiles_rows_written_into_the_query_are_its_rows_of_the_whole(
    request, loaded_store, name, variable
):
    """A profile asks for one block's or organisation's rows: the same as the whole query's."""
    on_virtuoso_fails(request, "loaded_store", "an IRI in GROUP BY is an internal error (SQ156)")
    text = queries.stored(name).text
    as_row = lambda row: tuple(str(term) for term in row)  # noqa: E731
    whole = [as_row(row) for row in loaded_store.query(text)]
    column = list(loaded_store.query(text).variables).index(ox.Variable(variable))
    subjects = sorted({row[column] for row in whole})
    assert subjects
    for subject in subjects:
        one = loaded_store.query(sparql_text.inlined(text, variable, subject[1:-1]))
        assert sorted(as_row(row) for row in one) == sorted(
            r for r in whole if r[column] == subject
        )


@pytest.mark.parametrize(("name", "key"), [("contracts", "contract"), ("deviations", "deviation")])
def test_keys_written_into_one_query_each_have_the_rows_of_their_own_query(loaded_store, name, key):
    """A profile reads the rows of its first keys in one query (``unioned``), unordered (also
    an order by an expression: ``without_order``): per key, the rows of the query with that key
    written in (``inlined``), on every engine."""
    text = queries.stored(name).text
    keys = sorted({s[key].value for s in loaded_store.query(text)})[:5]
    as_row = lambda row: tuple(str(term) for term in row)  # noqa: E731
    each = [as_row(r) for k in keys for r in loaded_store.query(sparql_text.inlined(text, key, k))]
    one = sparql_text.unioned(sparql_text.without_order(text), key, keys)
    assert "ORDER BY" not in one.split("WHERE")[-1]
    assert len(keys) == 5 and sorted(as_row(r) for r in loaded_store.query(one)) == sorted(each)


def test_the_building_block_pages_impact_queries_give_impacts_rows_on_every_engine(
    loaded_store,
):
    """impact-dependants.rq's rows, and impact-owners.rq's organisations with those of
    impact-adopters.rq, each block written in as a profile does (into a subquery too), are
    impact.rq's, for every building block."""
    impact = queries.stored("impact").text
    dependants = queries.internal("impact-dependants").text
    owning = queries.internal("impact-owners").text
    adopters = queries.internal("impact-adopters").text
    blocks = [
        s["b"].value
        for s in loaded_store.query(
            "SELECT ?b WHERE { ?b a <https://w3id.org/ndsgraph/def/BuildingBlock> }"
        )
    ]
    affecting = 0
    for block in blocks:
        rows = [
            (s["kind"].value, s["affected"].value)
            for s in loaded_store.query(sparql_text.inlined(impact, "block", block))
        ]
        found = list(loaded_store.query(sparql_text.inlined(dependants, "block", block)))
        listed = {(s["kind"].value, s["affected"].value) for s in found}
        assert listed == {r for r in rows if r[0] != "organisation"}, block
        owners = {
            s["affected"].value
            for s in loaded_store.query(sparql_text.inlined(owning, "block", block))
        }
        adopting = loaded_store.query(sparql_text.inlined(adopters, "block", block))
        organisations = {a for kind, a in rows if kind == "organisation"}
        assert owners | {s["affected"].value for s in adopting} == organisations, block
        affecting += bool(organisations)
    assert len(blocks) > 10 and affecting > 5


def test_a_tally_counts_the_distinct_values_of_a_querys_answer(loaded_store):
    text = queries.stored("organisation-systems").text
    rows = [{v: s[v] for v in ("system", "legacy")} for s in loaded_store.query(text)]
    tally = {
        r["legacy"].value: int(r["rows"].value)
        for r in loaded_store.query(sparql_text.tallied(text, "system", ("legacy",)))
    }
    expected = {
        flag: len({r["system"] for r in rows if r["legacy"].value == flag})
        for flag in {r["legacy"].value for r in rows}
    }
    assert expected and tally == expected
    with pytest.raises(InputError, match="LIMIT"):
        sparql_text.tallied(sparql_text.paged(text, 5, None), "system")


@pytest.mark.parametrize(
    ("name", "block"),
    [
        ("adoption-by-type", "digid"),
        ("impact", "digid"),
        ("dependency-picture", "digid"),
        ("implementation-agreements", "zgw-apis"),  # also into a subquery
    ],
)
def test_a_parameter_written_into_the_query_answers_as_the_bound_one(loaded_store, name, block):
    """Pages write the IRI into the query (``inlined``), also into GROUP BY and ORDER BY."""
    query, block = queries.stored(name), BLOCK + block
    bound = queries.run(loaded_store, query, {"block": block})
    inlined = loaded_store.query(sparql_text.inlined(query.text, "block", block))
    as_rows = lambda result: sorted(tuple(map(str, row)) for row in result)  # noqa: E731
    expected = as_rows(bound)
    assert expected and as_rows(inlined) == expected


@pytest.mark.parametrize(
    ("name", "parameter", "subject"),
    [
        ("dependency-picture", "block", BLOCK + "digid"),
        (
            "landscape-picture",
            "organisation",
            "https://identifier.overheid.nl/tooi/id/gemeente/gm0034",
        ),
    ],
)
def test_a_pictures_branches_cut_at_a_limit_answer_whole_below_it_and_a_start_above(
    loaded_store, name, parameter, subject
):
    """A picture stops each branch of its UNION at the edges it can draw (``branches_limited``):
    no edge is lost while every branch has fewer, and each branch gives at most that many."""
    text = sparql_text.unordered(
        sparql_text.inlined(queries.stored(name).text, parameter, subject)
    )[0]
    edge = ("source", "relation", "target")
    rows = lambda query: {tuple(r[n].value for n in edge) for r in loaded_store.query(query)}  # noqa: E731
    whole = rows(text)
    assert len(whole) > 20 and rows(sparql_text.branches_limited(text, edge, len(whole))) == whole
    branches = 8 if name == "landscape-picture" else 7
    start = rows(sparql_text.branches_limited(text, edge, 2))
    assert start < whole and 2 <= len(start) <= 2 * branches


def test_a_query_without_a_top_level_union_is_not_cut_by_branch():
    text = "SELECT ?a WHERE { { ?a ?b ?c } ?a ?d ?e }"
    assert sparql_text.branches_limited(text, ("a",), 5) == text


def test_a_pictures_parts_by_relation_answer_together_as_the_whole_query(loaded_store):
    """``branches_by`` splits the UNION by the relation each branch binds: per relation, one
    query per branch, whose rows together are the whole query's rows of that relation."""
    digid = "https://w3id.org/ndsgraph/id/bouwsteen/digid"
    text = sparql_text.unordered(
        sparql_text.inlined(queries.stored("dependency-picture").text, "block", digid)
    )[0]
    edge = ("source", "relation", "target")
    rows = lambda query: {tuple(r[n].value for n in edge) for r in loaded_store.query(query)}  # noqa: E731
    parts = sparql_text.branches_by(text, "relation")
    assert {relation: len(branches) for relation, branches in parts.items()} == {
        "adopts": 2,
        "dependsOn": 4,
        "runs": 1,
    }
    for relation, branches in parts.items():
        assert all({r[1] for r in rows(branch)} <= {relation} for branch in branches)
    assert set().union(*(rows(b) for branches in parts.values() for b in branches)) == rows(text)


def test_a_query_whose_branches_do_not_all_bind_the_name_is_not_split():
    text = 'SELECT ?a WHERE { { ?a ?b ?c BIND("x" AS ?r) } UNION { ?a ?d ?e } }'
    with pytest.raises(InputError):
        sparql_text.branches_by(text, "r")
    commented = 'SELECT ?a WHERE { { ?a ?b ?c # BIND("x" AS ?r)\n } }'
    with pytest.raises(InputError):
        sparql_text.branches_by(commented, "r")
    with pytest.raises(InputError):
        sparql_text.branches_by('SELECT ?a WHERE { ?a ?b ?c BIND("x" AS ?r) }', "r")


def test_the_facts_of_a_landscapes_nodes_are_the_most_specific_class_drawn_and_its_terms(
    loaded_store,
):
    """picture-nodes.rq reads each node's triples in one pass and ranks the classes it gives:
    the same answer on every backend."""
    almere = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
    picture = sparql_text.inlined(queries.stored("landscape-picture").text, "organisation", almere)
    edges = [
        (r["source"].value, r["relation"].value, r["target"].value)
        for r in loaded_store.query(picture)
    ]
    iris = {almere} | {end for s, _, t in edges for end in (s, t)}
    text = queries.stored("picture-nodes").text
    columns = ("kind", "lifecycle", "organisationType", "ends")
    facts = {
        row["node"].value: {c: row[c].value for c in columns if row[c] is not None}
        for block in sparql_text.bound_to(text, "node", iris)
        for row in loaded_store.query(block)
    }
    ndsg, gemeente = "https://w3id.org/ndsgraph/def/", "organisatietype/gemeente"
    assert set(facts) == iris
    assert facts[almere]["kind"] == "http://www.w3.org/ns/org#Organization"
    assert facts[almere]["organisationType"].endswith(gemeente)
    assert facts[BLOCK + "digid"]["kind"] == ndsg + "BuildingBlock"
    assert "lifecycle" in facts[BLOCK + "digid"]
    contracts = {t for _, relation, t in edges if relation == "contract"}
    assert contracts and all(facts[c]["kind"] == ndsg + "Contract" for c in contracts)
    assert all("ends" in facts[c] for c in contracts)
    runs = {t for s, relation, t in edges if relation == "runs"}
    assert {facts[s]["kind"] for s in runs} <= {ndsg + "Application", ndsg + "LegacySystem"}


@pytest.mark.parametrize("value", ["> } ; DROP ALL #", "not an iri", ""])
def test_malicious_or_malformed_iri_parameters_are_refused(value):
    with pytest.raises(InputError, match="parameter 'block' must be iri"):
        queries.stored("dependencies").bind({"block": value})


def test_unknown_parameters_and_bad_literals_are_refused():
    query = queries.parse_stored_query("q", "# title: T\n# param: n integer A number\nSELECT ?n {}")
    with pytest.raises(InputError, match="no parameter x"):
        query.bind({"x": "1"})
    with pytest.raises(InputError, match="must be integer"):
        query.bind({"n": "one"})
    assert query.bind({"n": "3"})


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("PREFIX select: <https://example.org/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("# SELECT in a comment\nBASE <https://example.org/>\nDESCRIBE <a>", "DESCRIBE"),
        ("PREFIX : <https://example.org/#>\nask { ?s :p 'SELECT' }", "ASK"),
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ],
)
def test_query_form_is_read_after_the_prologue(text, form):
    assert sparql_text.query_form(text) == form


def test_a_parameters_dutch_description_is_read_after_its_param_line():
    text = "# param: n integer A number\n# param-nl: n Een getal\nSELECT ?n {}"
    [parameter] = queries.parse_stored_query("q", text).parameters
    assert parameter.description_in("nl") == "Een getal"
    assert parameter.description_in("en") == "A number"
    with pytest.raises(InputError, match="param-nl 'm' before its param line"):
        queries.parse_stored_query("q", "# param-nl: m Een getal\nSELECT ?m {}")


def test_a_select_querys_projection_is_its_answers_variables_in_order_and_other_forms_have_none():
    text = (
        "# title: q\nPREFIX ex: <https://example.org/>\n"
        "SELECT ?b (COUNT(?c) AS ?n) ?a # ?d in a comment\n"
        'WHERE { ?a ex:p ?b ; ex:q "?e" OPTIONAL { ?c ex:r ?d } } GROUP BY ?b ?a'
    )
    assert queries.parse_stored_query("q", text).projection == ("b", "n", "a")
    star = queries.parse_stored_query("q", "SELECT * WHERE { ?s ?p ?o }")
    assert set(star.projection) == {"s", "p", "o"}
    assert queries.stored("describe-graph").projection == ()


@pytest.mark.parametrize(
    ("given", "moment"),
    [
        ("2026-12-01", "2026-12-01T22:59:59.999999Z"),  # the end of a winter day in NL
        ("2026-07-01", "2026-07-01T21:59:59.999999Z"),  # and of a summer day
        ("2026-12-01T10:00", "2026-12-01T09:00:00Z"),  # a time without zone: Dutch time
        ("2026-12-01T10:00:00.5Z", "2026-12-01T10:00:00.5Z"),
        ("0999-06-01", "0999-06-01T23:40:27.999999Z"),  # four digits, also before 1000
    ],
)
def test_a_moment_is_a_date_or_a_time_in_utc_as_the_store_keeps_times(given, moment):
    assert queries.moment(given) == moment


@pytest.mark.parametrize(
    "given",
    ["20261201", "2026-W48-1", "2026-12-01T10", "0001-01-01T00:00:00", "9999-12-31T23:59:59-05:00"],
)
def test_other_forms_and_moments_outside_the_calendar_are_refused(given):
    with pytest.raises(ValueError):
        queries.moment(given)


def test_an_answer_given_as_its_rows_reads_back_as_those_rows_in_order_on_every_store(store):
    """The register's page by cursor answers with the rows its check read (``answered``),
    its parameters bound as the API binds them: every store gives those rows back as they
    were, odd literals, unbound cells and the bound parameter included (a boolean is left
    out: Virtuoso gives every boolean as 0 or 1, stored or not)."""
    query = queries.stored("register")
    at = query.bind({"at": "2026-06-01"})
    moment = at[ox.Variable("at")]
    xsd = "http://www.w3.org/2001/XMLSchema#"
    rows = [
        {
            "at": moment,
            "finding": ox.NamedNode("https://example.org/bevinding/2"),
            "messageNl": ox.Literal('een "rare"\nmelding \\ met é', language="nl"),
            "firstSeen": ox.Literal(
                "2026-01-02T03:04:05Z", datatype=ox.NamedNode(f"{xsd}dateTime")
            ),
            "value": None,
        },
        {
            "at": moment,
            "finding": ox.NamedNode("https://example.org/bevinding/1"),
            "value": ox.Literal("42"),
        },
    ]
    text = sparql_text.answered(query.text, rows)
    read = list(store.query(text, substitutions=at))
    assert [
        {n: s[n] for n in ("at", "finding", "messageNl", "firstSeen", "value")} for s in read
    ] == [{**{n: None for n in ("messageNl", "firstSeen")}, **r} for r in rows]
    assert all(s["organisation"] is None for s in read)


def test_a_query_bound_in_blocks_and_then_to_a_parameter_binds_both_where_the_where_group_opens():
    """``bind_values`` on a text ``bound_to`` made finds its WHERE group without reading the
    text again, and in the same place as reading it would."""
    template = 'SELECT ?s WHERE { GRAPH ?g { ?s ?p "WHERE { x" } FILTER(?g != ?own) }'
    [bound] = sparql_text.bound_to(template, "s", ["https://example.org/a"])
    both = sparql_text.bind_values(bound, {"own": "<https://example.org/g>"})
    assert both.startswith("SELECT ?s WHERE { BIND(<https://example.org/g> AS ?own)  VALUES (?s)")
    assert sparql_text._where_brace(sparql_text.mask(bound)) == template.index("{")
    rows = ox.Store().query(both)
    assert list(rows) == []


def test_references_to_a_resource_leave_out_the_counts_graph_on_every_engine(store):
    """resource-references.rq lists what refers to a resource, but not the organisation
    counts (the counts graph) nor the register's kept figures (countedResource)."""
    ndsg, target = "https://w3id.org/ndsgraph/def/", "https://example.org/block"
    store.update(
        f"INSERT DATA {{ GRAPH <https://example.org/g> {{ <https://example.org/app> "
        f"<{ndsg}dependsOn> <{target}> ; a <{ndsg}Application> . "
        f"<https://example.org/figure> <{ndsg}countedResource> <{target}> }} "
        f"GRAPH <https://w3id.org/ndsgraph/graph/tellingen> {{ <https://example.org/count> "
        f"<{ndsg}countedBuildingBlock> <{target}> }} }}"
    )
    text = sparql_text.inlined(queries.stored("resource-references").text, "resource", target)
    found = {(s["property"].value, s["subject"].value) for s in store.query(text)}
    assert found == {(f"{ndsg}dependsOn", "https://example.org/app")}
