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
    """The app's meaning layer in ``app.extensions``; a server loads it in the background."""
    from .model import default_model_dir

    # The user's data directory (ETIQUETTE_DATA_DIR moves it), not the folder of a --db file: the
    # model is fetched once per user, whichever tracker database a server uses.
    model_dir = app.config.get("MODEL_DIR") or default_model_dir()
    layer = (
        default_layer(model_dir)
        if app.config.get("MEANING", True)
        else MeaningLayer(model_dir, enabled=False)
    )
    app.extensions["etiquette.meaning"] = layer
    layer.start()
