"""The request body, read once for every route before any of them reads it: bounded, and whole.

Werkzeug stops a streamed body (``Transfer-Encoding: chunked``, no ``Content-Length``) at
``MAX_CONTENT_LENGTH`` without telling the reader that more followed, so an oversized upload
was silently truncated and parsed. Here a body is read up to one byte past the limit: a body
over it is a 413, and a body within it is handed on whole. Granian hands on a body that ended
early (a client that went away, a malformed chunk) as if it were complete: a declared length
that the body does not reach is a 400, and writes need a declared length (``require_length``).
"""

import io

from flask import current_app, request
from werkzeug.exceptions import LengthRequired, RequestEntityTooLarge

from ndsgraph.errors import InputError

_CHUNK = 64 * 1024
_WITH_BODY = ("POST", "PUT", "PATCH")
_STREAMED = "ndsgraph.streamed_body"  # the body came without a Content-Length


def _too_large(limit: int) -> RequestEntityTooLarge:
    return RequestEntityTooLarge(
        f"the request body is larger than the limit of {limit} bytes (NDSGRAPH_MAX_BODY_BYTES)"
    )


def bound_body() -> None:
    """Refuse a body over the limit with a 413, whether its length is declared or streamed,
    and one that ends before its declared length with a 400."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit is None:
        return
    declared = request.content_length
    if declared is not None and declared > limit:
        raise _too_large(limit)
    environ = request.environ
    if request.method not in _WITH_BODY or "wsgi.input_terminated" not in environ:
        return  # no body is read, or Werkzeug reads none: nothing can be truncated
    stream, body = environ["wsgi.input"], bytearray()
    while len(body) <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - len(body)))
        if not chunk:
            break
        body += chunk
    if len(body) > limit:
        raise _too_large(limit)
    if declared is not None and len(body) != declared:
        raise InputError(
            f"the request body ended after {len(body)} of the {declared} bytes its "
            "Content-Length announced"
        )
    environ["wsgi.input"] = io.BytesIO(bytes(body))
    # without Content-Length and Transfer-Encoding a request has no body (RFC 9112, 6.3):
    # `curl -X POST` of a run is not a streamed write
    environ[_STREAMED] = declared is None and bool(body or "HTTP_TRANSFER_ENCODING" in environ)


def require_length() -> None:
    """Writes need a declared length: the server passes on a streamed (chunked) body that was
    cut off, or whose chunks were malformed, as if it were whole, so a write could otherwise
    store part of what was sent, or nothing, in place of a portfolio."""
    if request.environ.get(_STREAMED):
        raise LengthRequired(
            "a write must give its Content-Length: a streamed (chunked) body cannot be told "
            "apart from one that was cut off"
        )
