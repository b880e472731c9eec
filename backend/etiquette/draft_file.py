"""Reading a draft from a file or stdin the way a linter does: bounded, decoded strictly, and every
problem said in one line that names the file (and, for bad bytes, where they are).

The size limit is the API's (:data:`etiquette.vocab.MAX_TEXT`): the command line checks no more
than the extension may send. At most a fixed number of bytes is read, so a 5 MB file is refused at
once instead of being decoded and checked for seconds.
"""

from __future__ import annotations

import codecs

from .vocab import MAX_TEXT

# No supported encoding needs more than 8 bytes for one character (UTF-8 and UTF-32 take 4).
MAX_BYTES = MAX_TEXT * 8


class DraftFileError(Exception):
    """The draft cannot be checked; ``message`` is the whole line to print (it names the file)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def encoding_name(value: str) -> str:
    """The codec's canonical name, for argparse. :raise LookupError: not an encoding Python knows."""
    return codecs.lookup(value).name


def read_bytes(fh, name: str) -> bytes:
    """Up to :data:`MAX_BYTES` + 1 bytes from a binary file object. :raise DraftFileError: unreadable."""
    try:
        return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DraftFileError(f"{name}: cannot read: {exc.strerror or exc}") from None


def open_and_read(path: str) -> bytes:
    """The first bytes of ``path``. :raise DraftFileError: missing, a folder, or unreadable."""
    try:
        with open(path, "rb") as fh:
            return read_bytes(fh, path)
    except OSError as exc:
        raise DraftFileError(f"{path}: cannot read: {exc.strerror or exc}") from None


def decode(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """``data`` as text, at most :data:`MAX_TEXT` characters; a UTF-8 byte-order mark is dropped.

    :raise DraftFileError: the bytes are not valid in ``encoding``, or the draft is too long.
    """
    if len(data) > MAX_BYTES:
        raise DraftFileError(
            f"{name}: more than {MAX_TEXT:,} characters; a draft may have at most "
            f"{MAX_TEXT:,} (the same limit as the API)"
        )
    skipped = 0
    if codecs.lookup(encoding).name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        skipped = len(codecs.BOM_UTF8)
    try:
        text = data[skipped:].decode(encoding)
    except UnicodeDecodeError as exc:
        at = skipped + exc.start
        line = data.count(b"\n", 0, at) + 1
        hint = (
            "save it as UTF-8, or name its encoding with --encoding (for example --encoding latin-1)"
            if codecs.lookup(encoding).name == "utf-8"
            else "check the --encoding you gave"
        )
        raise DraftFileError(
            f"{name}: not valid {encoding} at byte {at} (line {line}, byte 0x{data[at]:02x}); {hint}"
        ) from None
    if len(text) > MAX_TEXT:
        raise DraftFileError(
            f"{name}: {len(text):,} characters; a draft may have at most {MAX_TEXT:,} "
            "(the same limit as the API)"
        )
    return text
