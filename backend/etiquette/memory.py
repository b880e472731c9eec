"""Keep the server's resident memory close to what it actually uses (glibc's heap).

Three things glibc does by default cost a long-running server tens of MB it never uses again
(measured on ``etiquette serve`` with every layer on; figures in the README, "The meaning layer"):

- Loading the sentence encoder and building Harper's dictionary free tens of MB of temporaries that
  glibc keeps in its heap: ``release_free_memory()`` (``malloc_trim(0)``) after each load returns them.
- Every thread that allocates gets its own malloc arena (up to 8 per core), and each arena keeps its
  own freed pages: ``limit_arenas()`` caps them at one before any thread starts (-12 MB after a burst).
- A burst of checks leaves ~20-40 MB of freed heap behind (glibc only gives back the top of a heap on
  its own): ``TrimWhenIdle`` gives it back once the server has been idle for a moment, not per request
  (the next check re-faults those pages: ~1 ms once, instead of on every check).

Elsewhere than glibc (musl, macOS, Windows) all of this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
import time

# glibc's <malloc.h>: mallopt(M_ARENA_MAX, n)
_M_ARENA_MAX = -8

_libc = None
if sys.platform.startswith("linux"):
    try:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        _libc.malloc_trim, _libc.mallopt  # noqa: B018  (both must exist: glibc, not musl)
    except (OSError, AttributeError):  # musl or no libc by that name: nothing to give back this way
        _libc = None

# One arena for the whole process: each further arena holds freed pages of its own (measured over
# HTTP right after 15 check pairs: 290 MB with two arenas, 278 with one; after the idle trim both 269).
# Two request threads rarely wait on its lock: glibc's per-thread tcache serves most small blocks, and
# the extension sends one check at a time per compose window.
ARENAS = 1
# Seconds without a request before the freed heap is given back: longer than the extension's debounce
# (250 ms), so a user who is typing is never slowed, shorter than anyone reading their warnings.
IDLE_SECONDS = 2.0


def release_free_memory() -> None:
    """Return the heap's free pages to the system (never raises)."""
    if _libc is not None:
        try:
            _libc.malloc_trim(0)
        except Exception:
            pass


def limit_arenas(count: int = ARENAS) -> bool:
    """Let glibc keep at most ``count`` malloc arenas; call before any thread starts. True when set
    (never raises)."""
    if _libc is None:
        return False
    try:
        return bool(_libc.mallopt(_M_ARENA_MAX, int(count)))
    except Exception:
        return False


class TrimWhenIdle:
    """WSGI middleware: once no request has started for ``idle`` seconds after some did, give the
    heap's free pages back (one daemon thread, asleep while nothing happens)."""

    def __init__(self, app, idle: float = IDLE_SECONDS):
        self.app = app
        self.idle = idle
        self.trims = 0  # how many times the heap was given back (tests read it)
        self._last = 0.0
        self._pending = threading.Event()
        self._thread = threading.Thread(target=self._run, name="etiquette-trim-when-idle", daemon=True)
        self._thread.start()

    def __call__(self, environ, start_response):
        self._last = time.monotonic()
        self._pending.set()
        return self.app(environ, start_response)

    def _run(self) -> None:
        while True:
            self._pending.wait()
            self._pending.clear()
            while (left := self._last + self.idle - time.monotonic()) > 0:
                time.sleep(left)
            release_free_memory()
            self.trims += 1
