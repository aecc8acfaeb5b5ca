"""Who may write: ``Authorization: Bearer <token>`` against the token the operator configured.

Without a configured token (``KG_UPDATE_TOKEN`` / ``kg serve --update-token``) the endpoint is
read-only and every write is refused with 403, whatever the request carries. With one, a write
without credentials, or with the wrong ones, gets 401 and a ``WWW-Authenticate`` challenge
(RFC 6750).
"""

from __future__ import annotations

import hmac

from flask import Response, current_app, request

from .responses import plain as _plain

TOKEN_KEY = "NEWSKG_UPDATE_TOKEN"


def write_refusal() -> Response | None:
    """None when the request may write; otherwise the 401/403 response to send instead."""
    token = current_app.config.get(TOKEN_KEY)
    if not token:
        return _plain(403, "this endpoint is read-only: writes are off (start kg serve with --update-token or KG_UPDATE_TOKEN)")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        response = _plain(401, "writes need an Authorization: Bearer <token> header")
        response.headers["WWW-Authenticate"] = 'Bearer realm="newskg"'
        return response
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        response = _plain(401, "the bearer token is not valid for this endpoint")
        response.headers["WWW-Authenticate"] = 'Bearer realm="newskg", error="invalid_token"'
        return response
    return None
