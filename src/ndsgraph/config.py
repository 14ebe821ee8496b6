"""Settings shared by the CLI and the server, read from the environment once."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from ndsgraph.limits import Limits
from ndsgraph.namespaces import BASE

DEFAULT_STORE = Path(".ndsgraph/store")


def store_path() -> Path:
    return Path(os.environ.get("NDSGRAPH_STORE", DEFAULT_STORE))


@dataclass(frozen=True)
class ServerSettings:
    """What the endpoint allows. Writes are off unless a token is configured."""

    write_token: str | None = None
    open_writes: bool = False  # only for throwaway conformance-test instances on loopback
    limits: Limits = field(default_factory=Limits)
    max_body_bytes: int = 16 * 1024 * 1024
    base_uri: str = BASE
    home: Path = DEFAULT_STORE.parent  # submitters, submission history and quarantine
    submission_policy: str = "violations"


def server_settings(environ: dict[str, str] = os.environ) -> ServerSettings:
    allow = tuple(
        i.strip() for i in environ.get("NDSGRAPH_SERVICE_ALLOW", "").split(",") if i.strip()
    )
    return ServerSettings(
        write_token=environ.get("NDSGRAPH_WRITE_TOKEN") or None,
        limits=Limits(
            timeout=float(environ.get("NDSGRAPH_QUERY_TIMEOUT", 30)),
            max_result_bytes=int(environ.get("NDSGRAPH_MAX_RESULT_BYTES", 64 * 1024 * 1024)),
            max_running=int(environ.get("NDSGRAPH_MAX_RUNNING_QUERIES", 4)),
            service_allow=allow,
        ),
        max_body_bytes=int(environ.get("NDSGRAPH_MAX_BODY_BYTES", 16 * 1024 * 1024)),
        base_uri=environ.get("NDSGRAPH_BASE_URI", BASE),
        home=Path(environ.get("NDSGRAPH_HOME", store_path().parent)),
        submission_policy=environ.get("NDSGRAPH_SUBMISSION_POLICY", "violations"),
    )
