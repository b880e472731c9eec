"""Give freed heap memory back to the system after a big load.

Loading the sentence encoder (safetensors copies, transposed and concatenated matrices) and building
Harper's first linter free tens of MB of temporaries; glibc keeps those pages in its heap, so the
server's resident memory stays high although nothing uses them. ``malloc_trim(0)`` returns them
(measured: -18 MB after the encoder, -25 MB after Harper's warm-up). Elsewhere than glibc it does
nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_trim = None
if sys.platform.startswith("linux"):
    try:
        _trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # musl or no libc by that name: nothing to give back this way
        _trim = None


def release_free_memory() -> None:
    """Return the heap's free pages to the system (never raises)."""
    if _trim is not None:
        try:
            _trim(0)
        except Exception:
            pass
