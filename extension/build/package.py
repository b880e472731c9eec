#!/usr/bin/env python3
"""Build the Chrome and Firefox packages of the extension from the one source folder, extension/.

There is no bundler and no second copy of any code: both packages are the same files. The only thing
that differs is manifest.json, and the Firefox one is *derived* here from extension/manifest.json:

* Firefox has no extension service workers; it runs the same worker.js as background scripts, after the
  libraries the worker would otherwise load with importScripts (read from worker.js itself, so adding
  a library there is enough for both browsers).
* AMO needs an add-on id and a data-collection declaration in browser_specific_settings.gecko, and a
  strict_min_version new enough to understand them (140 desktop, 142 Android), or web-ext lint warns.
* Chrome-only keys (minimum_chrome_version) mean nothing to Firefox and are dropped.

Output (default ./dist at the repository root):
  dist/chrome/, dist/firefox/                       unpacked, loadable as they are
  dist/follow-up-etiquette-<browser>-<version>.zip  the store uploads

Only the standard library is used, so a fresh clone with python3 can build. Run it as a script
(`python3 extension/build/package.py`), not by importing it: an import would leave a __pycache__
folder inside extension/, and Chrome refuses to load an unpacked extension with a name starting "_".
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

SRC = Path(__file__).resolve().parents[1]
ROOT = SRC.parent
PACKAGE_NAME = "follow-up-etiquette"

# What the packages leave out: the Node tests, this build folder, and the developer docs (STORE.md is
# pasted into the store forms, README.md is for people reading the repository).
EXCLUDED_TOP = {"tests", "build", "README.md", "STORE.md"}

GECKO = {
    "id": "follow-up-etiquette@local",
    # 140 is the first desktop Firefox (and the current ESR line) that knows data_collection_permissions.
    "strict_min_version": "140.0",
    # The extension only talks to a backend on the user's own computer: nothing is collected.
    "data_collection_permissions": {"required": ["none"]},
}
# Firefox for Android learned data_collection_permissions in 142; without this key the desktop minimum
# would apply to Android too and web-ext lint warns KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION.
# (Setting only gecko 142.0 would also lint clean, but would shut out desktop ESR 140 users.)
GECKO_ANDROID = {"strict_min_version": "142.0"}
CHROME_ONLY_KEYS = ("minimum_chrome_version",)

# A fixed time stamp makes the zips byte-for-byte reproducible from the same sources.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class BuildError(Exception):
    pass


def source_files(src: Path) -> list[Path]:
    """Every file the packages ship, as paths relative to extension/, in a stable order."""
    files = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if rel.parts[0] in EXCLUDED_TOP:
            continue
        # Dot files (editor swap files, .DS_Store) and "_" names (__pycache__; Chrome reserves "_").
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if path.is_file():
            files.append(rel)
    return files


def worker_libraries(worker_source: str) -> list[str]:
    """The scripts worker.js loads with importScripts(...), in order, as package-relative paths."""
    libs: list[str] = []
    for call in re.finditer(r"\bimportScripts\s*\(([^)]*)\)", worker_source):
        for literal in re.findall(r"""['"]([^'"]+)['"]""", call.group(1)):
            rel = literal.lstrip("/")
            if rel not in libs:
                libs.append(rel)
    return libs


def firefox_manifest(chrome: dict, worker_source: str) -> dict:
    background = chrome.get("background") or {}
    worker = background.get("service_worker")
    if not worker:
        raise BuildError("extension/manifest.json has no background.service_worker to convert")
    if re.search(r"^\s*importScripts\s*\(", worker_source, re.M):
        # A bare top-level call throws in a Firefox background page, where importScripts does not exist.
        raise BuildError(
            f"{worker} calls importScripts unguarded; write "
            "`if (typeof importScripts === 'function') importScripts(...)` so Firefox can run it"
        )
    manifest = {}
    for key, value in chrome.items():
        if key in CHROME_ONLY_KEYS:
            continue
        if key == "background":
            rest = {k: v for k, v in value.items() if k not in ("service_worker", "type")}
            value = {"scripts": worker_libraries(worker_source) + [worker], **rest}
        manifest[key] = value
    settings = dict(chrome.get("browser_specific_settings") or {})
    settings["gecko"] = {**GECKO, **settings.get("gecko", {})}
    settings["gecko_android"] = {**GECKO_ANDROID, **settings.get("gecko_android", {})}
    manifest["browser_specific_settings"] = settings
    return manifest


def referenced_files(manifest: dict) -> set[str]:
    """Files the manifest points at; a package missing one would fail to load or show a broken icon."""
    refs: set[str] = set()
    refs.update((manifest.get("background") or {}).get("scripts", []))
    if (manifest.get("background") or {}).get("service_worker"):
        refs.add(manifest["background"]["service_worker"])
    for cs in manifest.get("content_scripts", []):
        refs.update(cs.get("js", []))
        refs.update(cs.get("css", []))
    refs.update((manifest.get("icons") or {}).values())
    action = manifest.get("action") or {}
    refs.update((action.get("default_icon") or {}).values())
    if action.get("default_popup"):
        refs.add(action["default_popup"])
    if (manifest.get("options_ui") or {}).get("page"):
        refs.add(manifest["options_ui"]["page"])
    return refs


def page_references(page: Path, package_dir: Path) -> set[str]:
    """Local <script src> and <link href> of an extension page, relative to the package root."""
    html = page.read_text(encoding="utf-8")
    refs = set()
    for target in re.findall(r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']([^"'#?]+)""", html, re.I):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            continue  # an absolute URL; extension pages here have none (the CSP forbids them anyway)
        resolved = (page.parent / target).resolve()
        refs.add(resolved.relative_to(package_dir.resolve()).as_posix())
    return refs


