"""The layers stay apart. The library knows nothing of the web layer: importing it, or
starting the command, loads neither Flask nor Granian nor the server, which adds its `serve`
command by an entry point. And only the adapters of the tools that take rdflib graphs import
rdflib: everything else uses pyoxigraph's terms."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import ndsgraph_server

import ndsgraph

WEB = ("flask", "werkzeug", "granian", "ndsgraph_server")
REPORT = f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {WEB!r})))"


def loaded_after(code: str) -> list[str]:
    """The web layer's modules that a fresh interpreter holds after running ``code``."""
    result = subprocess.run(
        [sys.executable, "-c", f"import json, sys\n{code}\n{REPORT}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_the_library_loads_no_web_layer():
    every_module = (
        "import pkgutil, importlib, ndsgraph\n"
        "for m in pkgutil.walk_packages(ndsgraph.__path__, 'ndsgraph.'):\n"
        "    if m.name != 'ndsgraph.__main__':  # that one runs the command\n"
        "        importlib.import_module(m.name)"
    )
    assert loaded_after(every_module) == []


def test_the_command_loads_the_server_only_to_run_the_command_it_adds():
    assert loaded_after("import ndsgraph, ndsgraph.cli\nndsgraph.cli.build_parser()") == []
    serve_help = "from ndsgraph import cli\ntry:\n    cli.main(['serve', '--help'])\nexcept SystemExit:\n    pass"
    assert {"flask", "granian", "ndsgraph_server.serve"} <= set(loaded_after(serve_help))


RDFLIB_ADAPTERS = {
    "ndsgraph.terms",  # the rdflib side of the vocabulary, and terms between the two
    "ndsgraph.reason",  # owlrl
    "ndsgraph.generate",  # writes the example landscape
    "ndsgraph.importers.common",
    "ndsgraph.importers.nds",
    "ndsgraph.importers.organisations",
    "ndsgraph.importers.standards",
    "ndsgraph.validation",  # the shapes and the validation context, for the engines
    "ndsgraph.validation.engines",  # pySHACL and pyshacl-turbo
    "ndsgraph.validation.frameworks",  # the shapes files
    "ndsgraph.validation.sparql_constraints",  # splits the shapes the engines take
    "ndsgraph.validation.national",  # the cross-organisation rules' shapes
    "ndsgraph.validation.targets",  # prunes the shapes the engines take to those that reach
}


def rdflib_importers(package: Path) -> set[str]:
    """The modules under ``package`` whose source imports rdflib."""
    found = set()
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        imported = [
            name
            for node in ast.walk(tree)
            for name in (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
        ]
        if any(name.split(".")[0] == "rdflib" for name in imported):
            parts = path.relative_to(package.parent).with_suffix("").parts
            found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_only_the_adapters_import_rdflib():
    """The library's term model is pyoxigraph's (ndsgraph.vocabulary); rdflib stays in the
    adapters of the tools that take rdflib graphs."""
    assert rdflib_importers(Path(ndsgraph.__file__).parent) == RDFLIB_ADAPTERS
    assert rdflib_importers(Path(ndsgraph_server.__file__).parent) == set()
