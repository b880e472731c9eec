"""One meaning layer per model directory: loads the encoder once (in the background for a server),
reports honestly whether it is on, and embeds the sentences of a draft for the ``meaning`` rules."""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

from .model import FETCH_COMMAND, ModelError, default_model_dir

log = logging.getLogger("etiquette.meaning")


class MeaningLayer:
    """``status()`` is ``("on", None)`` or ``("off", reason)``; ``encoder()`` is the Encoder or None."""

    def __init__(self, model_dir: Path | str, *, enabled: bool = True):
        self.model_dir = Path(model_dir)
        self.enabled = enabled
        self._encoder = None
        self._reason = None if enabled else "switched off in the configuration"
        self._tried = not enabled
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Load in a background thread (server start-up stays fast; health says "off" until loaded)."""
        if self._tried or self._thread is not None:
            return
        self._thread = threading.Thread(target=self.encoder, name="etiquette-meaning-load", daemon=True)
        self._thread.start()

    def encoder(self):
        """The loaded Encoder, loading it now if nobody has tried yet; None when the layer is off."""
        if self._tried:
            return self._encoder
        with self._lock:
            if not self._tried:
                try:
                    from .encoder import Encoder

                    self._encoder = Encoder(self.model_dir)
                except ModelError as exc:
                    self._reason = (
                        f"the sentence model is not installed or not the pinned one ({exc}); "
                        f"run `{FETCH_COMMAND}` to enable it"
                    )
                except ImportError as exc:
                    self._reason = (
                        f"a library the sentence model needs is missing ({exc.name}); "
                        "reinstall follow-up-etiquette"
                    )
                except (OSError, ValueError, RuntimeError, KeyError) as exc:
                    # A truncated or unreadable safetensors/tokenizer file: off, never a 500.
                    self._reason = (
                        f"the sentence model could not be read ({type(exc).__name__}); "
                        f"run `{FETCH_COMMAND}` to fetch it again"
                    )
                if self._encoder is not None:
                    from ..memory import release_free_memory

                    release_free_memory()  # the load's temporaries (-18 MB resident)
                if self._reason:
                    log.info("meaning layer off: %s", self._reason)  # /api/v1/health says so too
                self._tried = True
        return self._encoder

    def status(self) -> tuple[str, str | None]:
        """("on", None) once loaded; ("off", reason) otherwise, including while still loading."""
        if not self._tried:
            return "off", "the sentence model is still loading"
        if self._encoder is None:
            return "off", self._reason
        return "on", None


_default: dict[str, MeaningLayer] = {}
# What the user's data directory depends on: asked per check, so resolved once per value (platformdirs
# and pathlib cost ~0.35 ms a check otherwise).
_KEY_ENV = ("ETIQUETTE_DATA_DIR", "XDG_DATA_HOME", "HOME")


@lru_cache(maxsize=8)
def _default_key(*_env) -> str:
    return str(default_model_dir())


_default_lock = threading.Lock()


def default_layer(model_dir: Path | str | None = None) -> MeaningLayer:
    """The process's layer for ``model_dir`` (the user's data directory by default), made once."""
    key = str(Path(model_dir)) if model_dir else _default_key(*(os.environ.get(v) for v in _KEY_ENV))
    with _default_lock:
        layer = _default.get(key)
        if layer is None:
            layer = _default[key] = MeaningLayer(key)
        return layer
