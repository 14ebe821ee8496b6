"""The library knows nothing of the web layer: importing it, or starting the command, loads
neither Flask nor Granian nor the server, which adds its `serve` command by an entry point."""

import json
import subprocess
import sys

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
