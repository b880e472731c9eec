"""The tracker API: /api/v1/interviews and their messages."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..errors import ApiError, load, read_json
from ..tracker import service as tracker
from ..tracker.schemas import InterviewInSchema, InterviewListQuerySchema, MessageInSchema
from .database import get_db

bp = Blueprint("interviews", __name__, url_prefix="/api/v1/interviews")
_create_schema = InterviewInSchema()
_patch_schema = InterviewInSchema(partial=True)
_message_schema = MessageInSchema()
_query_schema = InterviewListQuerySchema()

IDEMPOTENCY_HEADER = "Idempotency-Key"


@bp.post("")
def create_interview():
    """Track an interview.
    ---
    post:
      summary: Track an interview
      requestBody:
        required: true
        content:
          application/json:
            schema: InterviewInSchema
      responses:
        201:
          description: the stored interview, with its id
          content:
            application/json:
              schema: InterviewSchema
        422:
          description: a field does not fit
          content:
            application/json:
              schema: ErrorSchema
    """
    data = load(_create_schema, read_json())
    interview = tracker.create_interview(get_db(), data)
    response = jsonify(interview)
    response.status_code = 201
    response.headers["Location"] = f"{bp.url_prefix}/{interview['id']}"
    return response


@bp.get("")
def list_interviews():
    """List tracked interviews.
    ---
    get:
      summary: Every tracked interview, or those with one interviewer address
      parameters:
        - in: query
          name: email
          required: false
          description: interviewer address to match (case-insensitive); "Name <addr>" is accepted
          schema:
            type: string
      responses:
        200:
          description: interviews, oldest first
          content:
            application/json:
              schema:
                type: array
                items: InterviewSchema
    """
    query = load(_query_schema, request.args.to_dict())
    email = query.get("email")
    if email is not None and "<" in email and email.rstrip().endswith(">"):
        # What a To chip often copies: "Siobhan O'Donnell <siobhan@acme.example>".
        email = email[email.rindex("<") + 1 :].rstrip()[:-1]
    return jsonify(tracker.list_interviews(get_db(), email))


@bp.get("/<int:interview_id>")
def get_interview(interview_id: int):
    """One interview.
    ---
    get:
      summary: One tracked interview
      responses:
        200:
          description: the interview
          content:
            application/json:
              schema: InterviewSchema
        404:
          description: no such interview
          content:
            application/json:
              schema: ErrorSchema
    """
    return jsonify(tracker.get_interview(get_db(), interview_id))


@bp.patch("/<int:interview_id>")
def patch_interview(interview_id: int):
    """Change some fields of an interview.
    ---
    patch:
      summary: Change some fields of an interview (the others stay as they are)
      requestBody:
        required: true
        content:
          application/json:
            schema: InterviewInSchema
      responses:
        200:
          description: the interview after the change
          content:
            application/json:
              schema: InterviewSchema
        404:
          description: no such interview
          content:
            application/json:
              schema: ErrorSchema
        422:
          description: a field does not fit
          content:
            application/json:
              schema: ErrorSchema
    """
    raw = read_json()
    data = load(_patch_schema, raw)
    # partial=True skips load_default, but be explicit: a PATCH never resets what it does not name.
    if isinstance(raw, dict) and "stage" not in raw:
        data.pop("stage", None)
    if "company" in data and data["company"] is None:
        raise ApiError(
            422,
            "The request does not fit the API: see 'fields'.",
            fields={"company": ["Field may not be null."]},
        )
    return jsonify(tracker.update_interview(get_db(), interview_id, data))


@bp.delete("/<int:interview_id>")
def delete_interview(interview_id: int):
    """Forget an interview and its messages.
    ---
    delete:
      summary: Forget an interview and every message logged for it
      responses:
        204:
          description: deleted
        404:
          description: no such interview
          content:
            application/json:
              schema: ErrorSchema
    """
    tracker.delete_interview(get_db(), interview_id)
    return "", 204


@bp.post("/<int:interview_id>/messages")
def add_message(interview_id: int):
    """Log a sent message.
    ---
    post:
      summary: Log a message the user sent for this interview
      description: >
        Send an Idempotency-Key header (or the idempotency_key field) with each Send; a retry with
        the same key is logged once and answers 200 with the first message instead of 201.
      parameters:
        - in: header
          name: Idempotency-Key
          required: false
          schema:
            type: string
            maxLength: 200
      requestBody:
        required: true
        content:
          application/json:
            schema: MessageInSchema
      responses:
        201:
          description: logged; the body is the message with its id
          content:
            application/json:
              schema: MessageSchema
        200:
          description: already logged under this idempotency key; the first message
          content:
            application/json:
              schema: MessageSchema
        404:
          description: no such interview
          content:
            application/json:
              schema: ErrorSchema
        409:
          description: the idempotency key belongs to a different message
          content:
            application/json:
              schema: ErrorSchema
        422:
          description: a field does not fit
          content:
            application/json:
              schema: ErrorSchema
    """
    data = load(_message_schema, read_json())
    key = _idempotency_key(data.get("idempotency_key"))
    message, created = tracker.add_message(get_db(), interview_id, data, key)
    response = jsonify(message)
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"{bp.url_prefix}/{interview_id}/messages"
    return response


@bp.get("/<int:interview_id>/messages")
def list_messages(interview_id: int):
    """Messages logged for an interview.
    ---
    get:
      summary: Messages logged for an interview, oldest sent first
      responses:
        200:
          description: the messages
          content:
            application/json:
              schema:
                type: array
                items: MessageSchema
        404:
          description: no such interview
          content:
            application/json:
              schema: ErrorSchema
    """
    return jsonify(tracker.list_messages(get_db(), interview_id))


def _idempotency_key(from_body: str | None) -> str | None:
    header = request.headers.get(IDEMPOTENCY_HEADER)
    if header is not None:
        header = header.strip()
        if not header or len(header) > 200:
            raise ApiError(
                422,
                "The Idempotency-Key header must be 1 to 200 characters.",
                fields={IDEMPOTENCY_HEADER: ["Length must be between 1 and 200."]},
            )
    if header is not None and from_body is not None and header != from_body:
        raise ApiError(
            422,
            "The Idempotency-Key header and the idempotency_key field disagree.",
            fields={"idempotency_key": ["Differs from the Idempotency-Key header."]},
        )
    return header if header is not None else from_body
