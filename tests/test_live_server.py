"""The live-server helper (etiquette/live_server.py) every real-process test, e2e run and benchmark
starts the backend with: it waits for health, says why when the server never gets there, and reaps."""

from __future__ import annotations

import socket
import sys

import pytest
from etiquette.live_server import LiveServer, ServerDidNotStart, free_port


def test_a_free_port_can_be_bound_at_once():
    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
    assert 0 < port < 65536


def test_the_server_is_healthy_on_its_url_and_reaped_after_stop(tmp_path):
    server = LiveServer(db=tmp_path / "t.sqlite3", env={"ETIQUETTE_DATA_DIR": str(tmp_path)})
    health = server.start()
    proc = server.proc
    try:
        assert health["status"] == "ok"
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert f"on {server.url}/" in server.first_line()
    finally:
        code = server.stop()
    assert proc.returncode is not None and code == proc.returncode
    assert server.proc is None and server.stop() is None  # stopping twice is harmless


def test_a_server_that_cannot_start_names_its_complaint(tmp_path):
    server = LiveServer(
        db=tmp_path / "missing-folder" / "t.sqlite3", env={"ETIQUETTE_DATA_DIR": str(tmp_path)}
    )
    with pytest.raises(ServerDidNotStart) as info:
        server.start(timeout=30)
    assert "exited (code 2)" in str(info.value) and "missing-folder" in str(info.value)
    assert server.proc is None


def test_a_server_that_never_answers_health_times_out_with_its_output(tmp_path):
    sleeper = [sys.executable, "-c", "import sys, time; print('up but deaf', flush=True); time.sleep(60)"]
    server = LiveServer(command=sleeper)  # ignores the serve arguments it is given
    with pytest.raises(ServerDidNotStart) as info:
        server.start(timeout=0.5)
    assert "never answered health within 0.5 s" in str(info.value) and "up but deaf" in str(info.value)
    assert server.proc is None


def test_read_until_returns_what_came_when_the_line_never_does():
    talker = [sys.executable, "-c", "print('one'); print('two')"]
    server = LiveServer(command=talker).spawn()
    try:
        assert server.read_until(lambda line: line == "two") == ["one", "two"]
        assert server.read_until(lambda line: line == "three", timeout=10) == ["one", "two"]
    finally:
        server.stop()
