"""Who may submit: one bearer token per organisation or partner, kept as a SHA-256 hash.

The registry is a small JSON file next to the store (never in the queryable graph);
tokens are shown once when issued and can be revoked.
"""

import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from ndsgraph.errors import InputError

KINDS = ("organisation", "partner")


@dataclass(frozen=True)
class Submitter:
    iri: str
    kind: str = "organisation"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Registry:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, dict]:
        if not self.path.is_file():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _write(self, entries: dict[str, dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(entries, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)  # readers see the old or the new file, never half of one

    def issue(self, iri: str, kind: str = "organisation") -> str:
        if kind not in KINDS:
            raise InputError(f"unknown submitter kind '{kind}' (use {', '.join(KINDS)})")
        token = secrets.token_urlsafe(32)
        entries = self._read()
        entries[_hash(token)] = {
            **asdict(Submitter(iri, kind)),
            "issued": datetime.now(UTC).isoformat(),
        }
        self._write(entries)
        return token

    def revoke(self, iri: str) -> int:
        entries = self._read()
        kept = {h: e for h, e in entries.items() if e["iri"] != iri}
        self._write(kept)
        return len(entries) - len(kept)

    def identify(self, token: str) -> Submitter | None:
        entry = self._read().get(_hash(token))
        return Submitter(entry["iri"], entry["kind"]) if entry else None

    def list(self) -> list[dict]:
        return sorted(self._read().values(), key=lambda e: (e["iri"], e["issued"]))
