"""marshmallow schemas for every request and response of API v1 (they also feed the OpenAPI document)."""

from __future__ import annotations

from typing import ClassVar

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from .date_window import FIRST_YEAR, LAST_YEAR, RANGE_MESSAGE, in_range, range_problem
from .vocab import (
    CATEGORIES,
    DEFAULT_DIALECT,
    DIALECTS,
    KINDS,
    MAX_ID,
    MAX_TEXT,
    MESSAGE_KINDS,
    SEVERITIES,
    STAGES,
    VERDICTS,
)


class Strict(Schema):
    class Meta:
        unknown = RAISE


def _short(max_len: int = 200):
    return validate.Length(max=max_len)


class Moment(fields.DateTime):
    """An ISO 8601 date-time in the years the checker works with (1970-2100); outside them, a 422."""

    default_error_messages: ClassVar[dict] = {"range": RANGE_MESSAGE}

    def __init__(self, **kwargs):
        metadata = dict(kwargs.pop("metadata", None) or {})
        metadata.setdefault("description", "ISO 8601")
        metadata["description"] += f" (years {FIRST_YEAR}-{LAST_YEAR})"
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if not in_range(moment):
            raise self.make_error("range")
        return moment


def iso_date_or_time(value) -> None:
    """Validator for a date-or-time string field (``decision_by``): ISO 8601, years 1970-2100."""
    if not isinstance(value, str):
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("Contains characters that are not valid Unicode text.") from None
    problem = range_problem(value)
    if problem:
        raise ValidationError(problem)


class ContextSchema(Strict):
    """What the checker knows about the interview; every field optional."""

    interview_at = Moment(
        allow_none=True, metadata={"description": "ISO 8601; no offset = server local time"}
    )
    decision_by = fields.String(
        allow_none=True,
        validate=[_short(40), iso_date_or_time],
        metadata={"description": "date (or datetime) the employer said they would decide by"},
    )
    previous_follow_ups = fields.List(
        Moment(),
        validate=validate.Length(max=100),
        metadata={"description": "when earlier follow-ups were sent"},
    )
    last_message_at = Moment(
        allow_none=True, metadata={"description": "when the last message of any kind was sent"}
    )
    thank_you_sent = fields.Boolean(allow_none=True, metadata={"description": "a thank-you was already sent"})
    stage = fields.String(allow_none=True, validate=validate.OneOf(STAGES))
    company = fields.String(allow_none=True, validate=_short())
    position = fields.String(allow_none=True, validate=_short())
    interviewer = fields.String(allow_none=True, validate=_short())
    interviewer_email = fields.String(allow_none=True, validate=_short(320))
    candidate = fields.String(allow_none=True, validate=_short())
    topic = fields.String(allow_none=True, validate=_short(300))
    other_companies = fields.List(
        fields.String(validate=_short()),
        validate=validate.Length(max=200),
        metadata={"description": "companies of the user's other applications"},
    )


class CheckRequestSchema(Strict):
    text = fields.String(required=True, validate=validate.Length(max=MAX_TEXT))
    subject = fields.String(allow_none=True, validate=_short(998))
    kind = fields.String(load_default="auto", validate=validate.OneOf(KINDS))
    interview_id = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))
    context = fields.Nested(ContextSchema, load_default=dict)
    dictionary = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        load_default=list,
        validate=validate.Length(max=5000),
    )
    disabled = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        load_default=list,
        validate=validate.Length(max=500),
        metadata={"description": "rule ids or category names to switch off"},
    )
    now = Moment(allow_none=True)
    dialect = fields.String(
        load_default=DEFAULT_DIALECT,
        validate=validate.OneOf(DIALECTS),
        metadata={"description": "the English the grammar check expects (British by default)"},
    )


class WarningSchema(Schema):
    rule = fields.String(required=True)
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    message = fields.String(required=True)
    guideline = fields.String(required=True)
    offset = fields.Integer(required=True)
    length = fields.Integer(required=True)
    excerpt = fields.String(required=True)
    suggestions = fields.List(fields.String(), required=True)
    fix = fields.String(
        validate=validate.OneOf(("remove_sentence",)),
        metadata={"description": 'remove_sentence: the only suggestion, "", removes the sentence'},
    )
    dictionary = fields.Boolean(
        metadata={"description": "true: adding the flagged word to the request's dictionary silences this"}
    )
    blank = fields.Boolean(
        metadata={
            "description": "true: a template's blank left unfilled ('[Company]'), to fill in before sending"
        }
    )


class StatsSchema(Schema):
    words = fields.Integer(required=True)
    sentences = fields.Integer(required=True)
    questions = fields.Integer(required=True)


class NextStepSchema(Schema):
    action = fields.String(required=True)
    date = fields.String(allow_none=True)
    message = fields.String(required=True)
    reason = fields.String(required=True)


class CheckResponseSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(MESSAGE_KINDS))
    verdict = fields.String(
        required=True,
        validate=validate.OneOf(VERDICTS),
        metadata={
            "description": "fix: an error; review: warnings; ready: nothing above a suggestion; empty: nothing "
            "to check (the text is blank, or only a quoted message or a signature) - no warnings"
        },
    )
    warnings = fields.List(fields.Nested(WarningSchema), required=True)
    stats = fields.Nested(StatsSchema, required=True)
    next_step = fields.Nested(NextStepSchema, allow_none=True)


class RenderRequestSchema(Strict):
    context = fields.Nested(ContextSchema, load_default=dict)
    interview_id = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))


class ReminderRequestSchema(Strict):
    """POST /api/v1/reminder: whose next step, as of when."""

    context = fields.Nested(ContextSchema, load_default=dict)
    interview_id = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))
    now = Moment(allow_none=True)


class ReminderQuerySchema(Strict):
    now = Moment(allow_none=True, metadata={"description": "default: the server clock"})


class RenderResponseSchema(Schema):
    subject = fields.String(required=True)
    text = fields.String(required=True)
    placeholders = fields.List(fields.String(), required=True)


class TemplateSchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)


class RuleSchema(Schema):
    id = fields.String(required=True)
    category = fields.String(required=True)
    severity = fields.String(required=True)
    guideline = fields.String(required=True)
    description = fields.String(required=True)


class CategoryLabelSchema(Schema):
    label = fields.String(required=True)
    guideline = fields.String(required=True)
    severity = fields.String(required=True)
    colour = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "{light, dark}: the colour on a light and on a dark background"},
    )


class KindSwitchSchema(Schema):
    label = fields.String(required=True)
    to = fields.String(required=True)


class LabelsSchema(Schema):
    categories = fields.Dict(keys=fields.String(), values=fields.Nested(CategoryLabelSchema), required=True)
    verdicts = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    groups = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "the heading of each severity's group of warnings"},
    )
    kinds = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    kind_switch = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(KindSwitchSchema),
        required=True,
        metadata={
            "description": "per detected kind: the one-click correction (Not a thank-you?) and the kind it checks as"
        },
    )


class RulesResponseSchema(Schema):
    rules = fields.List(fields.Nested(RuleSchema), required=True)
    labels = fields.Nested(
        LabelsSchema,
        required=True,
        metadata={
            "description": "the display names every surface uses (shared-rules/categories.yml, labels.yml)"
        },
    )
    aliases = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "a rule's old id -> its id now; `disabled` accepts either"},
    )


class HealthSchema(Schema):
    status = fields.String(required=True)
    version = fields.String(required=True)
    paired = fields.Boolean(metadata={"description": "whether this request's bearer token is paired"})
    layers = fields.Dict(
        keys=fields.String(),
        values=fields.String(validate=validate.OneOf(("on", "off"))),
        metadata={"description": "each layer of the check: rules, grammar, meaning"},
    )
    tracker = fields.String(
        validate=validate.OneOf(("ok", "unavailable")),
        metadata={"description": "can the interview tracker's database be used now"},
    )
    reasons = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={
            "description": "why a layer is off or the tracker unavailable "
            "(keyed like layers, plus 'tracker'); never a file path"
        },
    )


class PairRequestSchema(Strict):
    code = fields.String(
        required=True,
        validate=validate.Length(min=1, max=32),
        metadata={"description": "the code `etiquette serve` or `etiquette pair` printed, NNNN-NNNN"},
    )


class PairResponseSchema(Schema):
    token = fields.String(required=True, metadata={"description": "send as 'Authorization: Bearer <token>'"})


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict()


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class ExtractDatesRequestSchema(Strict):
    """POST /api/v1/extract-dates: the employer's quoted message and when they sent it."""

    text = fields.String(
        required=True,
        validate=validate.Length(max=MAX_TEXT),
        metadata={"description": "the quoted employer message, its 'On ... wrote:' / 'Sent:' line included"},
    )
    sent_at = Moment(
        allow_none=True,
        metadata={"description": "when they sent it; default: read from the quote's header line"},
    )


class DateEvidenceSchema(Schema):
    field = fields.String(required=True, validate=validate.OneOf(("decision_by", "interview_at")))
    offset = fields.Integer(required=True, metadata={"description": "code points into text"})
    length = fields.Integer(required=True)
    excerpt = fields.String(required=True)


class ExtractDatesResponseSchema(Schema):
    decision_by = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "the date (or date-time) they said they would decide by"},
    )
    interview_at = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "the interview time they gave (ISO 8601; no offset = local time)"},
    )
    evidence = fields.List(fields.Nested(DateEvidenceSchema), required=True)
    sent_at = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "the day relative words were read from (sent_at or the header line)"},
    )
