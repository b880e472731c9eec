"""Wrong arguments get one clear line and a documented exit status, never a traceback.

Exit statuses (README, "Command line"): 2 for a usage error or a server that cannot start, 1 for a
draft that needs fixing or a tracker command whose database cannot be used, 0 otherwise.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass

import pytest

CLI = [sys.executable, "-m", "etiquette"]


@dataclass
class Bad:
    name: str
    argv: list
    status: int
    says: str  # a fragment of the one message line
    usage_of: str | None = None  # the sub-command whose usage is printed first (usage errors)
    stdin: bytes | None = b""


def run(argv, tmp_path, stdin=b""):
    (tmp_path / "latin1.txt").write_bytes("Caf\u00e9 talk: what is the salary?".encode("latin-1"))
    (tmp_path / "big.txt").write_bytes(b"word " * 1_000_000)
    env = {**os.environ, "ETIQUETTE_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    env.pop("ETIQUETTE_RULES", None)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    return subprocess.run(CLI + argv, input=stdin, capture_output=True, timeout=60, env=env, cwd=tmp_path)


def message_lines(stderr: str) -> list[str]:
    """stderr without argparse's usage block (a 'usage:' line and its indented continuation)."""
    lines, in_usage = [], False
    for line in stderr.splitlines():
        if line.startswith("usage:"):
            in_usage = True
            continue
        if in_usage and line.startswith(" "):
            continue
        in_usage = False
        if line.strip():
            lines.append(line)
    return lines


TABLE = [
    Bad("port above range", ["serve", "--port", "99999"], 2, "99999 is outside 1-65535", "etiquette serve"),
    Bad("negative port", ["serve", "--port", "-1"], 2, "-1 is outside 1-65535", "etiquette serve"),
    Bad("port not a number", ["serve", "--port", "http"], 2, "not a port number", "etiquette serve"),
    Bad("port without value", ["serve", "--port"], 2, "expected one argument", "etiquette serve"),
    Bad(
        "db in a missing folder",
        ["serve", "--db", "{tmp}/nonexistent/dir/x.db"],
        2,
        "nonexistent/dir does not exist",
        "etiquette serve",
    ),
    Bad("db is a folder", ["serve", "--db", "{tmp}"], 2, "is a folder", "etiquette serve"),
    Bad(
        "token file cannot be made",
        ["serve", "--require-token", "--db", "/proc/x.db"],
        2,
        "cannot keep the API token in /proc/api-token",
    ),
    Bad("public host without a token", ["serve", "--host", "0.0.0.0"], 2, "reachable from other machines"),
    Bad(
        "token on the command line",
        ["serve", "--token", "abc"],
        2,
        "--token is no longer accepted",
        "etiquette serve",
    ),
    Bad("token file missing", ["serve", "--token-file", "{tmp}/missing-token"], 2, "no such file"),
    Bad("unknown serve option", ["serve", "--frobnicate"], 2, "unrecognized arguments", "etiquette serve"),
    Bad("no command", [], 2, "required", "etiquette"),
    Bad("unknown command", ["frobnicate"], 2, "invalid choice", "etiquette"),
    Bad("check a missing file", ["check", "{tmp}/missing.txt"], 2, "missing.txt: cannot read"),
    Bad("check a folder", ["check", "{tmp}"], 2, "cannot read: Is a directory"),
    Bad("check a Latin-1 file", ["check", "{tmp}/latin1.txt"], 2, "latin1.txt: not valid utf-8 at byte 3"),
    Bad(
        "check an unknown encoding",
        ["check", "--encoding", "klingon", "{tmp}/latin1.txt"],
        2,
        "unknown encoding",
        "etiquette check",
    ),
    Bad("check a 5 MB file", ["check", "{tmp}/big.txt"], 2, "at most 20,000"),
    Bad("check 5 MB on stdin", ["check", "-"], 2, "<stdin>: more than 20,000", stdin=b"word " * 1_000_000),
    Bad("check with a bad --now", ["check", "-", "--now", "not-a-date"], 2, "not-a-date", "etiquette check"),
    Bad("check with a bad --kind", ["check", "-", "--kind", "memo"], 2, "invalid choice", "etiquette check"),
    Bad("interviews without a sub-command", ["interviews"], 2, "required", "etiquette interviews"),
    Bad(
        "interview date not a date",
        ["interviews", "add", "--company", "Acme", "--at", "notadate"],
        2,
        "notadate",
        "etiquette interviews add",
    ),
    Bad(
        "decision date not a date",
        ["interviews", "add", "--company", "Acme", "--decision-by", "soon"],
        2,
        "soon",
        "etiquette interviews add",
    ),
    Bad(
        "interview id not a number",
        ["interviews", "show", "first"],
        2,
        "invalid int",
        "etiquette interviews show",
    ),
    Bad(
        "dates from a Latin-1 file", ["dates", "{tmp}/latin1.txt"], 2, "latin1.txt: not valid utf-8 at byte 3"
    ),
    Bad(
        "pair beside a db in a missing folder",
        ["pair", "--db", "{tmp}/nonexistent/x.db"],
        2,
        "does not exist",
        "etiquette pair",
    ),
    Bad(
        "serve a db that is a device",
        ["serve", "--db", "/dev/null"],
        2,
        "is not a regular file",
        "etiquette serve",
    ),
    Bad("service without a sub-command", ["service"], 2, "required", "etiquette service"),
    Bad(
        "service on port 0",
        ["service", "install", "--port", "0", "--dry-run"],
        2,
        "the extension needs a fixed port",
        "etiquette service install",
    ),
    Bad(
        "service db in a missing folder",
        ["service", "install", "--db", "{tmp}/nonexistent/x.db", "--dry-run"],
        2,
        "does not exist",
        "etiquette service install",
    ),
    Bad(
        "service with two token options",
        ["service", "install", "--require-token", "--token-file", "x"],
        2,
        "not allowed with argument",
        "etiquette service install",
    ),
    Bad(
        "service token file missing",
        ["service", "install", "--token-file", "{tmp}/nope", "--dry-run"],
        2,
        "no such file",
        "etiquette service install",
    ),
    Bad(
        "service status with an option",
        ["service", "status", "--port", "1"],
        2,
        "unrecognized arguments",
        "etiquette service status",
    ),
    Bad(
        "tracker db in a missing folder",
        ["interviews", "list", "--db", "{tmp}/nonexistent/x.db"],
        1,
        "does not exist",
    ),
]


