"""The OpenAPI 3 document of API v1, built from the views' docstrings and the marshmallow schemas.

Each view documents its own success responses (YAML after ``---`` in its docstring). The errors are
documented here, once, because the guards in ``security.py`` and the handlers in ``errors.py`` answer
them for every route alike; an operation only lists the errors it can really meet.
Served at ``GET /api/v1/openapi.json`` and read by the schemathesis run in the tests.
"""

from __future__ import annotations

import re

from apispec import APISpec, BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin
from flask import Blueprint, current_app, jsonify
from marshmallow import class_registry
from marshmallow.exceptions import RegistryError

from .vocab import MAX_ID

OPENAPI_VERSION = "3.0.3"
SPEC_PATH = "/api/v1/openapi.json"
BODY_METHODS = ("post", "put", "patch", "delete")
UNAUTHENTICATED = frozenset({"/api/v1/health", "/api/v1/pair"})

# status -> (component name, description); the body is always schemas.ErrorSchema.
ERRORS = {
    400: ("BadRequest", "malformed JSON, or a Host other than 127.0.0.1/localhost (code untrusted_host)"),
    401: (
        "Unauthorized",
        "the server runs with a token and the request did not carry it (code unauthorized), "
        "or an extension that is not paired asked for the tracker (code not_paired)",
    ),
    403: (
        "Forbidden",
        "the request came from a web page's origin (code forbidden_origin), or a wrong "
        "pairing code (code bad_pairing_code)",
    ),
    404: ("NotFound", "no such object"),
    413: ("TooLarge", "the body is larger than 256 KiB (code too_large)"),
    415: ("UnsupportedMediaType", "the body is not application/json (code unsupported_media_type)"),
    422: ("Unprocessable", "the JSON does not fit the schema; 'fields' says where (code validation)"),
}

bp = Blueprint("openapi", __name__)


def _refers_to_stored_object(operation: dict) -> bool:
    """A body that names a tracked interview (``interview_id``) gets 404 when there is no such interview."""
    for media in operation.get("requestBody", {}).get("content", {}).values():
        schema = media.get("schema")
        if isinstance(schema, str):
            try:
                schema = class_registry.get_class(schema)
            except RegistryError:
                continue
        if isinstance(schema, type) and "interview_id" in getattr(schema, "_declared_fields", {}):
            return True
    return False


class _ErrorResponses(BasePlugin):
    """Adds the error responses, path parameters and security each operation is really subject to."""

    def __init__(self, token_required: bool):
        self.token_required = token_required

    def operation_helper(self, path=None, operations=None, **kwargs):
        path_params = re.findall(r"{(\w+)}", path or "")
        rule = kwargs.get("rule")
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            statuses = [400, 403]
            tracker = (path or "").startswith("/api/v1/interviews") or _refers_to_stored_object(operation)
            if (self.token_required and path not in UNAUTHENTICATED) or tracker:
                statuses.append(401)  # the tracker asked from an extension that is not paired
            if path_params or _refers_to_stored_object(operation):
                statuses.append(404)
            if method in BODY_METHODS:
                statuses += [413, 415]
            if "requestBody" in operation or any(
                p.get("in") == "query" for p in operation.get("parameters", [])
            ):
                statuses.append(422)
            for status in statuses:
                if status not in responses and str(status) not in responses:
                    responses[status] = ERRORS[status][0]
            declared = {p.get("name") for p in operation.get("parameters", []) if p.get("in") == "path"}
            for name in path_params:
                if name not in declared:
                    converter = rule._converters.get(name) if rule is not None else None
                    kind = "integer" if type(converter).__name__ == "IntegerConverter" else "string"
                    operation.setdefault("parameters", []).append(
                        {"in": "path", "name": name, "required": True, "schema": {"type": kind}}
                    )
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema") or {}
                if parameter.get("in") == "path" and schema.get("type") == "integer":
                    # Ids are JavaScript-safe integers (schemas.MAX_ID); beyond, the answer is 404.
                    schema.setdefault("minimum", 1)
                    schema.setdefault("maximum", MAX_ID)
            if path in UNAUTHENTICATED or not self.token_required:
                operation["security"] = []


def build_spec(app) -> dict:
    """The document for ``app`` as it is configured (the token decides whether bearer auth is required)."""
    token_required = bool(app.config.get("TOKEN"))
    spec = APISpec(
        title="Follow-up Etiquette local API",
        version=str(app.config.get("VERSION", "0")),
        openapi_version=OPENAPI_VERSION,
        plugins=[FlaskPlugin(), _ErrorResponses(token_required), MarshmallowPlugin()],
        security=[{"bearerAuth": []}],
        info={
            "description": "Checks post-interview thank-you and follow-up emails on 127.0.0.1. "
            'Every error is JSON: {"error": {"code", "message", "fields"}}.'
        },
    )
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for _status, (name, description) in ERRORS.items():
        spec.components.response(
            name,
            {
                "description": description,
                "content": {"application/json": {"schema": "ErrorSchema"}},
            },
        )
    seen = set()
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            view = app.view_functions.get(rule.endpoint)
            if not rule.rule.startswith("/api/") or view is None or view in seen:
                continue
            if "---" not in (view.__doc__ or ""):
                continue
            seen.add(view)
            spec.path(view=view, app=app, rule=rule)
    return spec.to_dict()


@bp.get(SPEC_PATH)
def openapi_json():
    """This document.
    ---
    get:
      summary: The OpenAPI 3 description of this API
      responses:
        200:
          description: the OpenAPI document
          content:
            application/json:
              schema:
                type: object
    """
    cache = current_app.extensions.setdefault("etiquette_openapi", {})
    if "spec" not in cache:
        cache["spec"] = build_spec(current_app)
    return jsonify(cache["spec"])


def init_app(app) -> None:
    app.register_blueprint(bp)
