"""marshmallow schemas for the tracker's requests, responses and export file (they also feed OpenAPI).

Limits match :class:`etiquette.schemas.ContextSchema`, so whatever the tracker stores can always be
handed to the checker as context.
"""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from ..schemas import Moment, iso_date_or_time
from ..vocab import DEFAULT_STAGE, MAX_ID, MESSAGE_KINDS, STAGES

MAX_NOTES = 5000
MAX_NOTE = 2000
MAX_KEY = 200


def _utf8(value: str) -> None:
    """Reject lone surrogates ("\\ud800" is valid JSON): SQLite and our JSON output need real UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("Contains characters that are not valid Unicode text.") from None


def text(max_len: int, **kwargs):
    return fields.String(validate=[validate.Length(max=max_len), _utf8], **kwargs)


def _iso_date_or_time(value: str) -> None:
    iso_date_or_time(value)  # ISO 8601, years 1970-2100, like every date the API takes


class Strict(Schema):
    class Meta:
        unknown = RAISE
        ordered = True


class InterviewInSchema(Strict):
    """An interview as the client sends it (POST: company required; PATCH: any subset)."""

    company = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=200), _utf8],
        metadata={"description": "the employer"},
    )
    position = text(200, allow_none=True)
    interviewer = text(
        200, allow_none=True, metadata={"description": "the interviewer's name, as you greet them"}
    )
    interviewer_email = fields.Email(
        allow_none=True,
        validate=[validate.Length(max=320), _utf8],
        metadata={"description": "the address you write to; lookups ignore case"},
    )
    interview_at = Moment(
        allow_none=True, metadata={"description": "ISO 8601; no offset = the server's local time"}
    )
    decision_by = fields.String(
        allow_none=True,
        validate=[validate.Length(max=40), _iso_date_or_time],
        metadata={"description": "the date (or date-time) they said they would decide by"},
    )
    stage = fields.String(load_default=DEFAULT_STAGE, validate=validate.OneOf(STAGES))
    notes = text(MAX_NOTES, allow_none=True)


class InterviewSchema(Schema):
    """An interview as the API returns it."""

    class Meta:
        ordered = True

    id = fields.Integer(required=True)
    company = fields.String(required=True)
    position = fields.String(allow_none=True)
    interviewer = fields.String(allow_none=True)
    interviewer_email = fields.String(allow_none=True)
    interview_at = fields.String(allow_none=True, metadata={"description": "ISO 8601"})
    decision_by = fields.String(allow_none=True)
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    notes = fields.String(allow_none=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)


class MessageInSchema(Strict):
    """A message that was sent. ``sent_at`` defaults to now (the extension logs at the Send click)."""

    kind = fields.String(required=True, validate=validate.OneOf(MESSAGE_KINDS))
    sent_at = Moment(load_default=None, metadata={"description": "ISO 8601; default: now"})
    note = text(MAX_NOTE, allow_none=True)
    idempotency_key = fields.String(
        allow_none=True,
        validate=[validate.Length(min=1, max=MAX_KEY), _utf8],
        metadata={
            "description": "same as the Idempotency-Key header: a retried Send with the same key "
            "is logged once and answers 200 with the first message"
        },
    )


class MessageSchema(Schema):
    class Meta:
        ordered = True

    id = fields.Integer(required=True)
    interview_id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(MESSAGE_KINDS))
    sent_at = fields.String(required=True)
    note = fields.String(allow_none=True)
    idempotency_key = fields.String(allow_none=True)
    created_at = fields.String(required=True)


class InterviewListQuerySchema(Strict):
    email = fields.String(
        validate=validate.Length(max=320),
        metadata={"description": "only interviews with this interviewer address (any case)"},
    )


# --- export / import -------------------------------------------------------------------------------

EXPORT_FORMAT = "follow-up-etiquette"
EXPORT_VERSION = 1


class ExportMessageSchema(Strict):
    uid = fields.String(required=True, validate=[validate.Length(min=1, max=64), _utf8])
    id = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))
    kind = fields.String(required=True, validate=validate.OneOf(MESSAGE_KINDS))
    sent_at = Moment(required=True)
    note = text(MAX_NOTE, allow_none=True)
    idempotency_key = fields.String(allow_none=True, validate=[validate.Length(min=1, max=MAX_KEY), _utf8])
    created_at = Moment(allow_none=True)


class ExportInterviewSchema(InterviewInSchema):
    uid = fields.String(required=True, validate=[validate.Length(min=1, max=64), _utf8])
    id = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    created_at = Moment(allow_none=True)
    updated_at = Moment(allow_none=True)
    messages = fields.List(fields.Nested(ExportMessageSchema), load_default=list)


class ExportSchema(Strict):
    """The backup file: ``etiquette export`` writes it, ``etiquette import`` reads it."""

    format = fields.String(required=True, validate=validate.Equal(EXPORT_FORMAT))
    version = fields.Integer(required=True, strict=True, validate=validate.Equal(EXPORT_VERSION))
    exported_at = Moment(allow_none=True)
    interviews = fields.List(fields.Nested(ExportInterviewSchema), required=True)

    @validates_schema
    def _unique_uids(self, data, **kwargs):
        seen: set[str] = set()
        for item in data.get("interviews", []):
            for uid in [item["uid"], *(m["uid"] for m in item.get("messages", []))]:
                if uid in seen:
                    raise ValidationError(f"uid {uid!r} appears twice in the file.", "interviews")
                seen.add(uid)
