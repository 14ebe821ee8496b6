"""`ndsgraph archimate-roundtrip FILE`: a model imported and exported back is the model that came
in, compared part by part in its own order; ArchiMate 2.1 files are read as the 3.1 model they
hold. Real published models (The Open Group's Archisurance, …) are checked only where
$NDSGRAPH_REFERENCE_MODELS names a folder holding them: they are third-party files, not
ndsgraph's."""

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ndsgraph.archimate import comparing, reading, roundtrip, schema, upgrading
from ndsgraph.archimate.model import Text
from ndsgraph.archimate.records import language_tag
from ndsgraph.errors import InputError

from .test_archimate_export import bundled_graphs, store  # noqa: F401 (fixtures)

DATA = Path(__file__).parent / "data" / "archimate"
MODELS = ["every-concept.xml", "gdi-domain.xml", "gm0034-landscape.xml", "archimate-2.1.xml"]
REFERENCE = os.environ.get("NDSGRAPH_REFERENCE_MODELS")


def read(name: str):
    return reading.read((DATA / name).read_bytes(), name)


@pytest.mark.parametrize("name", MODELS)
def test_each_hand_written_model_comes_back_without_a_difference(store, tmp_path, name):  # noqa: F811
    outcome = roundtrip.roundtrip(store, tmp_path, (DATA / name).read_bytes(), source=name)
    assert outcome.differences == []
    schema.parse(outcome.exported, "export", max_bytes=len(outcome.exported))


@pytest.mark.skipif(not REFERENCE, reason="$NDSGRAPH_REFERENCE_MODELS names no folder of models")
@pytest.mark.parametrize(
    "path", sorted(Path(REFERENCE).glob("*.xml")) if REFERENCE else [], ids=lambda p: p.name
)
def test_each_real_published_model_comes_back_without_a_difference(store, tmp_path, path):  # noqa: F811
    outcome = roundtrip.roundtrip(store, tmp_path, path.read_bytes(), source=path.name)
    assert outcome.differences == []


def test_the_model_order_of_elements_relationships_and_folder_entries_is_kept(store, tmp_path):  # noqa: F811
    original = read("every-concept.xml")
    exported = reading.read(
        roundtrip.roundtrip(
            store, tmp_path, (DATA / "every-concept.xml").read_bytes(), source="m"
        ).exported,
        "export",
    )
    assert [e.identifier for e in exported.elements][:3] == [
        "e-business-actor",
        "e-business-actor-2",
        "e-business-role",
    ]
    assert [r.identifier for r in exported.relationships] == [
        r.identifier for r in original.relationships
    ]
    actors = exported.organizations[0].items[0].items[0]
    assert [i.ref or i.labels[0].value for i in actors.items] == [
        "e-business-actor",
        "e-business-actor-2",
        "Leeg en diep",
    ]
    business = exported.organizations[0].items[0]
    assert [i.ref or i.identifier for i in business.items] == ["f-actors", "e-business-role"]


def test_language_tags_come_back_in_the_case_bcp_47_recommends():
    assert language_tag("en-gb") == "en-GB"
    assert language_tag("zh-hant-tw") == "zh-Hant-TW"
    assert language_tag("sr-latn") == "sr-Latn"
    assert language_tag("es-419") == "es-419"
    assert language_tag("de-ch-x-phonebk") == "de-CH-x-phonebk"
    assert language_tag("nl") == "nl"


def test_a_difference_is_named_where_it_is_and_nothing_else_is():
    model = read("every-concept.xml")
    first, second, *rest = model.elements
    renamed = dataclasses.replace(second, names=(Text("Another name", "en"),))
    changed = dataclasses.replace(model, elements=(renamed, first, *rest[:-1]))
    found = comparing.differences(model, changed)
    assert found == [
        f"model.elements: {rest[-1].identifier} is missing",
        "model.elements: the order changed (position 1: e-business-actor became "
        "e-business-actor-2)",
        "model.elements[e-business-actor-2].names: [Text(value='A specialised business actor', "
        "language='en')] became [Text(value='Another name', language='en')]",
    ]
    assert comparing.differences(model, model) == []


def test_an_archimate_2_1_file_is_read_as_the_archimate_3_1_model_it_holds():
    model = read("archimate-2.1.xml")
    types = {e.identifier: e.type for e in (*model.elements, *model.relationships)}
    assert types["e-hosting"] == "TechnologyService" and types["e-lan"] == "CommunicationNetwork"
    assert types["r-used-by"] == "Serving" and types["r-realisation"] == "Realization"
    assert model.property_definitions[0].names == (Text("Eigenaar"),)
    (view,) = model.views
    assert dict(view.attributes)["viewpoint"] == "Technology"
    group = view.nodes[0]
    assert (group.type, group.labels, group.nodes[0].ref) == (
        "Container",
        (Text("Rekencentrum", "nl"),),
        "e-server",
    )
    assert group.nodes[0].raw[0].startswith("<style") and "lineColor" in group.nodes[0].raw[0]
    assert [r.split()[0] for r in view.connections[1].raw] == ["<style", "<bendpoint"]
    techniek = model.organizations[0].items[1]
    assert [i.ref or i.labels[0].value for i in techniek.items][1:4] == [
        "e-hosting",
        "Netwerk",
        "e-interface",
    ]


def test_an_archimate_2_1_file_invalid_as_3_1_is_refused_naming_its_line():
    data = (DATA / "archimate-2.1.xml").read_bytes().replace(b'"Junction"', b'"Crossing"')
    with pytest.raises(InputError, match=r"line 49: .*read as ArchiMate 3\.1.*Crossing"):
        reading.read(data, "old.xml")
    tree = schema.well_formed((DATA / "archimate-2.1.xml").read_bytes(), "old.xml")
    upgrading.upgraded(tree)
    assert upgrading.is_legacy(tree)  # the file's own document is left as it was


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ndsgraph", *arguments], capture_output=True, text=True, check=False
    )


def test_the_command_says_there_is_no_difference_and_a_refused_file_fails_in_one_line(tmp_path):
    result = run("archimate-roundtrip", str(DATA / "archimate-2.1.xml"), "-o", str(tmp_path / "x"))
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.splitlines()[-1] == "no differences: the export holds the model that came in"
    )
    assert reading.read((tmp_path / "x").read_bytes(), "x").identifier == "m-legacy"
    refused = run("archimate-roundtrip", str(DATA / "invalid.xml"))
    assert refused.returncode != 0 and len(refused.stderr.strip().splitlines()) == 1


def test_the_languages_of_a_name_come_back_in_the_models_order_and_case(store, tmp_path):  # noqa: F811
    data = (DATA / "every-concept.xml").read_bytes()
    exported = reading.read(roundtrip.roundtrip(store, tmp_path, data, source="m").exported, "x")
    assignment = next(r for r in exported.relationships if r.identifier == "r-assignment")
    assert [t.language for t in assignment.names] == ["nl", "en", "en-GB", "zh-Hant-TW"]
    assert [t.language for t in exported.names] == ["nl", "en"]
