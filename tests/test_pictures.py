"""How a picture gathers organisations by type (ndsgraph_server.pictures.groups) and which
legend it gets (picture_style.legend), on small hand-made pictures."""

import dataclasses

from ndsgraph_server import picture_style, pictures
from ndsgraph_server.pictures import Edge, Node, Picture, groups

GEMEENTE = "https://example.org/type/gemeente"
PROVINCIE = "https://example.org/type/provincie"
PLURALS = {GEMEENTE: "gemeenten", PROVINCIE: "provincies"}


def node(
    iri: str, kind: str, *, type_: str | None = None, unexplained: int = 0, violations: int = 0
) -> Node:
    return Node(
        iri=iri,
        label=iri.rsplit("/", 1)[-1],
        kind=kind,
        lifecycle=None,
        lifecycle_label=None,
        organisation_type=type_,
        organisation_type_label=type_.rsplit("/", 1)[-1] if type_ else None,
        ends=None,
        exit_clause=None,
        export_standard=None,
        jurisdiction=None,
        findings=unexplained,
        unexplained=unexplained,
        violations=violations,
    )


BLOCK = node("block", "building-block")
NODES = [
    BLOCK,
    node("gm1", "organisation", type_=GEMEENTE),
    node("gm2", "organisation", type_=GEMEENTE, unexplained=1),
    node("gm3", "organisation", type_=GEMEENTE),
    node("pv1", "organisation", type_=PROVINCIE),
    node("app-gm1", "application"),
    node("app-shared", "application"),
]
EDGES = [
    Edge("gm1", "adopts", "block"),
    Edge("gm2", "adopts", "block"),
    Edge("pv1", "adopts", "block"),
    Edge("gm1", "runs", "app-gm1"),
    Edge("app-gm1", "dependsOn", "block"),
    Edge("gm3", "runs", "app-shared"),
    Edge("pv1", "runs", "app-shared"),
    Edge("app-shared", "dependsOn", "block"),
]


def test_organisations_of_one_type_are_one_group_and_a_type_of_one_stays_apart():
    found = groups("block", NODES, EDGES, PLURALS)
    assert [(g.id, g.members) for g in found] == [(f"group:{GEMEENTE}", ("gm1", "gm2", "gm3"))]


def test_an_application_folds_into_the_group_only_when_all_who_run_it_are_members():
    (gemeenten,) = groups("block", NODES, EDGES, PLURALS)
    assert "app-gm1" in gemeenten.folded and "app-shared" not in gemeenten.folded


def test_a_groups_edges_count_the_members_or_applications_behind_them():
    (gemeenten,) = groups("block", NODES, EDGES, PLURALS)
    counted = {(e.source, e.relation, e.target): e.count for e in gemeenten.edges}
    assert counted == {
        (gemeenten.id, "adopts", "block"): 2,
        (gemeenten.id, "dependsOn", "block"): 1,  # through the application gm1 runs
        (gemeenten.id, "runs", "app-shared"): 1,
    }


def test_a_groups_border_is_its_worst_members():
    (gemeenten,) = groups("block", NODES, EDGES, PLURALS)
    assert gemeenten.conformance == "unexplained"


def test_the_subject_of_a_landscape_is_never_gathered():
    (gemeenten,) = groups("gm1", NODES, EDGES, PLURALS)
    assert gemeenten.members == ("gm2", "gm3")


def test_the_legend_names_what_is_drawn_in_the_readers_language():
    picture = Picture(
        "block", "building-block", "q", NODES, EDGES, groups("block", NODES, EDGES, PLURALS), False
    )
    dutch, english = picture_style.legend(picture, "nl"), picture_style.legend(picture, "en")
    assert [name for _, name in dutch.kinds][:2] == ["bouwsteen", "applicatie"]
    assert [name for _, name in english.kinds][:2] == ["building block", "application"]
    assert {line for line, _ in english.lines} == {"solid", "dashed"}
    assert [name for *_, name in english.borders] == ["unexplained warning", "no findings"]
    assert "contract" not in [name for _, name in english.kinds]


def test_a_group_is_named_by_its_types_plural():
    (gemeenten,) = groups("block", NODES, EDGES, PLURALS)
    assert gemeenten.label == "gemeenten"
    (unnamed,) = groups("block", NODES, EDGES, {})
    assert unnamed.label == "gemeente"  # no plural known: the type's name


