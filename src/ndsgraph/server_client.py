"""A running ``ndsgraph serve`` as the CLI sees it: where it serves, and its admin API.

RocksDB admits one process to the embedded store, so while a server holds it the CLI writes
through the server. ``serve`` writes the URL it serves on into a small file in the store's
home (``announce``) and removes it when it ends (``withdraw``); a file whose process has gone
is stale and ignored (``serving``). Requests carry a bearer token; an answer the caller does
not expect is an error of one line, with the server's own reason.
"""

import json
import os
import secrets
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError

import pyoxigraph as ox

from ndsgraph.config import home_for
from ndsgraph.errors import InputError, NdsgraphError, NotAllowed, StoreError

SERVER_FILE = "server.json"
_REFUSALS = {401: NotAllowed, 403: NotAllowed, 409: NotAllowed, 412: NotAllowed}


def _server_file(location: str) -> Path:
    return home_for(location) / SERVER_FILE


def _store_key(location: str) -> str:
    return str(Path(location).resolve())


def announce(location: str, url: str) -> Path:
    """Say that this process serves the embedded store at ``location`` on ``url``."""
    path = _server_file(location)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"url": url, "pid": os.getpid(), "store": _store_key(location)}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(record), encoding="utf-8")
    os.replace(temporary, path)  # a reader sees the old file or the new one, never half
    return path


def withdraw(path: Path) -> None:
    """Remove the file ``announce`` wrote, unless another server has written its own since."""
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def serving(location: str) -> str | None:
    """The URL of the live server that announced the embedded store at ``location``."""
    try:
        record = json.loads(_server_file(location).read_text(encoding="utf-8"))
        url, pid, store = record["url"], int(record["pid"]), record["store"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if store == _store_key(location) and _alive(pid) else None


def client_url(host: str, port: int) -> str:
    """The URL a client on this machine reaches a server on ``host``:``port`` at."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass(frozen=True)
class Server:
    """A running ndsgraph server and the bearer token to ask it with."""

    url: str
    token: str
    timeout: float = 3600  # a whole-store run at national size takes minutes

    def call(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        accept: str = "application/json",
        expect: tuple[int, ...] = (200, 201, 204),
    ) -> Answer:
        """One request; an answer whose status is not in ``expect`` raises, with its reason."""
        headers = {"Authorization": f"Bearer {self.token}", "Accept": accept}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = Answer(response.status, response.read())
        except HTTPError as error:
            answer = Answer(error.code, error.read())
        except (URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if body and isinstance(reason, BrokenPipeError | ConnectionResetError):
                raise InputError(  # a server refuses a body over its limit before reading it
                    f"the server at {self.url} closed the connection while {len(body)} bytes "
                    "were sent: most likely more than it takes (NDSGRAPH_MAX_BODY_BYTES)"
                ) from None
            raise StoreError(f"cannot reach the server at {self.url}: {reason}") from None
        if answer.status not in expect:
            raise self._refusal(method, path, answer)
        return answer

    def _refusal(self, method: str, path: str, answer: Answer) -> NdsgraphError:
        reason = answer.body.decode("utf-8", "replace").strip().splitlines()[:1] or ["no reason"]
        kind = _REFUSALS.get(answer.status, InputError if answer.status < 500 else StoreError)
        return kind(
            f"the server at {self.url} answered {method} {path.split('?')[0]} "
            f"with {answer.status}: {reason[0]}"
        )


def put_graphs(server: Server, graphs: dict[str, list[ox.Triple]]) -> dict[str, int]:
    """Replace named graphs by the Graph Store Protocol, one request each (each graph is
    replaced whole, in one transaction; together they are not one); returns their sizes."""
    sizes = {}
    for graph, triples in graphs.items():
        unique = list(dict.fromkeys(triples))
        server.call(
            "PUT",
            "/data?" + urllib.parse.urlencode({"graph": graph}),
            body=ox.serialize(unique, format=ox.RdfFormat.N_TRIPLES) or b"",
            content_type="application/n-triples",
        )
        sizes[graph] = len(unique)
    return sizes


def whole_store_run(server: Server) -> tuple[dict, list[dict]]:
    """Make a whole-store run (``POST /api/runs``): its counts, and its register's rows as
    the stored query ``register`` gives them."""
    counts = server.call("POST", "/api/runs", body=b"", expect=(201,)).json()
    rows = server.call(
        "GET",
        "/api/queries/register?" + urllib.parse.urlencode({"run": counts["run"]}),
        accept="application/sparql-results+json",
    ).json()["results"]["bindings"]
    return counts, [{name: cell["value"] for name, cell in row.items()} for row in rows]


def submit(server: Server, data: bytes, media_type: str) -> dict:
    """Submit an upload (``POST /api/submissions``) with a submitter's token: the outcome,
    accepted (201) or rejected (422), with its findings."""
    return server.call(
        "POST", "/api/submissions", body=data, content_type=media_type, expect=(201, 422)
    ).json()


def _multipart(parts: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body of files (field, file name, content) and its media type."""
    boundary = f"ndsgraph-{secrets.token_hex(16)}"
    body = b""
    for field, name, content in parts:
        safe = name.replace('"', "").replace("\r", "").replace("\n", "")
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                f'filename="{safe}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def import_internetnl(
    server: Server, files: list[tuple[str, bytes]], domains: tuple[str, bytes]
) -> dict:
    """Import internet.nl results (``POST /api/imports/internetnl``) with the write token:
    the import's summary."""
    parts = [("results", name, data) for name, data in files] + [("domains", *domains)]
    body, content_type = _multipart(parts)
    answer = server.call(
        "POST", "/api/imports/internetnl", body=body, content_type=content_type, expect=(201,)
    )
    return answer.json()


def import_source(server: Server, source: str, data: bytes, parameters: dict[str, str]) -> dict:
    """Import a source's file (``POST /api/imports/{source}``) with the write token: what was
    stored and what was left out, as the importer's ``as_json`` says it."""
    return server.call(
        "POST",
        f"/api/imports/{source}?" + urllib.parse.urlencode(parameters),
        body=data,
        content_type="application/json",
        expect=(201,),
    ).json()
