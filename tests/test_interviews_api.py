"""The tracker API as a client meets it: /api/v1/interviews and /api/v1/interviews/<id>/messages."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

API = "/api/v1/interviews"


@pytest.fixture()
def db_path(tmp_path):
    return tmp_path / "tracker.sqlite3"


@pytest.fixture()
def client(db_path, make_app):
    client = make_app(DATABASE=str(db_path)).test_client()
    assert client.get(API).get_json() == []  # the first request creates the database file
    return client


def rows(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def new_interview(client, **fields):
    body = {
        "company": "Acme Analytics",
        "position": "Data Engineer",
        "interviewer": "Siobhan O'Donnell",
        "interviewer_email": "siobhan@acme.example",
        "interview_at": "2026-11-10T10:00:00+00:00",
    }
    body.update(fields)
    response = client.post(API, json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_then_read_back(client, db_path):
    created = new_interview(client, decision_by="2026-11-20", notes="Asked about dbt tests")
    assert created["id"] >= 1
    assert created["stage"] == "interviewed"
    got = client.get(f"{API}/{created['id']}")
    assert got.status_code == 200
    assert got.get_json() == created
    assert got.get_json()["interview_at"] == "2026-11-10T10:00:00+00:00"
    assert rows(db_path, "SELECT company, notes FROM interviews") == [
        ("Acme Analytics", "Asked about dbt tests")
    ]
    assert [i["id"] for i in client.get(API).get_json()] == [created["id"]]


def test_lookup_by_interviewer_address_ignores_case_and_display_name(client):
    acme = new_interview(client)
    new_interview(client, company="Globex", interviewer_email="hank@globex.example")
    for query in ("siobhan@acme.example", "Siobhan@ACME.example", "Siobhan O'Donnell <SIOBHAN@acme.example>"):
        found = client.get(API, query_string={"email": query}).get_json()
        assert [i["id"] for i in found] == [acme["id"]], query
    assert client.get(API, query_string={"email": "nobody@acme.example"}).get_json() == []


def test_patch_changes_only_what_it_names(client):
    created = new_interview(client, notes="first round")
    response = client.patch(f"{API}/{created['id']}", json={"stage": "offer", "decision_by": "2026-12-01"})
    assert response.status_code == 200
    changed = response.get_json()
    assert changed["stage"] == "offer" and changed["decision_by"] == "2026-12-01"
    for unchanged in ("company", "position", "interviewer", "interviewer_email", "interview_at", "notes"):
        assert changed[unchanged] == created[unchanged]
    # A PATCH that does not mention the stage must not reset it to the default.
    assert (
        client.patch(f"{API}/{created['id']}", json={"notes": "second round"}).get_json()["stage"] == "offer"
    )
    # Clearing an optional field is allowed; the company is not optional.
    assert client.patch(f"{API}/{created['id']}", json={"position": None}).get_json()["position"] is None
    assert client.patch(f"{API}/{created['id']}", json={"company": None}).status_code == 422


def test_delete_removes_the_interview_and_its_messages(client, db_path):
    created = new_interview(client)
    client.post(f"{API}/{created['id']}/messages", json={"kind": "thank_you"})
    assert client.delete(f"{API}/{created['id']}").status_code == 204
    assert client.get(f"{API}/{created['id']}").status_code == 404
    assert rows(db_path, "SELECT COUNT(*) FROM messages") == [(0,)]
    assert client.delete(f"{API}/{created['id']}").status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", f"{API}/999"),
        ("patch", f"{API}/999"),
        ("delete", f"{API}/999"),
        ("get", f"{API}/999/messages"),
        ("post", f"{API}/999/messages"),
        ("get", f"{API}/{2**80}"),
        ("post", f"{API}/{2**80}/messages"),
    ],
)
def test_unknown_interviews_are_json_404s(client, method, url):
    body = {"kind": "follow_up"} if method == "post" else ({"notes": "x"} if method == "patch" else None)
    response = getattr(client, method)(url, json=body)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "company"),
        ({"company": ""}, "company"),
        ({"company": "Acme", "salary": 100}, "salary"),
        ({"company": "Acme", "stage": "hired"}, "stage"),
        ({"company": "Acme", "interview_at": "next Tuesday"}, "interview_at"),
        ({"company": "Acme", "decision_by": "end of month"}, "decision_by"),
        ({"company": "Acme", "interviewer_email": "not an address"}, "interviewer_email"),
        ({"company": "x" * 201}, "company"),
        ({"company": 42}, "company"),
        ({"company": "Acme", "notes": "\ud800"}, "notes"),
    ],
)
def test_invalid_interviews_are_422_with_the_field_named(client, db_path, body, field):
    response = client.post(API, json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert rows(db_path, "SELECT COUNT(*) FROM interviews") == [(0,)]


def test_non_json_and_malformed_bodies(client):
    assert (
        client.post(API, data="company=Acme", content_type="application/x-www-form-urlencoded").status_code
        == 415
    )
    response = client.post(API, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert client.post(API, json=["Acme"]).status_code == 422


def test_messages_are_logged_and_listed_in_sent_order(client, db_path):
    interview = new_interview(client)
    url = f"{API}/{interview['id']}/messages"
    later = client.post(
        url, json={"kind": "follow_up", "sent_at": "2026-11-18T09:00:00+00:00", "note": "nudge"}
    )
    earlier = client.post(url, json={"kind": "thank_you", "sent_at": "2026-11-10T15:00:00+00:00"})
    assert later.status_code == 201 and earlier.status_code == 201
    assert later.get_json()["id"] != earlier.get_json()["id"]
    listed = client.get(url).get_json()
    assert [m["kind"] for m in listed] == ["thank_you", "follow_up"]
    assert listed[1]["note"] == "nudge" and listed[1]["interview_id"] == interview["id"]
    assert rows(db_path, "SELECT COUNT(*) FROM messages WHERE interview_id = ?", (interview["id"],)) == [(2,)]


def test_a_message_without_sent_at_is_logged_now(client):
    interview = new_interview(client)
    message = client.post(f"{API}/{interview['id']}/messages", json={"kind": "thank_you"}).get_json()
    assert message["sent_at"]  # the server's clock; the value itself depends on when the test runs


# Issue 11 changed this: years 1 and 9999 used to be stored (and then broke every check); the window
# is now 1970-2100, its edges are kept, and anything beyond is a 422 naming the field.
@pytest.mark.parametrize(
    "sent_at",
    [
        "1970-01-01T00:00:00",
        "2100-12-31T23:59:59",
        "1970-01-01T00:00:00+05:00",
        "2100-12-31T23:59:59-12:00",
        "2026-11-20T09:00:00.123456Z",
    ],
)
def test_times_at_the_edges_of_the_window_are_kept_and_listed(client, sent_at):
    interview = new_interview(client, interview_at=sent_at)
    url = f"{API}/{interview['id']}/messages"
    assert client.post(url, json={"kind": "follow_up", "sent_at": sent_at}).status_code == 201
    assert client.post(url, json={"kind": "other", "sent_at": "2026-11-20T09:00:00"}).status_code == 201
    listed = client.get(url)
    assert listed.status_code == 200 and len(listed.get_json()) == 2
    checked = client.post(
        "/api/v1/check", json={"text": "Any news on my application?", "interview_id": interview["id"]}
    )
    assert checked.status_code == 200


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59",
        "1969-12-31T23:59:59",
        "2101-01-01T00:00:00",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-12:00",
    ],
)
def test_times_outside_1970_to_2100_are_422_with_the_field_named(client, db_path, when):
    reply = client.post(API, json={"company": "Acme", "interview_at": when})
    assert reply.status_code == 422 and "interview_at" in reply.get_json()["error"]["fields"]
    reply = client.post(API, json={"company": "Acme", "decision_by": when[:10]})
    assert reply.status_code == 422 and "decision_by" in reply.get_json()["error"]["fields"]
    assert rows(db_path, "SELECT COUNT(*) FROM interviews") == [(0,)]
    interview = new_interview(client)
    reply = client.post(f"{API}/{interview['id']}/messages", json={"kind": "follow_up", "sent_at": when})
    assert reply.status_code == 422 and "sent_at" in reply.get_json()["error"]["fields"]
    reply = client.patch(f"{API}/{interview['id']}", json={"interview_at": when})
    assert reply.status_code == 422 and "interview_at" in reply.get_json()["error"]["fields"]
    assert rows(db_path, "SELECT COUNT(*) FROM messages") == [(0,)]


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "reminder"},
        {},
        {"kind": "follow_up", "sent_at": "yesterday"},
        {"kind": "follow_up", "extra": True},
        {"kind": "follow_up", "idempotency_key": ""},
    ],
)
def test_invalid_messages_are_422(client, db_path, body):
    interview = new_interview(client)
    assert client.post(f"{API}/{interview['id']}/messages", json=body).status_code == 422
    assert rows(db_path, "SELECT COUNT(*) FROM messages") == [(0,)]


def test_a_retried_send_is_logged_once(client, db_path):
    """The extension's Send hook may fire twice (double click, retry after a timeout): one row."""
    interview = new_interview(client)
    url = f"{API}/{interview['id']}/messages"
    body = {"kind": "follow_up", "sent_at": "2026-11-18T09:00:00+00:00"}
    first = client.post(url, json=body, headers={"Idempotency-Key": "send-7f3a"})
    retry = client.post(url, json=body, headers={"Idempotency-Key": "send-7f3a"})
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.get_json()["id"] == first.get_json()["id"]
    # The same key in the body works the same way.
    again = client.post(url, json={**body, "idempotency_key": "send-7f3a"})
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert rows(db_path, "SELECT COUNT(*) FROM messages") == [(1,)]
    # A different key is a different Send.
    assert client.post(url, json=body, headers={"Idempotency-Key": "send-9c21"}).status_code == 201
    assert rows(db_path, "SELECT COUNT(*) FROM messages") == [(2,)]


