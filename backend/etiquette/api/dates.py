"""POST /api/v1/extract-dates: the dates an employer gave in the message the candidate is replying to."""

from __future__ import annotations

from flask import Blueprint, jsonify

from .. import thread_dates
from ..errors import load, read_json
from ..schemas import ExtractDatesRequestSchema

bp = Blueprint("dates", __name__, url_prefix="/api/v1")
_schema = ExtractDatesRequestSchema()


@bp.post("/extract-dates")
def extract_dates():
    """Dates from a quoted employer message.
    ---
    post:
      summary: The decision date and interview time the employer's own message gives, for the panel to propose
      requestBody:
        required: true
        content:
          application/json:
            schema: ExtractDatesRequestSchema
      responses:
        200:
          description: decision_by and interview_at (null when the message gives none) and the words that say so
          content:
            application/json:
              schema: ExtractDatesResponseSchema
    """
    data = load(_schema, read_json())
    return jsonify(thread_dates.extract_dates(data["text"], data.get("sent_at")))
