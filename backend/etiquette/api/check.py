"""POST /api/v1/check, GET /api/v1/health, GET /api/v1/rules."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from .. import engine
from ..errors import load, read_json
from ..schemas import CheckRequestSchema

bp = Blueprint("check", __name__, url_prefix="/api/v1")
_check_schema = CheckRequestSchema()


def merged_context(data: dict) -> dict:
    """The request's context over what the tracker stores for ``interview_id`` (the request wins)."""
    context = {k: v for k, v in (data.get("context") or {}).items() if v is not None}
    interview_id = data.get("interview_id")
    if interview_id is None:
        # The user's other applications come only from the tracker, and only for a draft matched to a
        # tracked interview (and from an extension, only the paired one): a check without one cannot
        # learn which of its guessed company names the user applied to. A list the client sends
        # itself tells it nothing it did not know.
        return context
    from ..security import require_paired
    from .database import stored_context

    require_paired()  # the tracker's facts only for the user's own, paired extension
    return {**stored_context(interview_id), **context}


@bp.post("/check")
def check():
    """Check a draft.
    ---
    post:
      summary: Check a thank-you or follow-up draft
      requestBody:
        required: true
        content:
          application/json:
            schema: CheckRequestSchema
      responses:
        200:
          description: warnings sorted by offset, a verdict and stats
          content:
            application/json:
              schema: CheckResponseSchema
    """
    data = load(_check_schema, read_json())
    result = engine.check(
        data["text"],
        kind=data["kind"],
        context=merged_context(data),
        now=data.get("now"),
        subject=data.get("subject"),
        dictionary=data["dictionary"],
        disabled=data["disabled"],
        dialect=data["dialect"],
        meaning=current_app.extensions.get("etiquette.meaning"),
        pack=current_app.extensions["etiquette.pack"],
    )
    return jsonify(result)


@bp.get("/health")
def health():
    """Liveness, and which parts work.
    ---
    get:
      summary: Is the backend up, which layers are on, can the tracker be used?
      responses:
        200:
          description: ok, the version, each layer's state and the tracker's; reasons for what is off
          content:
            application/json:
              schema: HealthSchema
    """
    from ..security import request_is_paired
    from .database import tracker_state

    layers, reasons = engine.layers()  # each layer's owner adds its own key
    reasons = dict(reasons)
    tracker, why = tracker_state()
    if why:
        reasons["tracker"] = why
    layers = dict(layers)
    meaning = current_app.extensions.get("etiquette.meaning")
    layers["meaning"], why = meaning.status() if meaning is not None else ("off", "switched off")
    if why:
        reasons["meaning"] = why
    return jsonify(
        {
            "status": "ok",
            "version": current_app.config["VERSION"],
            "paired": request_is_paired(),
            "layers": layers,
            "tracker": tracker,
            "reasons": reasons,
        }
    )


@bp.get("/rules")
def rules():
    """The rule catalogue.
    ---
    get:
      summary: Every rule with its category, severity and guideline, and the labels every surface shows
      responses:
        200:
          description: the catalogue and the display labels
          content:
            application/json:
              schema: RulesResponseSchema
    """
    pack = current_app.extensions["etiquette.pack"]
    return jsonify({"rules": engine.catalogue(pack), "labels": pack.labels, "aliases": pack.aliases})
