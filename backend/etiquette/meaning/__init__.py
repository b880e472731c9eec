"""The meaning layer: a local sentence encoder and small trained heads, declared as ``meaning`` rules.

The rules layer never waits on it and never breaks because of it: without verified model files the
layer is off, says why and how to turn it on (``etiquette model fetch``), and checks are rules-only.
"""

from .layer import (
    MeaningLayer,
    default_layer,
)
from .model import (
    FETCH_COMMAND,  # noqa: F401
    ModelError,  # noqa: F401
)


def init_app(app) -> None:
    """The app's meaning layer in ``app.extensions``; a server loads it in the background.

    ``MODEL_DIR`` and ``MEANING`` come from the app factory (etiquette.app.create_app).
    """
    model_dir = app.config["MODEL_DIR"]
    layer = default_layer(model_dir) if app.config["MEANING"] else MeaningLayer(model_dir, enabled=False)
    app.extensions["etiquette.meaning"] = layer
    layer.start()
