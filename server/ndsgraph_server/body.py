"""The request body limit, enforced once for every route before any of them reads a body.

Werkzeug stops a streamed body (``Transfer-Encoding: chunked``, no ``Content-Length``) at
``MAX_CONTENT_LENGTH`` without telling the reader that more followed, so an oversized upload
was silently truncated and parsed. Here a streamed body is read up to one byte past the
limit: a body over it is a 413, and a body within it is handed on whole.
"""

import io

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

_CHUNK = 64 * 1024
_WITH_BODY = ("POST", "PUT", "PATCH")


def _too_large(limit: int) -> RequestEntityTooLarge:
    return RequestEntityTooLarge(
        f"the request body is larger than the limit of {limit} bytes (NDSGRAPH_MAX_BODY_BYTES)"
    )


def bound_body() -> None:
    """Refuse a body over the limit with a 413, whether its length is declared or streamed."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit is None:
        return
    declared = request.content_length
    if declared is not None:
        if declared > limit:
            raise _too_large(limit)
        return
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
    environ["wsgi.input"] = io.BytesIO(bytes(body))
