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
import ipaddress
import os
import re
import secrets
import sys

from flask import current_app, g, request
from werkzeug.exceptions import SecurityError

from .errors import ApiError

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
TOKEN_FILE_NAME = "api-token"

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


# ---------------------------------------------------------------------------------------------- CLI


def data_dir_from_args(args) -> str:
    """The data directory a command works on: ``--data-dir``, else the folder of ``--db``, else the default."""
    if getattr(args, "data_dir", None):
        return os.path.abspath(args.data_dir)
    db = getattr(args, "db", None)
    if db:
        return os.path.dirname(os.path.abspath(db))
    from .app import default_data_dir

    return default_data_dir()


def token_file_path(args) -> str:
    return os.path.join(data_dir_from_args(args), TOKEN_FILE_NAME)


_TOKEN_SHAPE = re.compile(r"[\x21-\x7e]{16,512}")


def _valid_token(token: str) -> bool:
    # It travels in an HTTP header: visible ASCII only, and long enough not to be guessed.
    return bool(_TOKEN_SHAPE.fullmatch(token))


def read_or_create_token(path: str) -> str:
    """The token kept at ``path``, made once (256 bits) with mode 0600 so other users cannot read it.

    A file there that another user owns, or that others may write, is refused (SystemExit), never
    adopted: it could be a token someone planted to read the tracker.
    """
    from .private import NotPrivate, ensure_dir, read_private

    ensure_dir(os.path.dirname(path))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_urlsafe(32) + "\n")
    try:
        # Our own file that someone loosened to 0644 is tightened again; a readable token protects nothing.
        token = read_private(path, "The token file", tighten=True).strip()
    except NotPrivate as exc:
        raise SystemExit(f"etiquette: {exc.message}") from None
    if not _valid_token(token):
        raise SystemExit(f"etiquette: the token file {path} is damaged; delete it to make a new one")
    return token


def read_token_file(path: str) -> str:
    """``--token-file``: the user's own file, which only they can read and write (SystemExit otherwise)."""
    from .private import NotPrivate, read_private

    try:
        token = read_private(path, "The token file").strip()
    except FileNotFoundError:
        raise SystemExit(f"etiquette: --token-file {path}: no such file") from None
    except NotPrivate as exc:
        raise SystemExit(f"etiquette: {exc.message}") from None
    if not _valid_token(token):
        raise SystemExit(
            f"etiquette: the token in {path} needs 16 to 512 visible ASCII characters, no spaces"
        )
    return token


def token_from_args(args, env_token: str | None = None) -> str | None:
    """``--token-file F``, else ``ETIQUETTE_TOKEN`` (``env_token``), else ``--require-token`` (a token
    generated once and kept beside the data); None without any. Never a token on the command line:
    every user on the machine can read a process's argv.

    Serving on anything but loopback without a token is refused: the drafts would be open to the network.
    """
    token_file = getattr(args, "token_file", None)
    host = getattr(args, "host", None) or "127.0.0.1"
    require = getattr(args, "require_token", False)
    if not is_loopback(host) and token_file is None and not env_token and not require:
        raise SystemExit(
            f"etiquette: --host {host} is reachable from other machines; "
            "add --require-token (or --token-file) so only your extension can use it"
        )
    if token_file is not None:
        token = read_token_file(token_file)
        print(f"API token required (read from {token_file}).", flush=True)
        return token
    if env_token:
        token = env_token.strip()
        if not _valid_token(token):
            raise SystemExit("etiquette: ETIQUETTE_TOKEN needs 16 to 512 visible ASCII characters, no spaces")
        print("API token required (from the ETIQUETTE_TOKEN environment variable).", flush=True)
        return token
    if require:
        path = token_file_path(args)
        token = read_or_create_token(path)
        print(
            f"API token required; it is in {path} — paste it into the extension's options page.",
            file=sys.stdout,
            flush=True,
        )
        return token
    return None
