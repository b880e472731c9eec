"""A browser's GET without Origin (Chromium's extension service worker sends none, only Fetch Metadata)
is a browser request, not the CLI's: the tracker needs the paired token from it too (issue 11)."""

from __future__ import annotations

import pytest
from etiquette import pairing

CHROME = "chrome-extension://" + "abcdefghijklmnop" * 2
WORKER_GET = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}


@pytest.fixture
def app(tmp_path, make_app):
    (tmp_path / "data").mkdir(mode=0o700)  # a given DATABASE's folder is never created for it
    return make_app(DATABASE=str(tmp_path / "data" / "tracker.sqlite3"))


@pytest.fixture
def client(app):
    return app.test_client()


def test_an_extension_workers_get_without_origin_needs_the_paired_token(client, app):
    assert client.get("/api/v1/interviews?email=a@b.co", headers=WORKER_GET).status_code == 401
    assert (
        client.get(
            "/api/v1/interviews?email=a@b.co", headers={**WORKER_GET, "Sec-Fetch-Site": "cross-site"}
        ).status_code
        == 401
    )
    code = pairing.new_code(app.config["DATA_DIR"])
    token = client.post("/api/v1/pair", json={"code": code}, headers={"Origin": CHROME}).get_json()["token"]
    paired = client.get(
        "/api/v1/interviews?email=a@b.co", headers={**WORKER_GET, "Authorization": f"Bearer {token}"}
    )
    assert paired.status_code == 200


def test_the_cli_and_our_own_page_without_origin_keep_reading_the_tracker(client):
    assert client.get("/api/v1/interviews?email=a@b.co").status_code == 200
    assert (
        client.get("/api/v1/interviews?email=a@b.co", headers={"Sec-Fetch-Site": "same-origin"}).status_code
        == 200
    )
