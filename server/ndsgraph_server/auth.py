"""Writes need ``Authorization: Bearer <token>``; without a configured token they are off."""

import hmac

from flask import current_app, request
from werkzeug.exceptions import Forbidden, Unauthorized


def require_write() -> None:
    settings = current_app.config["NDSGRAPH_SETTINGS"]
    if settings.open_writes:
        return
    token = settings.write_token
    if not token:
        raise Forbidden("writes are disabled on this endpoint (no write token is configured)")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise Unauthorized("writes need 'Authorization: Bearer <token>'", www_authenticate="Bearer")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Forbidden("the write token is not valid")
