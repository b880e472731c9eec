"""The store packages (extension/build/package.py): what a reviewer or a user installing them would meet.

The build runs as a subprocess, exactly as `make package` runs it (importing it would leave a
__pycache__ inside extension/, which Chrome refuses to load).
"""

import json
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "extension"
BUILD = [sys.executable, "-B", str(EXT / "build" / "package.py")]
SOURCE_MANIFEST = json.loads((EXT / "manifest.json").read_text())
VERSION = SOURCE_MANIFEST["version"]


def build(out, src=EXT):
    return subprocess.run(
        BUILD + ["--src", str(src), "--out", str(out)], capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    r = build(out)
    assert r.returncode == 0, r.stderr
    return out


def zip_of(dist, browser):
    return zipfile.ZipFile(dist / f"follow-up-etiquette-{browser}-{VERSION}.zip")


def manifest_in(zf):
    return json.loads(zf.read("manifest.json"))


def referenced(zf):
    """Every file the manifest names, plus the scripts and styles its HTML pages load (our own reading)."""
    m = manifest_in(zf)
    refs = set(m["background"].get("scripts", []))
    if "service_worker" in m["background"]:
        refs.add(m["background"]["service_worker"])
    for cs in m["content_scripts"]:
        refs.update(cs.get("js", []) + cs.get("css", []))
    refs.update(m["icons"].values())
    refs.update(m["action"]["default_icon"].values())
    pages = [m["action"]["default_popup"], m["options_ui"]["page"]]
    refs.update(pages)
    for page in pages:
        base = page.rsplit("/", 1)[0]
        for target in re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', zf.read(page).decode()):
            parts = (base + "/" + target).split("/")
            norm = []
            for p in parts:
                if p == "..":
                    norm.pop()
                elif p not in ("", "."):
                    norm.append(p)
            refs.add("/".join(norm))
    return refs


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_firefox_manifest_runs_the_worker_as_background_scripts_with_gecko_settings(dist):
    m = manifest_in(zip_of(dist, "firefox"))
    assert "service_worker" not in m["background"]
    worker = SOURCE_MANIFEST["background"]["service_worker"]
    scripts = m["background"]["scripts"]
    # The shim and the shared helpers come before the worker that uses them.
    assert scripts[-1] == worker
    assert scripts.index("lib/browser-api.js") < scripts.index("lib/core.js") < scripts.index(worker)
    gecko = m["browser_specific_settings"]["gecko"]
    assert re.fullmatch(r"[a-z0-9.-]+@[a-z0-9.-]+", gecko["id"])
    assert gecko["data_collection_permissions"] == {"required": ["none"]}
    # data_collection_permissions is understood from Firefox 140 (desktop) and 142 (Android).
    assert int(gecko["strict_min_version"].split(".")[0]) >= 140
    android = m["browser_specific_settings"]["gecko_android"]
    assert int(android["strict_min_version"].split(".")[0]) >= 142
    assert "minimum_chrome_version" not in m


def test_firefox_manifest_differs_from_the_source_only_where_firefox_needs_it(dist):
    m = manifest_in(zip_of(dist, "firefox"))
    firefox_only = {"background", "browser_specific_settings"}
    chrome_only = {"background", "minimum_chrome_version"}
    assert {k: v for k, v in m.items() if k not in firefox_only} == {
        k: v for k, v in SOURCE_MANIFEST.items() if k not in chrome_only
    }


def test_chrome_package_ships_the_source_manifest_byte_for_byte(dist):
    assert zip_of(dist, "chrome").read("manifest.json") == (EXT / "manifest.json").read_bytes()


@pytest.mark.parametrize("browser", ["chrome", "firefox"])
def test_each_zip_holds_every_file_the_manifest_and_its_pages_reference(dist, browser):
    zf = zip_of(dist, browser)
    names = set(zf.namelist())
    refs = referenced(zf)
    assert "lib/browser-api.js" in refs and "popup/popup.js" in refs and "options/options.css" in refs
    assert refs <= names, sorted(refs - names)


@pytest.mark.parametrize("browser", ["chrome", "firefox"])
def test_each_zip_has_the_four_icon_sizes_as_real_pngs(dist, browser):
    zf = zip_of(dist, browser)
    m = manifest_in(zf)
    assert sorted(int(k) for k in m["icons"]) == [16, 32, 48, 128]
    for size, path in m["icons"].items():
        assert png_size(zf.read(path)) == (int(size), int(size))


def test_both_packages_ship_the_same_code_from_the_sources_and_nothing_else(dist):
    chrome, firefox = zip_of(dist, "chrome"), zip_of(dist, "firefox")
    assert set(chrome.namelist()) == set(firefox.namelist())
    for name in chrome.namelist():
        assert not name.startswith(("tests/", "build/")) and not name.endswith((".md", ".py", ".mjs"))
        assert not any(part.startswith(("_", ".")) for part in name.split("/"))
        if name != "manifest.json":
            # One source of truth: every shipped file is the source file, unchanged, in both packages.
            assert chrome.read(name) == firefox.read(name) == (EXT / name).read_bytes(), name
    for zf in (chrome, firefox):
        assert zf.testzip() is None


def test_rebuilding_gives_identical_zips(dist, tmp_path):
    r = build(tmp_path)
    assert r.returncode == 0, r.stderr
    for browser in ("chrome", "firefox"):
        name = f"follow-up-etiquette-{browser}-{VERSION}.zip"
        assert (tmp_path / name).read_bytes() == (dist / name).read_bytes()


def test_build_refuses_a_worker_that_would_crash_in_firefox(tmp_path):
    # A bare importScripts() throws in a Firefox background page: the build must say so, not ship it.
    src = tmp_path / "extension"
    shutil.copytree(EXT, src, ignore=shutil.ignore_patterns("tests", "build"))
    worker = src / SOURCE_MANIFEST["background"]["service_worker"]
    text = worker.read_text()
    guarded = re.search(r"^if \(typeof importScripts === 'function'\) (importScripts\(.*\);)$", text, re.M)
    assert guarded, "worker.js should load its helpers with a guarded importScripts"
    worker.write_text(text.replace(guarded.group(0), guarded.group(1)))
    r = build(tmp_path / "dist", src=src)
    assert r.returncode == 1
    assert "importScripts" in r.stderr
    assert not (tmp_path / "dist" / f"follow-up-etiquette-firefox-{VERSION}.zip").exists()


def test_firefox_background_scripts_start_without_importScripts(dist):
    # Firefox evaluates the manifest's background scripts in order in one global without importScripts
    # and with `browser`. Run the packaged files that way in Node: the worker must start and listen.
    m = manifest_in(zip_of(dist, "firefox"))
    files = [str(dist / "firefox" / s) for s in m["background"]["scripts"]]
    program = r"""
const vm = require('vm'), fs = require('fs');
const listeners = [];
// Any browser API the worker touches at start-up: calls resolve to nothing, addListener is recorded.
const api = (path) => new Proxy(function () {}, {
  get: (t, k) => (k === 'addListener' ? (f) => listeners.push(path)
    : k === 'then' || typeof k === 'symbol' ? undefined : api(path ? path + '.' + k : k)),
  apply: () => Promise.resolve(undefined),
});
const browser = api('');
const g = { browser, console, URL, AbortController, setTimeout, clearTimeout, fetch: async () => {
  throw new Error('offline'); } };
g.self = g; g.globalThis = g; g.window = g;
const ctx = vm.createContext(g);
for (const f of JSON.parse(process.argv[1])) vm.runInContext(fs.readFileSync(f, 'utf8'), ctx, { filename: f });
console.log(JSON.stringify({ shim: vm.runInContext('browserApi === browser', ctx),
  core: vm.runInContext('typeof EtiquetteCore', ctx), listeners }));
"""
    r = subprocess.run(["node", "-e", program, json.dumps(files)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["shim"] is True
    assert out["core"] == "object"
    assert "runtime.onMessage" in out["listeners"]  # the content scripts and pages can reach it
