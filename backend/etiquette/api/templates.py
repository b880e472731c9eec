"""GET /api/v1/templates and POST /api/v1/templates/<id>/render."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from .. import templates
from ..errors import ApiError, load, read_json
from ..schemas import RenderRequestSchema
from .check import merged_context

bp = Blueprint("templates", __name__, url_prefix="/api/v1/templates")
_render_schema = RenderRequestSchema()


@bp.get("")
def list_templates():
    """Templates.
    ---
    get:
      summary: The templates the panel can insert
      responses:
        200:
          description: id, kind, title and description of each template
          content:
            application/json:
              schema:
                type: array
                items: TemplateSchema
    """
    return jsonify(templates.catalogue(current_app.config["RULES_DIR"]))


@bp.post("/<template_id>/render")
def render(template_id: str):
    """Render a template.
    ---
    post:
      summary: Fill a template from the context (and the tracker); unknown fields stay as [placeholders]
      parameters:
        - in: path
          name: template_id
          required: true
          schema:
            type: string
      requestBody:
        content:
          application/json:
            schema: RenderRequestSchema
      responses:
        200:
          description: the rendered subject and text
          content:
            application/json:
              schema: RenderResponseSchema
        404:
          description: no such template
          content:
            application/json:
              schema: ErrorSchema
    """
    root = current_app.config["RULES_DIR"]
    if not templates.exists(template_id, root):
        raise ApiError(404, f"No template called '{template_id}'.")
    data = load(_render_schema, read_json())
    return jsonify(templates.render(template_id, merged_context(data), root))
