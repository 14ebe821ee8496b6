"""What the benchmark scripts share: loopback ports, HTTP requests, a bulk-loaded store of a
generated landscape and stopping a server."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ndsgraph import generate

ROOT = Path(__file__).resolve().parents[1]
# not the bundled example landscape's graph: `serve` (re)loads the bundled data as it starts,
# which replaced a generated national landscape there with the 10,000 statements of the example
# (bench_pages --size 1m measured those)
LANDSCAPE_GRAPH = "https://w3id.org/ndsgraph/graph/benchmark"


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


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs) -> None:
        return None  # a 303 is an answer to record, not a detour


_OPENER = urllib.request.build_opener(_NoRedirect)


def call(
    url: str,
    data: bytes | None = None,
    headers: dict | None = None,
    method: str = "GET",
    timeout: float = 60,
) -> Answer:
    """One request whose status is the answer, also a 4xx, 5xx or redirect (not followed);
    a connection error or a timeout raises."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Answer(response.status, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read())


def bulk_loaded_store(work: Path, size: str) -> Path:
    """A store in ``work`` with the bundled data and the generated landscape of ``size``,
    bulk-loaded as ``ndsgraph load --bulk`` does."""
    data = generate.write(work / "landscape.nt", size=size)
    store = work / "store"
    ndsgraph = [sys.executable, "-m", "ndsgraph", "--store", str(store), "load"]
    subprocess.run(ndsgraph, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*ndsgraph, "--bulk", str(data), "--graph", LANDSCAPE_GRAPH],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return store


def stop(process: subprocess.Popen) -> None:
    """Stop a server, also one still busy with a request that ran out of budget."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
