"""Install it the way users do: build the wheel, install it (not editable) into a fresh venv, and use
it from a folder that is not the checkout. Catches package data left out of the wheel, files found by
walking up from the source tree, and dev-only imports in the runtime.

Bounded: the build and the install take ~20 s with pip's cache warm; each step has its own timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest
from etiquette.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[1]
# What a build needs; copied so the build never sees (or leaves) build/ or egg-info in the checkout,
# and so a file the wheel needs from anywhere else fails here first.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "backend", "shared-rules")
SALARY_DRAFT = "Hi Sam,\n\nThank you for today.\nWhat is the salary range?\n\nBest,\nJo\n"


def _bin(venv: Path, name: str) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return venv / scripts / (name + (".exe" if os.name == "nt" else ""))


def _clean_env(tmp: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "ETIQUETTE_RULES", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env["ETIQUETTE_DATA_DIR"] = str(tmp / "data")
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    dist = tmp / "dist"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    (wheel,) = dist.glob("*.whl")

    venv = tmp / "venv"
    base = getattr(sys, "_base_executable", None) or sys.executable
    r = subprocess.run([base, "-m", "venv", str(venv)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]
    r = subprocess.run(
        [str(_bin(venv, "python")), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return {"tmp": tmp, "wheel": wheel, "venv": venv, "cwd": elsewhere, "env": _clean_env(tmp)}


def test_the_distribution_is_follow_up_etiquette_with_a_licence_and_rendered_readme(installed):
    wheel = installed["wheel"]
    assert wheel.name.startswith("follow_up_etiquette-")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = zf.read(meta_name).decode()
    assert "Name: follow-up-etiquette\n" in meta
    assert "License-Expression: MIT" in meta
    assert "Description-Content-Type: text/markdown" in meta
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    # Runtime needs only: no test or benchmark tool is a plain dependency.
    requires = [ln for ln in meta.splitlines() if ln.startswith("Requires-Dist:")]
    plain = [ln for ln in requires if "extra ==" not in ln]
    assert plain and not any(
        tool in ln
        for ln in plain
        for tool in ("pytest", "playwright", "schemathesis", "hypothesis", "proselint")
    )


def test_the_wheel_carries_every_file_of_the_rule_pack_and_the_playground(installed):
    with zipfile.ZipFile(installed["wheel"]) as zf:
        names = set(zf.namelist())
    pack = ROOT / "shared-rules"
    expected = {
        "etiquette/shared_rules/" + p.relative_to(pack).as_posix()
        for p in pack.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected - names == set()
    for name in ("playground.html", "playground.js", "playground.css"):
        assert f"etiquette/static/{name}" in names
    sources = {
        "etiquette/" + p.relative_to(ROOT / "backend" / "etiquette").as_posix()
        for p in (ROOT / "backend" / "etiquette").rglob("*.py")
    }
    assert sources - names == set()


def test_the_installed_package_is_not_the_checkout(installed):
    python = _bin(installed["venv"], "python")
    r = subprocess.run(
        [
            str(python),
            "-c",
            "import etiquette, etiquette.paths as l; "
            "print(etiquette.__file__); print(l.rules_dir()); "
            "print(etiquette.check('What is the salary?')['verdict'])",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=installed["cwd"],
        env=installed["env"],
    )
    assert r.returncode == 0, r.stderr
    module, rules, verdict = r.stdout.split()
    assert verdict == "fix"  # etiquette.check() from Python, as the README promises
    assert Path(module).resolve().is_relative_to(installed["venv"].resolve())
    assert Path(rules).resolve().is_relative_to(installed["venv"].resolve())


def test_check_from_another_folder_finds_the_salary_question(installed):
    draft = installed["cwd"] / "draft.txt"
    draft.write_text(SALARY_DRAFT, encoding="utf-8")
    r = subprocess.run(
        [str(_bin(installed["venv"], "etiquette")), "check", "draft.txt"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=installed["cwd"],
        env=installed["env"],
    )
    assert r.returncode == 1, r.stderr
    # The salary warning covers its sentence, which its fix removes (issue 13): column 1.
    assert any(line.startswith("draft.txt:4:1: error salary ") for line in r.stdout.splitlines()), r.stdout
    assert r.stderr == ""


def _get(url, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=10) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode()


def test_serve_answers_check_templates_and_the_playground(installed):
    db = installed["tmp"] / "serve.sqlite3"
    server = LiveServer(
        db=db,
        port=0,
        command=[str(_bin(installed["venv"], "etiquette"))],
        cwd=installed["cwd"],
        env={**dict.fromkeys(os.environ), **installed["env"]},  # exactly this environment
    ).spawn()
    try:
        line = server.first_line()
        assert " on http://127.0.0.1:" in line, (line, server.proc.poll())
        base = line.split(" on ", 1)[1].split()[0].rstrip("/")
        port = int(base.rsplit(":", 1)[1])
        assert port != 0
        server.port = port
        server.wait_healthy(timeout=15)  # no answer from the installed server: its output in the error
        status, _, body = _get(base + "/api/v1/health")
        assert json.loads(body)["status"] == "ok"
        status, _, body = _get(base + "/api/v1/check", {"text": SALARY_DRAFT})
        result = json.loads(body)
        assert status == 200 and result["verdict"] == "fix"
        assert any(w["category"] == "salary" for w in result["warnings"])
        status, _, body = _get(base + "/api/v1/templates")
        assert status == 200 and "thank-you" in {t["id"] for t in json.loads(body)}
        status, ctype, body = _get(base + "/")
        assert status == 200 and ctype.startswith("text/html") and "playground.js" in body
        status, ctype, _ = _get(base + "/static/playground.js")
        assert status == 200 and "javascript" in ctype
    finally:
        server.stop()
