"""Guards for a server on 127.0.0.1 that every web page the user visits can reach.

The threats (shared/research/security.md): DNS rebinding (a page re-resolves its own name to 127.0.0.1
and becomes "same-origin" with us; only the Host header gives it away), drive-by "simple" requests
(form or text/plain POSTs that need no preflight: the page cannot read the answer, but the side effect
happens), and any other local user or process when a token is set.

Every request passes, in this order, before any view runs:

1. Host: 127.0.0.1 or localhost only (Flask's TRUSTED_HOSTS); anything else, or none, is 400 ``untrusted_host``.
   Without a token, the peer must be this machine too (403 ``forbidden_remote``): if someone serves on
   another interface, a LAN client could otherwise simply send ``Host: localhost``.
2. Origin: absent, ``null``, our own origin (the playground at ``/``) or an extension origin; any other
   origin (a web page: http/https, or a look-alike) is 403 ``forbidden_origin``, whatever else it carries.
3. Token (when ``TOKEN`` is configured): every ``/api/`` route except ``/api/v1/health`` and
   ``/api/v1/pair`` needs ``Authorization: Bearer <token>`` (the configured token or a paired one);
   401 ``unauthorized`` otherwise. CORS preflights carry no credentials by design, so they are
   exempt; the request that follows is not.
3b. Pairing: the tracker (``/api/v1/interviews*``, and ``interview_id`` in a check or a template
   render, see :func:`require_paired`) asked from an extension (or ``null``) origin needs a paired
   token (:mod:`etiquette.pairing`) or the configured one; 401 ``not_paired`` otherwise. Any installed
   extension can reach us; only the one the user paired may read their interviews.
4. Body: larger than ``MAX_CONTENT_LENGTH`` is 413 ``too_large``; a body (or a Content-Type) on
   POST/PUT/PATCH/DELETE that is not JSON is 415 ``unsupported_media_type``, so the three "simple"
   content types a page can send without a preflight never reach a view.

CORS is granted to extension origins only, matched by fully anchored patterns, without credentials.
"""

from __future__ import annotations

import hmac
import re

from flask import current_app, g, request
from werkzeug.exceptions import SecurityError

from .errors import ApiError
from .hosts import is_loopback

# \Z rather than $: "$" also matches before a trailing newline, and an origin check must be exact.
# Chrome (and Edge, Opera...) extension ids are 32 letters a-p; Firefox uses a per-install UUID.
EXTENSION_ORIGINS = (
    re.compile(r"^chrome-extension://[a-p]{32}\Z"),
    re.compile(r"^moz-extension://[0-9a-fA-F-]{36}\Z"),
)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OPEN_API_PATHS = frozenset({"/api/v1/health", "/api/v1/pair"})
TRACKER_PREFIX = "/api/v1/interviews"
ALLOWED_HEADERS = ["Content-Type", "Authorization", "Idempotency-Key"]

# The playground page loads its own script and stylesheet and talks to its own origin, nothing else:
# no inline code, no framing, no form posts elsewhere.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
# JSON is never a document: nothing may run or load in it, even if a browser is tricked into rendering it.
API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"


def is_extension_origin(origin: str) -> bool:
    return any(pattern.match(origin) for pattern in EXTENSION_ORIGINS)


def own_origin() -> str:
    # host_url is built from the (already trusted) Host header: "http://127.0.0.1:5455/".
    return request.host_url.rstrip("/").lower()


def _check_host() -> None:
    # Flask records an untrusted Host as the routing exception and raises it only when the view is
    # dispatched, i.e. after before_request; surface it first so no other guard runs for a rebinding page.
    # An absent Host would fall back to the server's own name, so it is refused explicitly too.
    if isinstance(request.routing_exception, SecurityError) or not request.environ.get("HTTP_HOST"):
        raise ApiError(
            400,
            "This server only answers to Host 127.0.0.1 or localhost (or the address it is bound to).",
            code="untrusted_host",
        )


def _check_peer() -> None:
    if current_app.config.get("TOKEN") or is_loopback(request.remote_addr):
        return
    raise ApiError(403, "Only this computer may use the checker without a token.", code="forbidden_remote")


def _check_origin() -> None:
    origin = request.headers.get("Origin")
    if origin is None or origin == "null" or is_extension_origin(origin):
        # "null" is a sandboxed frame, a file: page or a Firefox extension: not a web origin we can name.
        # It gets no CORS grant, so it can only make "simple" requests, which the JSON guard refuses.
        return
    if origin.lower() == own_origin():
        return  # the playground page served by this very server
    raise ApiError(
        403,
        "Requests from web pages are refused; use the extension or the playground.",
        code="forbidden_origin",
    )


