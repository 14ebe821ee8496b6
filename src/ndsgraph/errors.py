"""Errors a person can act on. The CLI prints them on one line; the server maps them to 4xx."""

import unicodedata


class NdsgraphError(Exception):
    """Base class: the message says what went wrong and where, in English (the CLI, the API);
    ``nl`` the same in Dutch, for a refusal a page shows a person who reads Dutch."""

    def __init__(self, message: str = "", nl: str | None = None) -> None:
        super().__init__(message)
        self.nl = nl  # kept when a worker process hands the error back (the instance's dict)

    def said(self, language: str) -> str:
        """The message in ``language`` where it has one, else in English."""
        return self.nl if language == "nl" and self.nl else str(self)


class InputError(NdsgraphError):
    """Bad user input: unparsable RDF, unknown format, unreadable file."""


class QueryError(InputError):
    """A SPARQL query or update that does not parse or cannot be evaluated."""


class QuerySyntaxError(QueryError):
    """A query that does not parse. A user's own text (the SPARQL endpoint's) is bad input;
    one of ndsgraph's own (stored, internal, or written by it from one) is a bug, which the
    server answers with a 500 and logs with the name of the query ``query`` is."""

    def __init__(self, message: str = "", nl: str | None = None, query: str = "") -> None:
        super().__init__(message, nl)
        self.query = query


class UnknownResource(InputError):
    """Something asked for by a name the store does not know (a stored query, an organisation)."""


class UnknownQuery(UnknownResource):
    """A stored query by a name that no stored query has."""


class StoreError(NdsgraphError):
    """The store cannot be opened or written."""


class StoreInUse(StoreError):
    """Another process (a server) holds the embedded store."""


class UnsupportedMediaType(InputError):
    """The upload's media type is not one ndsgraph reads."""


class NotAllowed(NdsgraphError):
    """The submitter may not make this statement or change (scope, token, version)."""


class VersionConflict(NotAllowed):
    """A change was made against a version that is no longer the current one (If-Match)."""


class Unprocessable(NdsgraphError):
    """A well-formed request that the query engine cannot carry out (it fails on it)."""


class EngineVersionMismatch(NdsgraphError):
    """An installed engine is not the version ndsgraph calls it for: the installation is broken."""


class Unavailable(NdsgraphError):
    """Something this installation cannot do (a system library is missing): the message says
    what to install."""


class RunInProgress(NdsgraphError):
    """A whole-store validation run was asked for while another one is going."""


def shown(text: str, limit: int = 100) -> str:
    """What a message repeats of a value someone sent: at most ``limit`` characters, and a
    control character (a NUL, a line break) as its escape, never itself: a message is one
    line a person reads, and a NUL ends some terminals' and logs' text."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    if cut.isprintable():  # no control character: as it is (an import names 150,000 places)
        return cut
    return "".join(repr(c)[1:-1] if unicodedata.category(c) == "Cc" else c for c in cut)
