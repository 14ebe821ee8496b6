"""What the benchmark scripts share: loopback ports and HTTP requests."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, process: subprocess.Popen | None = None) -> None:
    """Wait until something listens on 127.0.0.1:port (at most 15 minutes: rdflib-endpoint
    parses 5m triples before it listens)."""
    for _ in range(3600):
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"nothing listens on {port}")


def http(
    url: str, data: bytes | None = None, headers: dict | None = None, method: str = "GET"
) -> bytes:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(request, timeout=3600) as response:
        return response.read()


LANDSCAPE_GRAPH = "https://w3id.org/ndsgraph/graph/example-landscape"


def load_landscape(work: Path, size: str) -> Path:
    """A store under ``work`` with the bundled data and a generated landscape of ``size``
    (bulk-loaded as the example landscape's graph); returns the store's directory."""
    from ndsgraph import generate

    data = generate.write(work / "landscape.nt", size=size)
    store = work / "store"
    ndsgraph = [sys.executable, "-m", "ndsgraph", "--store", str(store), "load"]
    subprocess.run(ndsgraph, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*ndsgraph, "--bulk", str(data), "--graph", LANDSCAPE_GRAPH],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return store
