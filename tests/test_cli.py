"""`etiquette check` behaves like a linter; `etiquette serve` refuses a broken rule pack."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from etiquette.engine.pack import rules_root

CLI = [sys.executable, "-m", "etiquette"]


# A guard against a hung command, not a speed check: on a shared two-core machine at load 10+ one
# start-up (rule pack, Harper's dictionary, the encoder) took over a minute, and 60 s failed the suite.
HANG_GUARD_S = 300


def run(args, stdin=None, env=None):
    return subprocess.run(
        CLI + args,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        env={**os.environ, **(env or {})},
    )


def test_check_prints_linter_lines_and_exits_1_on_fix(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Sam,\n\nThank you for today.\nWhat is the salary range?\n\nBest,\nJo\n")
    r = run(["check", str(draft)])
    assert r.returncode == 1
    line = next(ln for ln in r.stdout.splitlines() if "salary" in ln and "error" in ln)
    # The salary warning covers its sentence (it offers to remove it, issue 13): line 4, column 1.
    assert line.startswith(f"{draft}:4:1: error salary ")


def test_check_json_and_stdin_exit_0_when_ready():
    text = (
        "Hi Sam,\n\nThank you for showing me the Leeds depot today. I especially enjoyed hearing how the "
        "team plans the night shifts, and I am keen to help.\n\nBest,\nJo\n"
    )
    r = run(["check", "-", "--json"], stdin=text)
    assert r.returncode == 0
    assert json.loads(r.stdout)["verdict"] == "ready"


def test_check_timing_options():
    r = run(
        [
            "check",
            "-",
            "--kind",
            "thank_you",
            "--interview-at",
            "2026-11-20T10:00:00+00:00",
            "--now",
            "2026-11-24T10:00:00+00:00",
        ],
        stdin="Thank you for the interview; I enjoyed the tour and I'm keen.",
    )
    assert "timing" in r.stdout and r.returncode == 0


def test_usage_errors_exit_2(tmp_path):
    assert run(["check", str(tmp_path / "missing.txt")]).returncode == 2
    assert run(["check", "-", "--now", "not-a-date"], stdin="hi").returncode == 2
    assert run(["frobnicate"]).returncode == 2


def test_broken_rule_pack_stops_start_up_with_file_named(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(rules_root(), pack)
    (pack / "rules" / "salary" / "pay.yml").write_text("id: salary.pay\nkind: existence\n")
    r = run(["serve", "--port", "0", "--db", str(tmp_path / "t.db")], env={"ETIQUETTE_RULES": str(pack)})
    assert r.returncode == 2
    assert "pay.yml" in r.stderr and "category" in r.stderr


def test_check_reads_another_encoding_when_told_and_skips_a_utf8_bom(tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Hi Zoë,\n\nWhat is the salary?\n".encode("latin-1"))
    r = run(["check", str(latin), "--encoding", "latin-1"])
    # Column 1: the salary warning covers its sentence, which its fix removes (issue 13).
    assert r.returncode == 1 and f"{latin}:3:1: error salary " in r.stdout
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfWhat is the salary?\n")
    r = run(["check", str(bom)])
    assert (
        r.returncode == 1 and f"{bom}:1:1: error salary " in r.stdout
    )  # columns as the editor shows them (no BOM)


def test_check_takes_exactly_the_api_limit(tmp_path):
    from etiquette.vocab import MAX_TEXT

    draft = tmp_path / "long.txt"
    draft.write_text("a" * MAX_TEXT, encoding="utf-8")
    assert run(["check", str(draft)]).returncode in (0, 1)
    draft.write_text("a" * (MAX_TEXT + 1), encoding="utf-8")
    r = run(["check", str(draft)])
    assert r.returncode == 2 and f"{MAX_TEXT + 1:,} characters" in r.stderr
