"""Pairing: only the user's own extension may read or write the tracker, not any installed extension.

Any extension with host permissions for 127.0.0.1 can call the backend, and CORS cannot tell ours
from another. So the tracker, when asked from an extension origin, needs a per-install token that
only someone at the keyboard can obtain: ``etiquette serve`` (or ``etiquette pair``) prints a short
code; the user types it into the extension's options page, which trades it at ``POST /api/v1/pair``
for a token and keeps that.

The code: 8 digits shown as ``NNNN-NNNN``, one valid at a time, for 10 minutes, single use, and
gone after 5 wrong attempts (so a guesser has 5 tries in 10**8). It lives in the data directory as a
0600 file holding only its hash, so ``etiquette pair`` in another process can hand out a code the
running server accepts. Paired tokens are stored as SHA-256 hashes, 0600, beside it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from datetime import UTC, datetime

from .private import NotPrivate, read_private, write_private

CODE_FILE = "pairing-code"
TOKENS_FILE = "paired-tokens"
LOCK_FILE = "pairing.lock"
CODE_TTL_S = 600
MAX_ATTEMPTS = 5
MAX_TOKENS = 20  # installs paired at once (Chrome, Firefox, a second profile...); the oldest go first
PAIRING_LINE = "Pairing code: {code} (valid 10 minutes; enter it in the extension's options page)"

_thread_lock = threading.Lock()


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def normalise_code(given: str) -> str | None:
    """``"1234-5678"``, ``"1234 5678"`` or ``"12345678"`` → ``"12345678"``; anything else None."""
    digits = "".join(ch for ch in given.strip() if ch not in "- ")
    return digits if len(digits) == 8 and digits.isascii() and digits.isdigit() else None


@contextlib.contextmanager
def _locked(data_dir: str):
    """One reader-modifier-writer of the pairing files at a time, across threads and processes."""
    with _thread_lock:
        try:
            import fcntl
        except ImportError:  # not POSIX: the thread lock is all we have
            yield
            return
        os.makedirs(data_dir, mode=0o700, exist_ok=True)
        fd = os.open(
            os.path.join(data_dir, LOCK_FILE), os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def _load(path: str, what: str) -> dict | None:
    try:
        # Ours but loosened to 0644: only hashes inside, so tighten it back rather than unpair everyone.
        data = json.loads(read_private(path, what, tighten=True))
    except FileNotFoundError:
        return None
    except (NotPrivate, ValueError):
        return None  # planted or damaged: as good as none (the next write replaces it)
    return data if isinstance(data, dict) else None


def new_code(data_dir: str) -> str:
    """A fresh pairing code (``NNNN-NNNN``), replacing any earlier one.

    :raise OSError: the data directory cannot be written.
    """
    digits = f"{secrets.randbelow(10**8):08d}"
    record = {"sha256": _hash(digits), "expires_at": time.time() + CODE_TTL_S, "attempts": 0}
    with _locked(data_dir):
        write_private(os.path.join(data_dir, CODE_FILE), json.dumps(record) + "\n")
    return f"{digits[:4]}-{digits[4:]}"


def redeem(data_dir: str, given: str) -> str | None:
    """The new token for the right code (the code is then used up); None for a wrong or expired one.

    A wrong code counts against the current code; the fifth wrong one removes it.
    :raise OSError: the data directory cannot be written.
    """
    code_path = os.path.join(data_dir, CODE_FILE)
    with _locked(data_dir):
        record = _load(code_path, "The pairing code file")
        if record is None or not isinstance(record.get("sha256"), str):
            return None
        if not isinstance(record.get("expires_at"), (int, float)) or time.time() > record["expires_at"]:
            _remove(code_path)
            return None
        digits = normalise_code(given) if isinstance(given, str) else None
        if digits is None or not hmac.compare_digest(_hash(digits), record["sha256"]):
            attempts = int(record.get("attempts") or 0) + 1
            if attempts >= MAX_ATTEMPTS:
                _remove(code_path)
            else:
                write_private(code_path, json.dumps({**record, "attempts": attempts}) + "\n")
            return None
        _remove(code_path)  # single use
        token = secrets.token_urlsafe(32)  # 43 url-safe characters, 256 bits
        tokens_path = os.path.join(data_dir, TOKENS_FILE)
        stored = _load(tokens_path, "The paired-tokens file") or {}
        entries = [
            e for e in stored.get("tokens", []) if isinstance(e, dict) and isinstance(e.get("sha256"), str)
        ]
        entries.append({"sha256": _hash(token), "paired_at": datetime.now(UTC).isoformat(timespec="seconds")})
        write_private(tokens_path, json.dumps({"tokens": entries[-MAX_TOKENS:]}, indent=1) + "\n")
    return token


def forget_all(data_dir: str) -> int:
    """Unpair every install (and drop any pending code); returns how many tokens were forgotten."""
    with _locked(data_dir):
        stored = _load(os.path.join(data_dir, TOKENS_FILE), "The paired-tokens file") or {}
        _remove(os.path.join(data_dir, TOKENS_FILE))
        _remove(os.path.join(data_dir, CODE_FILE))
    return len(stored.get("tokens", []))


def is_paired_token(data_dir: str | None, token: str | None) -> bool:
    """Whether ``token`` was handed out by :func:`redeem` for this data directory (constant-time per entry)."""
    if not token or not data_dir:
        return False
    stored = _load(os.path.join(data_dir, TOKENS_FILE), "The paired-tokens file")
    if not stored:
        return False
    wanted = _hash(token)
    found = False
    for entry in stored.get("tokens", []):
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str):
            found |= hmac.compare_digest(entry["sha256"], wanted)
    return found


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