@pytest.mark.parametrize("case", TABLE, ids=lambda c: c.name)
def test_a_bad_argument_gets_one_line_and_its_exit_status(case, tmp_path):
    r = run(case.argv, tmp_path, case.stdin)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == case.status, (case.argv, r.returncode, err)
    assert "Traceback" not in err, err
    lines = message_lines(err)
    assert len(lines) == 1, f"{case.argv}: expected one message line, got {lines}"
    assert case.says in lines[0], (case.says, lines[0])
    if case.usage_of:
        assert err.startswith(f"usage: {case.usage_of} "), err
    # Nothing silently made for a mistyped path.
    assert not (tmp_path / "nonexistent").exists()


def test_check_with_no_file_and_a_terminal_prints_its_usage_instead_of_waiting(tmp_path):
    import pty

    leader, follower = pty.openpty()
    try:
        r = subprocess.run(CLI + ["check"], stdin=follower, capture_output=True, timeout=30, cwd=tmp_path)
    finally:
        os.close(follower)
        os.close(leader)
    err = r.stderr.decode()
    assert r.returncode == 2 and err.startswith("usage: etiquette check ")
    assert message_lines(err) == [
        "etiquette check: error: give the draft FILE to check (or - to type it on stdin)"
    ]


def test_a_port_already_in_use_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = run(["serve", "--port", str(port), "--db", "{tmp}/t.db"], tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err
    assert message_lines(err) == [
        f"etiquette: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(is the backend already running?)"
    ]
