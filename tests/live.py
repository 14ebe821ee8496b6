"""Start `ndsgraph serve` as a real process on a free 127.0.0.1 port, stop it again, and issue
submitter tokens for it as an administrator would."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, wait: float = 240) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"process on port {port} did not start (exit {process.poll()})"
                ) from None
            time.sleep(0.2)


@contextmanager
def live_server(
    store: Path,
    *args: str,
    env: dict[str, str] | None = None,
    wait: float = 240,
    store_location: str | None = None,
) -> Iterator[str]:
    """Yields the base URL (http://127.0.0.1:PORT) once the server accepts connections.

    ``store`` is the embedded store's directory (its parent holds the log), unless
    ``store_location`` names a remote SPARQL store.
    """
    port = free_port()
    store.parent.mkdir(parents=True, exist_ok=True)
    log_path = store.parent / f"server-{port}.log"
    location = store_location or str(store)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ndsgraph",
                "--store",
                location,
                "serve",
                "--port",
                str(port),
                *args,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            try:
                wait_for_port(port, process, wait)
            except RuntimeError:
                raise RuntimeError(f"server did not start: {log_path.read_text()}") from None
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                raise RuntimeError("server did not stop within 20 s of SIGTERM") from None


def issue(store: Path, iri: str, *extra: str) -> str:
    """A submitter token, issued by the CLI as an administrator would."""
    out = subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", str(store), "submitters", "add", iri, *extra],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.rsplit(" ", 1)[1].strip()