def test_an_idempotency_key_reused_for_another_message_is_refused(client, db_path):
    acme = new_interview(client)
    globex = new_interview(client, company="Globex", interviewer_email="hank@globex.example")
    assert (
        client.post(
            f"{API}/{acme['id']}/messages", json={"kind": "follow_up"}, headers={"Idempotency-Key": "k1"}
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{API}/{globex['id']}/messages", json={"kind": "follow_up"}, headers={"Idempotency-Key": "k1"}
        ).status_code
        == 409
    )
    disagree = client.post(
        f"{API}/{acme['id']}/messages",
        json={"kind": "follow_up", "idempotency_key": "a"},
        headers={"Idempotency-Key": "b"},
    )
    assert disagree.status_code == 422
    assert rows(db_path, "SELECT COUNT(*) FROM messages") == [(1,)]


def test_check_takes_the_follow_up_history_from_the_tracker(client):
    """Two follow-ups logged over HTTP; a third draft sent with only interview_id is told to hold back."""
    interview = new_interview(client, interview_at="2026-10-20T10:00:00+00:00")
    url = f"{API}/{interview['id']}/messages"
    for sent_at in ("2026-10-28T09:00:00+00:00", "2026-11-05T09:00:00+00:00"):
        assert client.post(url, json={"kind": "follow_up", "sent_at": sent_at}).status_code == 201
    draft = (
        "Dear Siobhan,\n\nI hope you are well. I wanted to follow up on my interview for the Data "
        "Engineer role at Acme Analytics. I remain very interested in the position and would be glad "
        "to share anything else that helps your decision.\n\nBest regards,\nJordan Lee"
    )
    request = {"text": draft, "kind": "follow_up", "now": "2026-11-20T09:00:00+00:00"}
    without = client.post("/api/v1/check", json=request)
    assert without.status_code == 200
    assert "persistence" not in {w["category"] for w in without.get_json()["warnings"]}
    with_history = client.post("/api/v1/check", json={**request, "interview_id": interview["id"]})
    assert with_history.status_code == 200
    assert "persistence" in {w["category"] for w in with_history.get_json()["warnings"]}


def test_check_with_an_unknown_interview_is_a_404(client):
    response = client.post("/api/v1/check", json={"text": "Thank you for your time.", "interview_id": 777})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "company",
        "position",
        "interviewer",
        "interviewer_email",
        "interview_at",
        "decision_by",
        "stage",
        "notes",
        "kind",
        "sent_at",
        "note",
        "idempotency_key",
    ]
)
bodies = json_values | st.dictionaries(field_names, json_values, max_size=6)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, target=st.sampled_from(["create", "patch", "message"]))
def test_no_body_ever_gets_a_500(client, body, target):
    interview = client.post(API, json={"company": "Fuzz Ltd"}).get_json()
    url = {
        "create": API,
        "patch": f"{API}/{interview['id']}",
        "message": f"{API}/{interview['id']}/messages",
    }[target]
    method = client.patch if target == "patch" else client.post
    response = method(url, json=body)
    assert response.status_code in (200, 201, 400, 404, 409, 415, 422)
    assert response.is_json
