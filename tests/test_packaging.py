"""An installed wheel carries the ontology, shapes and data and finds them without a checkout."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_wheel_bundles_the_rdf_sources_and_finds_them_when_installed(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("ndsgraph-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(site)
    for required in (
        "ndsgraph/_bundled/ontology/ndsgraph.ttl",
        "ndsgraph/_bundled/data/organisations.ttl",
        "ndsgraph/queries/building-blocks.rq",
        "ndsgraph_server/app.py",
    ):
        assert required in names
    # the server adds its command to `ndsgraph` by an entry point (see ndsgraph.cli)
    entry_points = next(site.glob("ndsgraph-*.dist-info")) / "entry_points.txt"
    assert "[ndsgraph.commands]\nserve = ndsgraph_server.serve:register" in entry_points.read_text()
    # -S: no site-packages, so the editable checkout cannot be found; only the unpacked wheel.
    probe = (
        f"import sys; sys.path.insert(0, {str(site)!r}); from ndsgraph import resources as r; "
        "print(r.ontology_dir()); print(r.data_dir()); print(len(list(r.queries_dir().glob('*.rq'))))"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", probe],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out[0] == str(site / "ndsgraph/_bundled/ontology")
    assert out[1] == str(site / "ndsgraph/_bundled/data")
    assert int(out[2]) >= 3
