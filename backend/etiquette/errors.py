"""JSON errors for every failure: ``{"error": {"code", "message", "fields"}}``, never HTML, never a trace.

The one place the API maps failures to statuses: its own :class:`ApiError`, Werkzeug's HTTP errors,
the tracker's domain errors (no such interview 404, a conflicting idempotency key 409, a database
that cannot be used 503) and anything unexpected (500, logged).
"""

from __future__ import annotations

import logging
import sqlite3

from flask import current_app, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

# Stable machine-readable codes per HTTP status; clients branch on these, not on messages.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation",
    500: "internal",
    503: "unavailable",
}


class ApiError(Exception):
    """An error that maps straight onto a JSON response."""

    def __init__(self, status: int, message: str, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.fields = fields


def error_response(status: int, message: str, code: str | None = None, fields: dict | None = None):
    body = {"error": {"code": code or CODES.get(status, "error"), "message": message}}
    if fields:
        body["error"]["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    return response


def read_json() -> object:
    """The request body as JSON, or an ApiError: 415 when it is not JSON, 400 when it does not parse."""
    if not request.is_json:
        raise ApiError(415, "Send the body as JSON with 'Content-Type: application/json'.")
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # json.loads on "[[[[..." 256 KiB deep; silent=True only covers ValueError
        raise ApiError(400, "The body is nested too deeply.", code="malformed_json") from None
    if data is None:
        raw = request.get_data(cache=True)
        if raw.strip() != b"null":
            raise ApiError(400, "The body is not valid JSON.", code="malformed_json")
    return data


def load(schema, data):
    """Validate ``data`` with a marshmallow schema; 422 with per-field messages when it does not fit."""
    try:
        return schema.load(data if data is not None else {})
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        raise ApiError(422, "The request does not fit the API: see 'fields'.", fields=messages) from None


def _too_large(limit: int | None) -> str:
    # The limit is the app's (MAX_CONTENT_LENGTH, vocab.MAX_BODY by default), said as security.py says it.
    return (
        "The body is too large." if limit is None else f"The body is too large (limit {limit // 1024} KiB)."
    )


def init_app(app):
    from .tracker.db import StoreUnavailable, describe, public_message
    from .tracker.service import Conflict, NotFound

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return error_response(exc.status, exc.message, exc.code, exc.fields)

    @app.errorhandler(NotFound)
    def _not_found(exc: NotFound):
        return error_response(404, exc.message)

    @app.errorhandler(Conflict)
    def _conflict(exc: Conflict):
        return error_response(409, exc.message)

    @app.errorhandler(StoreUnavailable)
    def _unavailable(exc: StoreUnavailable):
        # The terminal gets the file's name; the client only the path-free reason (issue 11).
        log.error("%s", exc.message)
        response = error_response(503, public_message(exc), exc.code)
        if exc.retry:
            response.headers["Retry-After"] = "1"
        return response

    @app.errorhandler(sqlite3.Error)
    def _sqlite_error(exc: sqlite3.Error):
        # Damage found mid-query (not at open) lands here: still a clear 503, never a 500 or a reset.
        return _unavailable(describe(exc, current_app.config["DATABASE"]))

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        message = {
            400: "Bad request.",
            404: "No such endpoint.",
            405: "Method not allowed here.",
            413: _too_large(current_app.config["MAX_CONTENT_LENGTH"]),
            415: "Send the body as JSON with 'Content-Type: application/json'.",
        }.get(status, exc.description or exc.name)
        response = error_response(status, message)
        if status == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # Logged for the user's terminal; the client gets no trace.
        log.exception("unexpected error")
        return error_response(500, "Something went wrong inside the checker; the draft is unchanged.")
