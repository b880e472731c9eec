"""POST /api/v1/pair: trade the pairing code the user was shown for this install's token."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from .. import pairing
from ..errors import ApiError, load, read_json
from ..schemas import PairRequestSchema

bp = Blueprint("pair", __name__, url_prefix="/api/v1")
_pair_schema = PairRequestSchema()


@bp.post("/pair")
def pair():
    """Pair an extension.
    ---
    post:
      summary: Trade the pairing code (printed by `etiquette serve` or `etiquette pair`) for a token
      description: >
        The code is valid for 10 minutes, once; five wrong codes use it up. Send the token as
        'Authorization: Bearer <token>' from then on: the tracker answers an extension only with it.
      requestBody:
        required: true
        content:
          application/json:
            schema: PairRequestSchema
      responses:
        200:
          description: paired; keep the token
          content:
            application/json:
              schema: PairResponseSchema
        403:
          description: wrong, used or expired code (code bad_pairing_code)
          content:
            application/json:
              schema: ErrorSchema
    """
    data = load(_pair_schema, read_json())
    try:
        token = pairing.redeem(current_app.config["DATA_DIR"], data["code"])
    except OSError:
        current_app.logger.exception("pairing: the data directory cannot be written")
        raise ApiError(
            503,
            "The backend cannot save the pairing (its data folder is not writable).",
            code="pairing_unavailable",
        ) from None
    if token is None:
        raise ApiError(
            403,
            "That pairing code is wrong, used or expired. Run `etiquette pair` for a "
            "new one and enter it within 10 minutes.",
            code="bad_pairing_code",
        )
    return jsonify({"token": token})
