"""The child process a whole-store run's Rust engine runs in (``engines.TurboProcess``): on
its standard input the byte length of the shapes as N-Triples, a newline, those shapes and
then the data as N-Triples; on its standard output ``true`` or ``false`` (whether the data
conforms), a newline and the report as N-Triples. Blank node labels stay those of the input.
Run as ``python -m ndsgraph.validation.turbo_process``."""

import sys

import pyoxigraph as ox

from ndsgraph import terms
from ndsgraph.validation import engines


def main() -> None:
    given = sys.stdin.buffer
    size = int(given.readline())
    quads = ox.parse(given.read(size), ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False)
    shapes = terms.graph(q.triple for q in quads)
    conforms, report = engines.turbo_core(shapes, given.read().decode())
    out = sys.stdout.buffer
    out.write(b"true\n" if conforms else b"false\n")
    out.write(report.encode() if isinstance(report, str) else report)
    out.flush()


if __name__ == "__main__":
    main()
