"""`ndsgraph import archimate FILE [--as ORGANISATION]`: a published model becomes a graph of
its own with its provenance, an organisation's model its submission, judged and scoped like
any other; refused files (invalid, an entity, another organisation's) change nothing."""

import shutil
from pathlib import Path

import pytest

from .conftest import DATA
from .test_import_commands import dump, loaded, ndsgraph, one_line

MODELS = DATA / "archimate"
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
ALMERE_GRAPH = (
    "https://w3id.org/ndsgraph/graph/submission/identifier-overheid-nl-tooi-id-gemeente-gm0034"
)
ZWOLLE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0193"


@pytest.fixture(scope="module")
def reference_store(tmp_path_factory) -> Path:
    return loaded(tmp_path_factory.mktemp("archimate"))


@pytest.fixture
def store(reference_store, tmp_path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(reference_store, copy)
    return copy


def ask(store: Path, query: str) -> bool:
    result = ndsgraph(store, "query", query, "--format", "json")
    assert result.returncode == 0, result.stderr
    return '"boolean":true' in result.stdout.replace(" ", "")


def test_a_published_model_is_stored_as_its_own_graph_with_where_it_came_from(store):
    result = ndsgraph(store, "import", "archimate", str(MODELS / "gdi-domain.xml"))
    assert result.returncode == 0, result.stderr
    graph = "https://w3id.org/ndsgraph/graph/archimate/m-gdi-domain"
    assert result.stdout.strip() == graph
    assert "10 elementen, 4 relaties" in result.stderr
    assert ask(
        store,
        f"""PREFIX dct: <http://purl.org/dc/terms/> PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
        ASK {{ GRAPH <{graph}> {{ <{graph}> dct:source "{MODELS / "gdi-domain.xml"}" ;
            ndsg:evidenceKind <https://w3id.org/ndsgraph/id/begrip/bewijs/register> }} }}""",
    )
    assert ask(
        store,
        """PREFIX am: <https://w3id.org/ndsgraph/def/archimate/>
        ASK { ?e a am:Product ; am:represents <https://w3id.org/ndsgraph/id/bouwsteen/digid> }""",
    )


def test_importing_the_same_model_again_replaces_its_graph_with_the_same_statements(store):
    model = str(MODELS / "gdi-domain.xml")
    assert ndsgraph(store, "import", "archimate", model).returncode == 0
    query = """SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/ndsgraph/graph/archimate/m-gdi-domain>
        { ?s ?p ?o FILTER(?p != <http://purl.org/dc/terms/created>) } } ORDER BY ?s ?p ?o"""
    first = ndsgraph(store, "query", query, "--format", "csv").stdout
    assert ndsgraph(store, "import", "archimate", model).returncode == 0
    assert ndsgraph(store, "query", query, "--format", "csv").stdout == first


def test_an_organisations_model_is_its_submission_and_its_components_its_applications(store):
    result = ndsgraph(
        store, "import", "archimate", str(MODELS / "gm0034-landscape.xml"), "--as", ALMERE
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ALMERE_GRAPH
    assert "aanvaard:" in result.stderr
    assert ask(
        store,
        f"""PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
        ASK {{ GRAPH <{ALMERE_GRAPH}> {{ ?app a ndsg:Application ; ndsg:organisation <{ALMERE}> ;
            ndsg:dependsOn <https://w3id.org/ndsgraph/id/bouwsteen/digid> }} }}""",
    )


def test_a_model_about_another_organisation_is_refused_and_nothing_changes(store):
    before = dump(store)
    result = ndsgraph(
        store, "import", "archimate", str(MODELS / "gm0034-landscape.xml"), "--as", ZWOLLE
    )
    assert result.returncode == 1
    assert "may not make statements about" in one_line(result)
    assert f"(owned by {ALMERE})" in result.stderr
    assert dump(store) == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("invalid.xml", "invalid.xml: line 11: not valid against the ArchiMate exchange format"),
        ("entity.xml", "entity.xml: line 2: a DOCTYPE or entity declaration is not allowed"),
    ],
)
def test_a_refused_file_is_a_one_line_error_naming_the_line_and_nothing_changes(
    store, name, message
):
    before = dump(store)
    for extra in ([], ["--as", ALMERE]):
        result = ndsgraph(store, "import", "archimate", str(MODELS / name), *extra)
        assert result.returncode == 2
        assert message in one_line(result)
    assert dump(store) == before