def check_complete(package_dir: Path, manifest: dict) -> None:
    refs = referenced_files(manifest)
    for ref in sorted(refs):
        if ref.endswith(".html") and (package_dir / ref).is_file():
            refs = refs | page_references(package_dir / ref, package_dir)
    missing = sorted(r for r in refs if not (package_dir / r).is_file())
    if missing:
        raise BuildError(f"{package_dir.name}: the manifest or its pages reference missing files: {missing}")


def write_tree(src: Path, dest: Path, files: list[Path], manifest_bytes: bytes) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    for rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.as_posix() == "manifest.json":
            target.write_bytes(manifest_bytes)
        else:
            shutil.copyfile(src / rel, target)


def write_zip(zip_path: Path, tree: Path) -> None:
    if zip_path.exists():
        zip_path.unlink()
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in tree.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(tree).as_posix(), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())


def build(src: Path, out: Path) -> dict[str, Path]:
    chrome_bytes = (src / "manifest.json").read_bytes()
    chrome = json.loads(chrome_bytes)
    version = chrome["version"]
    worker_source = (src / chrome["background"]["service_worker"]).read_text(encoding="utf-8")
    firefox = firefox_manifest(chrome, worker_source)
    files = source_files(src)
    out.mkdir(parents=True, exist_ok=True)
    zips = {}
    for browser, manifest, manifest_bytes in (
        ("chrome", chrome, chrome_bytes),  # Chrome ships the source manifest byte for byte
        ("firefox", firefox, (json.dumps(firefox, indent=2, ensure_ascii=False) + "\n").encode()),
    ):
        tree = out / browser
        write_tree(src, tree, files, manifest_bytes)
        check_complete(tree, manifest)
        zips[browser] = out / f"{PACKAGE_NAME}-{browser}-{version}.zip"
        write_zip(zips[browser], tree)
    return zips


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=SRC, help="extension source folder (default: extension/)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder (default: ./dist)")
    args = parser.parse_args(argv)
    try:
        zips = build(args.src.resolve(), args.out.resolve())
    except BuildError as e:
        print(f"package: {e}", file=sys.stderr)
        return 1
    for browser, path in zips.items():
        print(f"{browser:8} {path}  ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
