"""The API token of ``etiquette serve`` (and ``etiquette pair``'s data directory), for the command line.

A token comes from ``--token-file``, from ``ETIQUETTE_TOKEN`` (which the command reads at its entry
and passes in), or from ``--require-token`` (generated once, kept 0600 in the data directory); never
from argv. Checking a request's token is :mod:`etiquette.security`'s business; this module only finds
the token the server is started with, and it imports no Flask.

Failures a user can fix end the command with :class:`SystemExit` and a message that says what to do.
"""

from __future__ import annotations

import os
import re
import secrets
import sys

from .hosts import is_loopback
from .paths import data_dir_of, default_data_dir, token_path
from .vocab import DEFAULT_HOST


def data_dir_from_args(args) -> str:
    """The data directory a command works on: ``--data-dir``, else the folder of ``--db``, else the default."""
    if getattr(args, "data_dir", None):
        return os.path.abspath(args.data_dir)
    db = getattr(args, "db", None)
    if db:
        return data_dir_of(db)
    return default_data_dir()


def token_file_path(args) -> str:
    """Where ``--require-token`` keeps the token for this command's data directory."""
    return token_path(data_dir_from_args(args))


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
    host = getattr(args, "host", None) or DEFAULT_HOST
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