def bearer() -> str | None:
    """The request's ``Authorization: Bearer`` value, or None."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given = given.strip()
    return given if scheme.lower() == "bearer" and given else None


def _is_configured_token(given: str | None) -> bool:
    token = current_app.config.get("TOKEN")
    # compare_digest needs equal types; encode so non-ASCII input cannot raise a TypeError.
    return bool(token and given) and hmac.compare_digest(given.encode(), token.encode())


def request_is_paired() -> bool:
    """Whether this request carries a paired token (or the configured ``--require-token`` one)."""
    from . import pairing

    if "etiquette_paired" not in g:  # asked by the token guard, the tracker guard and health: read once
        given = bearer()
        g.etiquette_paired = given is not None and (
            _is_configured_token(given) or pairing.is_paired_token(current_app.config.get("DATA_DIR"), given)
        )
    return g.etiquette_paired


def _check_token() -> None:
    if not current_app.config.get("TOKEN") or request.method == "OPTIONS":
        return
    if not request.path.startswith("/api/") or request.path in OPEN_API_PATHS:
        return
    if not request_is_paired():
        raise ApiError(
            401,
            "This server needs its token: 'Authorization: Bearer <token>' "
            "(paste it into the extension's options page).",
            code="unauthorized",
        )


def _from_an_extension() -> bool:
    origin = request.headers.get("Origin")
    if origin is None:
        # Chromium leaves Origin off a GET from an extension's service worker (its host permission needs
        # no CORS), but marks every request a browser makes with Fetch Metadata
        # (https://www.w3.org/TR/fetch-metadata/): a browser request without Origin that is not our own
        # page's is treated as an extension's, so any installed extension cannot read the tracker by GET.
        site = request.headers.get("Sec-Fetch-Site")
        return site is not None and site != "same-origin"
    return origin == "null" or is_extension_origin(origin)


def require_paired() -> None:
    """The tracker is about to be read or written: from an extension, only the paired one may.

    No-Origin clients (the CLI, curl, tests) and the playground keep the rules above them.
    :raise ApiError 401 not_paired: an extension (or ``null``) origin without a paired token.
    """
    if _from_an_extension() and not request_is_paired():
        raise ApiError(
            401,
            "Pair the extension with the backend first: open the extension's options page "
            "and enter the pairing code that `etiquette serve` (or `etiquette pair`) prints.",
            code="not_paired",
        )


def _check_tracker() -> None:
    if request.method == "OPTIONS":
        return
    if request.path == TRACKER_PREFIX or request.path.startswith(TRACKER_PREFIX + "/"):
        require_paired()


def _check_body() -> None:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    length = request.content_length
    if limit is not None and length is not None and length > limit:
        raise ApiError(413, f"The body is too large (limit {limit // 1024} KiB).", code="too_large")
    if request.method not in UNSAFE_METHODS:
        return
    has_body = bool(length) or "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if (has_body or request.headers.get("Content-Type")) and not request.is_json:
        raise ApiError(
            415, "Send the body as JSON with 'Content-Type: application/json'.", code="unsupported_media_type"
        )


def guard():
    _check_host()
    _check_peer()
    _check_origin()
    _check_token()
    _check_body()
    _check_tracker()


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    # A page may still embed a no-cors GET (<script src=...>); this keeps the bytes out of its process.
    # CORS-mode fetches (the extension's, the playground's) are not subject to it.
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    if request.path.startswith("/api/"):
        # Drafts and interview history must not linger in any cache.
        headers["Cache-Control"] = "no-store"
        headers.setdefault("Content-Security-Policy", API_CSP)
    else:
        headers.setdefault("Content-Security-Policy", PAGE_CSP)
    if response.status_code == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="etiquette"')
    return response


def init_app(app) -> None:
    from flask_cors import CORS

    app.before_request(guard)
    app.after_request(add_security_headers)
    CORS(
        app,
        resources={r"^/api/.*": {}},
        origins=list(EXTENSION_ORIGINS),
        methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=ALLOWED_HEADERS,
        supports_credentials=False,
        allow_private_network=True,
        send_wildcard=False,
        vary_header=True,
        max_age=600,
    )
