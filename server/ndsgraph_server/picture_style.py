"""How a picture draws what it shows, in one place: the shape of each kind of node, the fill of
each phase, the border of each level of findings and the line of each relation. The page's
script draws with these tables and the legend beside the picture is made from them, so the
legend names exactly the shapes, colours and lines the picture uses, in the reader's language."""

from dataclasses import dataclass

from ndsgraph.notation import moment
from ndsgraph_server.pictures import Node, Picture

# kind: (Cytoscape shape, Dutch, English)
KINDS = {
    "building-block": ("round-rectangle", "bouwsteen", "building block"),
    "application": ("rectangle", "applicatie", "application"),
    "legacy-system": ("cut-rectangle", "legacysysteem", "legacy system"),
    "contract": ("tag", "contract", "contract"),
    "supplier": ("rhomboid", "leverancier", "supplier"),
    "organisation": ("hexagon", "organisatie", "organisation"),
    "group": (
        "concave-hexagon",
        "organisaties van één type, samengevoegd (klik om te openen)",
        "organisations of one type, gathered (click to open)",
    ),
    "applications": (
        "rectangle",
        "applicaties van één organisatietype, samengevat",
        "applications of one organisation type, summarised",
    ),
    "other": ("ellipse", "overig", "other"),
}
# The fill of a lifecycle or portfolio phase, by the last segment of its IRI: light tints, so
# the dark labels inside stay readable; from planned (lilac) through in use (green) to
# phased out (rose).
PHASES = {
    "gepland": "#ece3f5",
    "voorgenomen": "#ece3f5",
    "in-ontwikkeling": "#d3e6f7",
    "in-implementatie": "#d3e6f7",
    "opschaling": "#c6ece4",
    "standaard": "#d7eec3",
    "in-beheer": "#eef5c6",
    "in-productie": "#d7eec3",
    "uit-te-faseren": "#fbdcbc",
    "uitgefaseerd": "#f5ccd4",
}
NO_PHASE = "#ffffff"
UNKNOWN_PHASE = "#e6e6e6"
# conformance: (colour, width in px, line, Dutch, English)
BORDERS = {
    "violation": ("#c0141c", 6, "solid", "onverklaarde overtreding", "unexplained violation"),
    "unexplained": (
        "#c25400",
        5,
        "solid",
        "onverklaarde waarschuwing",
        "unexplained warning",
    ),
    "explained": (
        "#1f5fa8",
        3,
        "dashed",
        "alleen bevindingen die een afwijking verklaart",
        "only findings a deviation explains",
    ),
    "none": ("#4d4d4d", 1, "solid", "geen bevindingen", "no findings"),
    "uncounted": (
        "#4d4d4d",
        5,
        "double",
        "bevindingen niet geteld: zie de applicaties zelf",
        "findings not counted: see the applications themselves",
    ),
}
# relation: (line, Dutch, English), read as "source … target"
RELATIONS = {
    "dependsOn": ("solid", "hangt af van", "depends on"),
    "runs": ("solid", "gebruikt (applicatie)", "runs (application)"),
    "adopts": ("dashed", "neemt af (bouwsteen)", "adopts (building block)"),
    "contract": ("dotted", "valt onder contract", "is under contract"),
    "supplier": ("dotted", "geleverd door", "supplied by"),
    "holds": ("dotted", "heeft contract", "holds contract"),
}


def _words(dutch: str, english: str, language: str) -> str:
    return english if language == "en" else dutch


def phase_key(phase: str | None) -> str | None:
    return phase.rstrip("/").rsplit("/", 1)[-1] if phase else None


def fill(phase: str | None) -> str:
    if phase is None:
        return NO_PHASE
    return PHASES.get(phase_key(phase) or "", UNKNOWN_PHASE)


def kind_name(kind: str, language: str) -> str:
    return _words(*KINDS.get(kind, KINDS["other"])[1:], language)


def relation_name(relation: str, language: str) -> str:
    return _words(*RELATIONS[relation][1:], language) if relation in RELATIONS else relation


def terms(node: Node, language: str) -> list[str]:
    """A contract's exit terms (end date, exit clause, export standard, hosting) or a
    system's end of life, in words; the first two go under its name in the picture."""
    if node.kind == "contract":
        found = [
            f"{_words('tot', 'until', language)} {moment(node.ends, language)}"
            if node.ends
            else _words("geen einddatum", "no end date", language),
            _words("exitclausule", "exit clause", language)
            if node.exit_clause
            else _words("geen exitclausule", "no exit clause", language),
            _words("export: ", "export: ", language)
            + (node.export_standard or _words("geen open standaard", "no open standard", language)),
        ]
        return found + [f"hosting: {node.jurisdiction}"] * bool(node.jurisdiction)
    if node.ends:
        ends = moment(node.ends, language)
        return [f"{_words('einde levensduur', 'end of life', language)} {ends}"]
    return []


def script_tables() -> dict:
    """What the page's script draws with."""
    return {
        "shapes": {kind: shape for kind, (shape, *_) in KINDS.items()},
        "borders": {level: spec[:3] for level, spec in BORDERS.items()},
        "lines": {relation: line for relation, (line, *_) in RELATIONS.items()},
    }


@dataclass(frozen=True)
class Legend:
    kinds: list[tuple[str, str]]  # (shape, name)
    fills: list[tuple[str, str]]  # (colour, name)
    borders: list[tuple[str, int, str, str]]  # (colour, width, line, name)
    lines: list[tuple[str, str]]  # (line, name)


def legend(picture: Picture, language: str) -> Legend:
    """The shapes, fills, borders and lines this picture uses, named in ``language``."""
    summarised = {"applications"} if picture.summaries else set()
    kinds = {n.kind for n in picture.nodes} | ({"group"} if picture.groups else set()) | summarised
    levels = {n.conformance for n in picture.nodes} | ({"uncounted"} if summarised else set())
    order = list(PHASES)
    phases = sorted(
        {n.lifecycle: n.lifecycle_label for n in picture.nodes if n.lifecycle}.items(),
        key=lambda item: order.index(key) if (key := phase_key(item[0])) in order else len(order),
    )
    fills: dict[str, dict[str, None]] = {}  # one entry per colour, naming its phases once
    for phase, label in phases:
        fills.setdefault(fill(phase), {})[label or phase_key(phase) or ""] = None
    if any(n.lifecycle is None for n in picture.nodes):
        fills.setdefault(NO_PHASE, {})[_words("geen fase", "no phase", language)] = None
    relations = {e.relation for e in picture.edges} | {
        e.relation for summary in picture.summaries for e in summary.edges
    }
    return Legend(
        kinds=[(KINDS[k][0], kind_name(k, language)) for k in KINDS if k in kinds],
        fills=[(colour, " / ".join(labels)) for colour, labels in fills.items()],
        borders=[
            (colour, width, line, _words(nl, en, language))
            for level, (colour, width, line, nl, en) in BORDERS.items()
            if level in levels
        ],
        lines=[
            (line, _words(nl, en, language))
            for relation, (line, nl, en) in RELATIONS.items()
            if relation in relations
        ],
    )
