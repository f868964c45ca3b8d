"""Writing a file so that it is either the old file or the complete new one.

The data goes to a temporary file in the target's own folder, which is then renamed
over the target: a symlink at the target is replaced, never written through, and an
interrupted run (Ctrl-C, SIGTERM, a crash) leaves the old file untouched.

A target that is not a file — a character device such as ``/dev/null``, a named pipe,
or the process's own ``/dev/stdout`` — is written in place: renaming over it would
replace the device node (as root, ``--output /dev/null`` once turned /dev/null into a
regular file). Block devices are refused.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile

from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.places import within

# The names of this process's own streams: followed even though they are symlinks.
_OWN_STREAMS = re.compile(r"/(?:dev/(?:stdout|stderr|fd/\d+)|proc/self/fd/\d+)")


def _stream(path: str, shown: str) -> bool:
    """True when ``path`` is a character device or a named pipe, or names one of this
    process's own streams; ScorecardError for a block device."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) and _OWN_STREAMS.fullmatch(os.path.abspath(path)):
            info = os.stat(path)
    except OSError:
        return False
    if stat.S_ISBLK(info.st_mode):
        raise ScorecardError("cannot write: it is a block device", shown)
    return stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)


def atomic_write(path: str, data: str | bytes, boundary: str | None = None,
                 display: str | None = None, make_folders: bool = False) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` atomically.

    With ``boundary``, the real path of the target's folder must lie inside it (a folder
    that is a symlink leading out is refused). ``make_folders`` creates missing folders
    (each checked the same way). Raises ScorecardError at ``display`` (default: path).
    """
    shown = display or path
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = os.path.dirname(os.path.abspath(path))
    if make_folders:
        _make_folders(folder, boundary, shown)
    if boundary is not None and not within(os.path.realpath(folder),
                                           os.path.realpath(boundary)):
        raise ScorecardError("cannot write: its folder is a symlink (or under one) that "
                             "points outside the repository", shown)
    if os.path.isdir(path) and not os.path.islink(path):
        raise ScorecardError("cannot write: it is a folder", shown)
    if _stream(path, shown):
        try:
            with open(path, "wb") as fh:
                fh.write(payload)
        except OSError as exc:
            raise ScorecardError(f"cannot write: {exc.strerror or exc}", shown) from None
        return
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.",
                                         suffix=".tmp")
    except OSError as exc:
        raise ScorecardError(f"cannot write: {exc.strerror or exc}", shown) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as exc:  # Ctrl-C and SIGTERM too: no temporary file left behind
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise ScorecardError(f"cannot write: {exc.strerror or exc}", shown) from None
        raise


def _make_folders(folder: str, boundary: str | None, shown: str) -> None:
    """Create ``folder`` and its missing parents, refusing to go through a symlink that
    leads outside ``boundary``."""
    missing = []
    current = folder
    while not os.path.isdir(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for path in reversed(missing):
        if boundary is not None and not within(os.path.realpath(os.path.dirname(path)),
                                               os.path.realpath(boundary)):
            break  # reported by the caller's check of the final folder
        try:
            os.mkdir(path)
        except FileExistsError:
            if os.path.islink(path):  # a dangling symlink where a folder should be
                raise ScorecardError("cannot write: a folder on its path is a dangling "
                                     "symlink", shown) from None
        except OSError as exc:
            raise ScorecardError(f"cannot write: {exc.strerror or exc}", shown) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_boundary(path: str, cwd: str) -> str | None:
    """The folder a file written at ``path`` must stay in: the git work tree holding its
    folder, else the current folder when it is under it; None elsewhere (``/tmp/x``)."""
    from scorecard_cli.core.repos import find_repo_root

    folder = os.path.dirname(os.path.abspath(os.path.join(cwd, path)))
    root = find_repo_root(folder, {})
    if root is not None:
        return root
    return cwd if within(folder, os.path.abspath(cwd)) else None
