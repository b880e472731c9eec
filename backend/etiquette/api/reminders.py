"""Add to calendar: the next step as an .ics event (GET /api/v1/interviews/<id>/reminder.ics, POST /api/v1/reminder)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from ..errors import ApiError, load, read_json
from ..reminders import NoReminder, reminder_for
from ..schemas import ReminderQuerySchema, ReminderRequestSchema
from .check import merged_context

bp = Blueprint("reminders", __name__, url_prefix="/api/v1")
_request_schema = ReminderRequestSchema()
_query_schema = ReminderQuerySchema()


def _ics(context: dict, now, interview_id=None) -> Response:
    try:
        body, name = reminder_for(context, now, interview_id, pack=current_app.extensions["etiquette.pack"])
    except NoReminder as exc:
        raise ApiError(422, str(exc), code="no_next_step") from None
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/interviews/<int:interview_id>/reminder.ics")
def interview_reminder(interview_id: int):
    """The next step of a tracked interview as a calendar event.
    ---
    get:
      summary: The next step of a tracked interview as an iCalendar (.ics) event
      parameters:
        - in: query
          name: now
          required: false
          schema:
            type: string
            format: date-time
      responses:
        200:
          description: one VEVENT on the next step's day, 09:00 in the interview's time zone, written in UTC
          content:
            text/calendar:
              schema:
                type: string
    """
    from .database import stored_context

    query = load(_query_schema, request.args.to_dict())
    return _ics(stored_context(interview_id), query.get("now"), interview_id)


@bp.post("/reminder")
def reminder():
    """The next step for a context (and optionally a tracked interview) as a calendar event.
    ---
    post:
      summary: The next step for this context as an iCalendar (.ics) event
      requestBody:
        required: true
        content:
          application/json:
            schema: ReminderRequestSchema
      responses:
        200:
          description: one VEVENT on the next step's day
          content:
            text/calendar:
              schema:
                type: string
    """
    data = load(_request_schema, read_json())
    return _ics(merged_context(data), data.get("now"), data.get("interview_id"))
