"""Files only the user may read: the data directory (0700), the database, tokens and pairing codes (0600).

Another user on the machine must not be able to read a token, nor plant one we would then trust: a
file we read secrets from must be owned by us and writable by nobody else. We never chmod a file we do
not own (that would only hide a planted file), and we open with ``O_NOFOLLOW`` and check the open file
descriptor, so a symlink swapped in between the check and the read cannot redirect us.
"""

from __future__ import annotations

import os
import stat

POSIX = os.name == "posix"


class NotPrivate(Exception):
    """A secret's file is not the user's own (``message`` says what is wrong and how to fix it)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def ensure_dir(path: str) -> None:
    """Create ``path`` (and parents) with mode 0700; an existing directory of ours is tightened to 0700.

    :raise OSError: the directory cannot be created.
    """
    existed = os.path.isdir(path)
    os.makedirs(path, mode=0o700, exist_ok=True)
    if POSIX and not existed:
        os.chmod(path, 0o700)  # makedirs' mode is filtered by the umask only for the leaf; be exact


def tighten_own_dir(path: str) -> None:
    """The data directory: 0700 if it is ours and looser; someone else's directory is left alone."""
    if not POSIX:
        return
    try:
        st = os.stat(path)
    except OSError:
        return
    if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)


def _check(st: os.stat_result, path: str, what: str, *, allow_readable: bool) -> None:
    if not POSIX:
        return
    if not stat.S_ISREG(st.st_mode):
        raise NotPrivate(f"{what} {path} is not a regular file.")
    if st.st_uid != os.getuid():
        raise NotPrivate(
            f"{what} {path} belongs to another user (uid {st.st_uid}); refusing it. "
            "Delete it, or point to a file of your own."
        )
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o022:
        raise NotPrivate(
            f"{what} {path} can be written by other users (mode {mode:o}); refusing it. "
            f"Run `chmod 600 {path}` after checking its contents."
        )
    if mode & 0o044 and not allow_readable:
        raise NotPrivate(
            f"{what} {path} can be read by other users (mode {mode:o}); refusing it. Run `chmod 600 {path}`."
        )


def read_private(path: str, what: str, *, tighten: bool = False) -> str:
    """The text of a file of ours that nobody else can write (nor read, unless ``tighten`` makes it 0600).

    :raise FileNotFoundError: no such file.
    :raise NotPrivate: not ours, a symlink or special file, or writable (or readable) by others.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        if os.path.islink(path):
            raise NotPrivate(f"{what} {path} is a symbolic link; refusing it.") from None
        raise NotPrivate(f"{what} {path} cannot be read: {exc.strerror}.") from None
    try:
        st = os.fstat(fd)
        _check(st, path, what, allow_readable=tighten)
        if POSIX and tighten and stat.S_IMODE(st.st_mode) & 0o077:
            os.fchmod(fd, 0o600)  # our own file, loosened: a readable secret protects nothing
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(64 * 1024)
    finally:
        os.close(fd)
    return data.decode("utf-8", errors="replace")


def write_private(path: str, text: str) -> None:
    """Replace ``path`` atomically with a 0600 file holding ``text`` (its directory made 0700 if new).

    :raise OSError: it cannot be written.
    """
    directory = os.path.dirname(os.path.abspath(path))
    ensure_dir(directory)
    tmp = f"{path}.tmp-{os.getpid()}-{os.urandom(4).hex()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def create_private_file(path: str) -> None:
    """Create an empty 0600 file at ``path`` if there is none (SQLite then keeps those modes)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return
    os.close(fd)


def tighten_own_file(path: str) -> None:
    """Drop group and other bits from a file of ours (never adds a bit: a read-only file stays so)."""
    if not POSIX:
        return
    try:
        st = os.lstat(path)
    except OSError:
        return
    if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
        try:
            os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)
        except OSError:
            pass
