"""GET / — the playground: a page of ours where a draft is pasted and checked against the same API."""

from __future__ import annotations

from flask import Blueprint, current_app

bp = Blueprint("playground", __name__)


@bp.get("/")
def index():
    # Served from the package's static folder so the page, its script and its stylesheet ship together
    # and a strict CSP (script-src 'self') holds: the page carries no inline script or style.
    response = current_app.send_static_file("playground.html")
    response.headers["Cache-Control"] = "no-cache"
    return response
