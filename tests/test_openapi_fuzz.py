"""Schemathesis over our own OpenAPI document: generated requests (valid and invalid) must never get a
500, and every answer must be one the document promises, in the shape it promises.

In-process (WSGI), bounded and derandomized, so a failure reproduces on every run.
"""

from __future__ import annotations

import os
import tempfile

import schemathesis
from etiquette.app import create_app
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

TOKEN = "fuzz-token-" + "f" * 32
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


def make_app(tmp_path_factory):
    return create_app({"DATABASE": str(tmp_path_factory.mktemp("fuzz") / "tracker.sqlite3"), "TOKEN": TOKEN})


def test_document_is_valid_openapi_3_and_covers_the_api(tmp_path_factory):
    app = make_app(tmp_path_factory)
    reply = app.test_client().get("/api/v1/openapi.json", headers=AUTH)
    assert reply.status_code == 200
    doc = reply.get_json()
    validate(doc)  # raises on anything that is not valid OpenAPI 3
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    # Every /api/ route of the app is documented, with the method it really accepts.
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
            assert path in doc["paths"], path
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert method.lower() in doc["paths"][path], (method, path)
    check = doc["paths"]["/api/v1/check"]["post"]
    assert {"400", "401", "403", "413", "415", "422", "200"} <= set(check["responses"])
    assert doc["paths"]["/api/v1/health"]["get"]["security"] == []


def test_document_without_a_token_requires_none(tmp_path_factory):
    app = create_app({"DATABASE": str(tmp_path_factory.mktemp("open") / "t.sqlite3"), "TOKEN": None})
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    validate(doc)
    assert all(op.get("security") == [] for ops in doc["paths"].values() for op in ops.values())
    assert "401" not in doc["paths"]["/api/v1/rules"]["get"]["responses"]
    # The tracker (and a check naming an interview) may still answer 401 not_paired to an extension.
    assert "401" in doc["paths"]["/api/v1/check"]["post"]["responses"]


# Built at import: schemathesis makes one test per operation from the loaded document. (Its lazy
# from_fixture mode does not work with the pytest 9 this project uses.)
_DATA = tempfile.TemporaryDirectory(prefix="etiquette-fuzz-")
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    create_app({"DATABASE": os.path.join(_DATA.name, "tracker.sqlite3"), "TOKEN": TOKEN}),
    headers=AUTH,
)


@schema.parametrize()
@settings(
    max_examples=60, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
def test_api_conforms_to_its_document(case):
    case.call_and_validate(headers=AUTH, checks=CHECKS)
