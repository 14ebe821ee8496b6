"""ArchiMate import and export speed (issue 17): a generated model of 10,000 elements and
30,000 relationships imported into a store holding the bundled data, and exported again.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_archimate.py
    .venv/bin/python benchmarks/bench_archimate.py --elements 1000 --relationships 3000

The model is written with a fixed seed: elements of every ArchiMate 3.1 type (some Products
and services named like the bundled building blocks, some Constraints like standards, a few
BusinessActors like organisations), relationships of every type between random elements, a
property in two languages on a tenth of the elements, nested folders, and one view of 200
element nodes with their connections. It is read by the same functions as
`ndsgraph import archimate FILE` and `ndsgraph export --format archimate --graph G`:

- import: reading (size bound, no DOCTYPE, the Open Group XSD), the RDF records and the
  mapping, then the graph judged in context and stored with the register brought up to date
  (`imports.accept`), phase by phase, into an embedded store on disk;
- export: the graph read back into a model with the NDS facts as properties, and written.

It checks that the export is valid against the XSD and holds every element and relationship
with its identifier, type and ends. The goal: ≤ 10 s each. Nothing talks to the network.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from ndsgraph import resources
from ndsgraph.archimate import exporting, importing, reading, schema, writing
from ndsgraph.archimate.model import NAMESPACE
from ndsgraph.intake import imports
from ndsgraph.store import OxigraphStore, bundled
from ndsgraph.vocabulary import AM, RDFS


def archimate_types(kind: ox.NamedNode) -> list[str]:
    """The element or relationship types of ArchiMate 3.1, as the ontology lists them."""
    ontology = ox.Store()
    ontology.load(path=str(resources.ontology_dir() / "archimate.ttl"), format=ox.RdfFormat.TURTLE)
    found = ontology.quads_for_pattern(None, RDFS.subClassOf, kind)
    return sorted(q.subject.value[len(AM.base) :] for q in found)


def known_names(store: OxigraphStore) -> dict[str, list[str]]:
    """Names of what the mapping recognises, by the element type that names it."""

    def labels(kind: str) -> list[str]:
        query = f"""SELECT DISTINCT ?name WHERE {{ ?n a <{kind}> ; <{RDFS.label.value}> ?name
            FILTER(LANG(?name) = "nl") }} ORDER BY ?name"""
        return [r["name"].value for r in store.query(query)]

    ndsg = "https://w3id.org/ndsgraph/def/"
    return {
        "Product": labels(ndsg + "BuildingBlock"),
        "ApplicationService": labels(ndsg + "BuildingBlock"),
        "Constraint": labels(ndsg + "Standard"),
        "BusinessActor": labels("http://www.w3.org/ns/org#Organization")[:200],
    }


def model(elements: int, relationships: int, names: dict[str, list[str]], seed: int) -> bytes:
    """An exchange file of the given size, the same for the same seed."""
    rng = random.Random(seed)
    types, kinds = archimate_types(AM.Element), archimate_types(AM.Relationship)
    ends = [(rng.randrange(elements), rng.randrange(elements)) for _ in range(relationships)]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<model xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'identifier="m-bench">',
        '  <name xml:lang="nl">Benchmarkmodel</name>',
        "  <elements>",
    ]
    for index in range(elements):
        kind = types[index % len(types)]
        known = names.get(kind) if index % 7 == 0 else None
        name = rng.choice(known) if known else f"{kind} {index}"
        name = name.replace("&", "&amp;").replace("<", "&lt;")
        lines.append(f'    <element identifier="e{index}" xsi:type="{kind}">')
        lines.append(f'      <name xml:lang="nl">{name}</name>')
        if index % 10 == 0:
            lines += [
                "      <properties>",
                '        <property propertyDefinitionRef="p-note">',
                f'          <value xml:lang="nl">notitie {index}</value>',
                f'          <value xml:lang="en">note {index}</value>',
                "        </property>",
                "      </properties>",
            ]
        lines.append("    </element>")
    lines += ["  </elements>", "  <relationships>"]
    for index, (source, target) in enumerate(ends):
        kind = kinds[index % len(kinds)]
        lines.append(
            f'    <relationship identifier="r{index}" source="e{source}" target="e{target}" '
            f'xsi:type="{kind}" />'
        )
    lines += ["  </relationships>", "  <organizations>"]
    for start in range(0, elements, 1000):
        lines.append(f'    <item><label xml:lang="nl">Map {start // 1000}</label>')
        lines += [
            f'      <item identifierRef="e{i}" />'
            for i in range(start, min(start + 1000, elements))
        ]
        lines.append("    </item>")
    lines += [
        "  </organizations>",
        "  <propertyDefinitions>",
        '    <propertyDefinition identifier="p-note" type="string"><name>note</name></propertyDefinition>',
        "  </propertyDefinitions>",
        '  <views><diagrams><view identifier="v1" xsi:type="Diagram"><name>Overzicht</name>',
    ]
    shown = list(range(min(200, elements)))
    for i in shown:
        x, y = 20 + (i % 10) * 150, 20 + (i // 10) * 80
        lines.append(
            f'    <node identifier="n{i}" elementRef="e{i}" xsi:type="Element" x="{x}" y="{y}" w="120" h="55" />'
        )
    drawn = set(shown)
    for index, (source, target) in enumerate(ends):
        if source in drawn and target in drawn:
            lines.append(
                f'    <connection identifier="c{index}" relationshipRef="r{index}" '
                f'xsi:type="Relationship" source="n{source}" target="n{target}" />'
            )
    lines += ["  </view></diagrams></views>", "</model>", ""]
    return "\n".join(lines).encode()


def timed(label: str, results: list[tuple[str, float]], work):
    started = time.perf_counter()
    value = work()
    results.append((label, time.perf_counter() - started))
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--elements", type=int, default=10_000)
    parser.add_argument("--relationships", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-archimate-"))
    store = OxigraphStore(folder / "store", create=True)
    list(bundled.load_bundled(store, progress=False))
    data = model(args.elements, args.relationships, known_names(store), args.seed)
    print(
        f"model: {args.elements} elements, {args.relationships} relationships, "
        f"{len(data) / 1e6:.1f} MB (seed {args.seed})"
    )
    steps: list[tuple[str, float]] = []
    parsed = timed("read: XSD and model", steps, lambda: reading.read(data, "bench.xml"))
    graph = importing.graph_for(parsed.identifier)
    converted = timed(
        "records and mapping",
        steps,
        lambda: importing.convert(store, parsed, importing.model_base(parsed.identifier)),
    )
    timed(
        "judged and stored (imports.accept)",
        steps,
        lambda: imports.accept(
            store, folder, {graph: converted.triples}, importing.AGENT, converted.judged()
        ),
    )
    total_import = sum(seconds for _, seconds in steps)
    exported: list[tuple[str, float]] = []
    back = timed(
        "graph to model with NDS facts", exported, lambda: exporting.imported(store, graph)
    )
    written = timed("written", exported, lambda: writing.write(back))
    total_export = sum(seconds for _, seconds in exported)
    print(
        f"\nstatements: {len(converted.triples)}; recognised: {len(converted.mapped.represents)}\n"
    )
    print("| step | seconds |\n|---|---|")
    for label, seconds in steps:
        print(f"| import: {label} | {seconds:.2f} |")
    print(f"| **import** | **{total_import:.2f}** |")
    for label, seconds in exported:
        print(f"| export: {label} | {seconds:.2f} |")
    print(f"| **export** | **{total_export:.2f}** |")
    schema.parse(written, "export", max_bytes=len(written))
    again = reading.read(written, "export", max_bytes=len(written))
    same = {
        (e.identifier, e.type, e.source, e.target) for e in (*again.elements, *again.relationships)
    }
    came = {
        (e.identifier, e.type, e.source, e.target)
        for e in (*parsed.elements, *parsed.relationships)
    }
    assert same == came, "the export does not hold the model's elements and relationships"
    print("\nthe export is valid against the XSD and holds every element and relationship")
    goal = total_import <= 10 and total_export <= 10
    print(f"goal (≤ 10 s each): {'met' if goal else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
