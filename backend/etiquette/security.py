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
3. Token (when ``TOKEN`` is configured): every ``/api/`` route except ``/api/v1/health`` needs
   ``Authorization: Bearer <token>``; 401 ``unauthorized`` otherwise. CORS preflights carry no
   credentials by design, so they are exempt; the request that follows is not.
4. Body: larger than ``MAX_CONTENT_LENGTH`` is 413 ``too_large``; a body (or a Content-Type) on
   POST/PUT/PATCH/DELETE that is not JSON is 415 ``unsupported_media_type``, so the three "simple"
   content types a page can send without a preflight never reach a view.

CORS is granted to extension origins only, matched by fully anchored patterns, without credentials.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
import sys

from flask import current_app
from flask import request
from werkzeug.exceptions import SecurityError

from .errors import ApiError

# \Z rather than $: "$" also matches before a trailing newline, and an origin check must be exact.
# Chrome (and Edge, Opera...) extension ids are 32 letters a-p; Firefox uses a per-install UUID.
EXTENSION_ORIGINS = (
    re.compile(r"^chrome-extension://[a-p]{32}\Z"),
    re.compile(r"^moz-extension://[0-9a-fA-F-]{36}\Z"),
)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OPEN_API_PATHS = frozenset({"/api/v1/health"})
ALLOWED_HEADERS = ["Content-Type", "Authorization", "Idempotency-Key"]
TOKEN_FILE_NAME = "api-token"

# The playground page loads its own script and stylesheet and talks to its own origin, nothing else:
# no inline code, no framing, no form posts elsewhere.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
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
        raise ApiError(400, "This server only answers to Host 127.0.0.1 or localhost.", code="untrusted_host")


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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
    raise ApiError(403, "Requests from web pages are refused; use the extension or the playground.",
                   code="forbidden_origin")


def _check_token() -> None:
    token = current_app.config.get("TOKEN")
    if not token or request.method == "OPTIONS":
        return
    if not request.path.startswith("/api/") or request.path in OPEN_API_PATHS:
        return
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    # compare_digest needs equal types; encode so non-ASCII input cannot raise a TypeError.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "This server needs its token: 'Authorization: Bearer <token>' "
                            "(paste it into the extension's options page).", code="unauthorized")


def _check_body() -> None:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    length = request.content_length
    if limit is not None and length is not None and length > limit:
        raise ApiError(413, f"The body is too large (limit {limit // 1024} KiB).", code="too_large")
    if request.method not in UNSAFE_METHODS:
        return
    has_body = bool(length) or "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if (has_body or request.headers.get("Content-Type")) and not request.is_json:
        raise ApiError(415, "Send the body as JSON with 'Content-Type: application/json'.",
                       code="unsupported_media_type")


def guard():
    _check_host()
    _check_peer()
    _check_origin()
    _check_token()
    _check_body()


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


# ---------------------------------------------------------------------------------------------- CLI


def token_file_path(args) -> str:
    db = getattr(args, "db", None)
    if db:
        return os.path.join(os.path.dirname(os.path.abspath(db)), TOKEN_FILE_NAME)
    from .app import default_data_dir

    return os.path.join(default_data_dir(), TOKEN_FILE_NAME)


_TOKEN_SHAPE = re.compile(r"[\x21-\x7e]{16,512}")


def _valid_token(token: str) -> bool:
    # It travels in an HTTP header: visible ASCII only, and long enough not to be guessed.
    return bool(_TOKEN_SHAPE.fullmatch(token))


def read_or_create_token(path: str) -> str:
    """The token kept at ``path``, made once (256 bits) with mode 0600 so other users cannot read it."""
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_urlsafe(32) + "\n")
    if os.name == "posix" and os.stat(path).st_mode & 0o077:
        os.chmod(path, 0o600)  # someone loosened it: a readable token protects nothing
    with open(path, encoding="ascii") as fh:
        token = fh.read().strip()
    if not _valid_token(token):
        raise SystemExit(f"etiquette: the token file {path} is damaged; delete it to make a new one")
    return token


def token_from_args(args) -> str | None:
    """``--token T`` or ``--require-token`` (a generated token kept beside the data); None without either.

    Serving on anything but loopback without a token is refused: the drafts would be open to the network.
    """
    token = getattr(args, "token", None)
    host = getattr(args, "host", None) or "127.0.0.1"
    if not is_loopback(host) and token is None and not getattr(args, "require_token", False):
        raise SystemExit(f"etiquette: --host {host} is reachable from other machines; "
                         "add --require-token (or --token) so only your extension can use it")
    if token is not None:
        if not _valid_token(token):
            raise SystemExit("etiquette: --token needs 16 to 512 visible ASCII characters, no spaces")
        print("API token required (given with --token).", flush=True)
        return token
    if getattr(args, "require_token", False):
        path = token_file_path(args)
        token = read_or_create_token(path)
        print(f"API token required; it is in {path} — paste it into the extension's options page.",
              file=sys.stdout, flush=True)
        return token
    return None
