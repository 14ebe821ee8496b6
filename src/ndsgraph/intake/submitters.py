"""Who may submit: one bearer token per organisation or partner, kept as a SHA-256 hash.

The registry is a small JSON file next to the store (never in the queryable graph);
tokens are shown once when issued and can be revoked. Tokens are issued only for
organisations and partners that the bundled reference data knows (``known``).
"""

import functools
import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ndsgraph import validation
from ndsgraph.errors import InputError
from ndsgraph.intake import organisations

KINDS = ("organisation", "partner")
REGISTRY_FILE = "submitters.json"


@dataclass(frozen=True)
class Submitter:
    iri: str
    kind: str = "organisation"


@functools.cache
def _reference() -> ox.Store:
    """The bundled reference data, not the store: a running server holds the store."""
    store = ox.Store()
    store.bulk_extend(validation.reference_quads())
    return store


def known(iri: str, kind: str = "organisation") -> Submitter:
    """The submitter ``iri`` of ``kind``, if the reference data knows it as such (a supplier
    is not an organisation here: see ``organisations.known``)."""
    if kind not in KINDS:
        raise InputError(f"unknown submitter kind '{kind}' (use {', '.join(KINDS)})")
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise InputError(f"'{iri}' is not an IRI (give an organisation's TOOI URI)") from None
    partner = organisations.known(_reference(), {iri}).get(iri)
    if partner is None or (kind == "partner" and not partner):
        raise InputError(
            f"{iri} is not {'a partner' if kind == 'partner' else 'an organisation'} the reference data knows"
        )
    return Submitter(iri, kind)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Registry:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def at(cls, home: Path) -> "Registry":
        """The registry kept in a store's home directory."""
        return cls(home / REGISTRY_FILE)

    def _read(self) -> dict[str, dict]:
        if not self.path.is_file():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _write(self, entries: dict[str, dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(entries, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)  # readers see the old or the new file, never half of one

    def issue(self, submitter: Submitter) -> str:
        """A new token for ``submitter`` (check it with ``known`` first)."""
        token = secrets.token_urlsafe(32)
        while token.startswith("-"):  # "--token -x" would read as an option
            token = secrets.token_urlsafe(32)
        entries = self._read()
        entries[_hash(token)] = {
            **asdict(submitter),
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
