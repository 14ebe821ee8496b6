"""Who is asking: ``Authorization: Bearer <token>``, the write token or a submitter's token.

Writes (SPARQL Update, Graph Store) need the write token; without a configured one they are
off. Submissions need a submitter token from the registry in the store's home.
"""

import hmac

from flask import current_app, request
from werkzeug.exceptions import Forbidden, Unauthorized

from ndsgraph.intake.submitters import Registry, Submitter
from ndsgraph_server.body import require_length


def _bearer(needed_for: str) -> str:
    """The request's bearer token; without one, a 401 that says what needs it."""
    authorization = request.authorization  # parsed by Werkzeug
    if authorization is None or authorization.type != "bearer" or not authorization.token:
        raise Unauthorized(
            f"{needed_for} need 'Authorization: Bearer <token>'", www_authenticate="Bearer"
        )
    return authorization.token.strip()


def require_write() -> None:
    settings = current_app.config["NDSGRAPH_SETTINGS"]
    if not settings.open_writes:
        token = settings.write_token
        if not token:
            raise Forbidden("writes are disabled on this endpoint (no write token is configured)")
        if not hmac.compare_digest(_bearer("writes").encode(), token.encode()):
            raise Forbidden("the write token is not valid")
    require_length()


def require_submitter() -> Submitter:
    """The submitter whose token the request carries."""
    token = _bearer("submissions (with a submitter token)")
    submitter = Registry.at(current_app.config["NDSGRAPH_SETTINGS"].home).identify(token)
    if submitter is None:
        raise Forbidden("the submitter token is not valid (revoked or unknown)")
    require_length()
    return submitter
