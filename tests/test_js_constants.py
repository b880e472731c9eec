"""extension/lib/constants.js is generated from the Python side (extension/build/constants.py): it must be
up to date, and the values the extension reads must be the values the backend uses.

The generator runs as a subprocess with -B, as it is run by hand (importing it would leave a __pycache__
inside extension/, which Chrome refuses to load).
"""

import json
import subprocess
import sys
from pathlib import Path

from etiquette import templates, vocab

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = [sys.executable, "-B", str(ROOT / "extension" / "build" / "constants.py")]
CONSTANTS = ROOT / "extension" / "lib" / "constants.js"


def js_constants() -> dict:
    """constants.js as the extension reads it: run by Node, the way the node tests load it."""
    program = "console.log(JSON.stringify(require(process.argv[1])))"
    r = subprocess.run(
        ["node", "-e", program, str(CONSTANTS)], capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(r.stdout)


def test_constants_js_is_what_the_generator_writes_from_the_python_side():
    r = subprocess.run(GENERATOR + ["--check"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_the_extension_reads_the_backend_limits_and_vocabularies():
    js = js_constants()
    assert js["MAX_TEXT"] == vocab.MAX_TEXT
    assert js["MAX_ID"] == vocab.MAX_ID
    for name in ("MESSAGE_KINDS", "STAGES", "CATEGORIES", "SEVERITIES", "DIALECTS"):
        assert js[name] == list(getattr(vocab, name)), name
    assert js["DEFAULT_DIALECT"] == vocab.DEFAULT_DIALECT


def test_the_extension_looks_for_the_backend_where_serve_listens_by_default():
    js = js_constants()
    assert js["DEFAULT_PORT"] == vocab.DEFAULT_PORT
    assert js["DEFAULT_BACKEND"] == f"http://{vocab.DEFAULT_HOST}:{vocab.DEFAULT_PORT}"
    assert js["STORAGE_DEFAULTS"]["backendUrl"] == js["DEFAULT_BACKEND"]
    assert js["STORAGE_DEFAULTS"]["dialect"] == vocab.DEFAULT_DIALECT


def test_the_extension_knows_exactly_the_templates_the_backend_renders():
    assert sorted(js_constants()["TEMPLATE_IDS"]) == sorted(t["id"] for t in templates.catalogue())


def test_a_stale_constants_file_is_reported_with_what_to_run(tmp_path):
    stale = tmp_path / "constants.js"
    stale.write_text(
        CONSTANTS.read_text(encoding="utf-8").replace("MAX_TEXT: ", "MAX_TEXT: 1"), encoding="utf-8"
    )
    r = subprocess.run(
        GENERATOR + ["--check", "--file", str(stale)], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 1
    assert "run python3 extension/build/constants.py" in r.stderr