def test_the_dutch_legend_calls_a_violation_an_overtreding():
    violating = [*NODES, node("gm4", "organisation", unexplained=1, violations=1)]
    picture = Picture("block", "building-block", "q", violating, EDGES, [], False)
    dutch, english = picture_style.legend(picture, "nl"), picture_style.legend(picture, "en")
    assert next(name for *_, name in dutch.borders) == "onverklaarde overtreding"
    assert next(name for *_, name in english.borders) == "unexplained violation"


def test_a_nodes_dates_read_as_the_profiles_write_them():
    """A picture wrote "einde levensduur 2028-06-28" and "tot 2028-01-01" where the profiles
    write "28 juni 2028"."""
    legacy = dataclasses.replace(node("x/oud", "legacy-system"), ends="2028-06-28")
    contract = dataclasses.replace(node("x/contract", "contract"), ends="2028-01-01")
    assert picture_style.terms(legacy, "nl") == ["einde levensduur 28 juni 2028"]
    assert picture_style.terms(legacy, "en") == ["end of life 28 June 2028"]
    assert picture_style.terms(contract, "nl")[0] == "tot 1 januari 2028"


SUMMARISED = [  # three applications of gemeenten, one also a provincie's, one of a provincie
    Edge("gm1", "runs", "app-1"),
    Edge("gm2", "runs", "app-2"),
    Edge("gm2", "runs", "app-3"),
    Edge("pv1", "runs", "app-3"),
    Edge("pv1", "runs", "app-4"),
    Edge("app-1", "dependsOn", "block"),
    Edge("app-2", "dependsOn", "block"),
    Edge("app-3", "dependsOn", "other-block"),
    Edge("app-4", "dependsOn", "block"),
    Edge("app-2", "dependsOn", "app-1"),  # within one summary: not drawn
    Edge("app-4", "dependsOn", "app-1"),  # between two: counted
    Edge("other-block", "dependsOn", "block"),
    Edge("gm1", "adopts", "block"),
]
TYPES = {"gm1": GEMEENTE, "gm2": GEMEENTE, "pv1": PROVINCIE}
LABELS = {GEMEENTE: "gemeenten", PROVINCIE: "provincies", None: "overige organisaties"}


def test_many_applications_are_summarised_per_type_of_who_runs_them():
    summaries, kept = pictures.summarised(SUMMARISED, TYPES, LABELS, most=3)
    assert kept == [Edge("other-block", "dependsOn", "block"), Edge("gm1", "adopts", "block")]
    gemeenten, provincies = summaries
    assert (gemeenten.label, gemeenten.applications, gemeenten.organisations) == (
        "gemeenten",
        3,  # app-3 is a provincie's too: it counts under the first type
        3,  # who runs them: the provincie too
    )
    assert (provincies.applications, provincies.organisations) == (1, 1)
    assert {(e.source, e.relation, e.target): e.count for e in gemeenten.edges} == {
        (gemeenten.id, "dependsOn", "block"): 2,
        (gemeenten.id, "dependsOn", "other-block"): 1,
        (provincies.id, "dependsOn", gemeenten.id): 1,
    }
    assert {(e.source, e.target, e.count) for e in provincies.edges} == {
        (provincies.id, "block", 1),
        (provincies.id, gemeenten.id, 1),
    }


def test_applications_up_to_the_limit_are_drawn_one_by_one():
    assert pictures.summarised(SUMMARISED, TYPES, LABELS, most=4) == ([], SUMMARISED)


def test_applications_of_organisations_without_a_type_are_summarised_as_the_others():
    (others,), kept = pictures.summarised([Edge("x", "runs", "app")], {}, LABELS, most=0)
    assert kept == []
    assert (others.label, others.organisation_type, others.applications) == (
        "overige organisaties",
        None,
        1,
    )


def test_the_legend_names_a_summary_and_its_uncounted_findings():
    summaries, kept = pictures.summarised(SUMMARISED, TYPES, LABELS, most=0)
    picture = Picture("block", "building-block", "q", [BLOCK], kept, [], False, summaries)
    dutch = picture_style.legend(picture, "nl")
    assert "applicaties van één organisatietype, samengevat" in [name for _, name in dutch.kinds]
    assert ("#4d4d4d", 5, "double", "bevindingen niet geteld: zie de applicaties zelf") in (
        dutch.borders
    )
