"""One exception family for everything a user can cause or meet: a bad file, a full disk.

Every error names one file and says what is wrong with it in one line (`<file>: <reason>`),
so the command line can print it and exit 1 without a traceback (`--debug` shows one).
Low-level failures (OSError, SQLite's "disk is full") are turned into these at the place
that knows which file was being written, by `translated` below.
"""

from __future__ import annotations

import errno
import sqlite3
from contextlib import contextmanager
from pathlib import Path


class ProjectError(Exception):
    """A failure the user can act on: `path` is the file concerned, `reason` one line about it."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = " ".join(str(reason).split())  # one line, whatever the cause's text held
        super().__init__(f"{self.shown_path()}: {self.reason}")

    def shown_path(self) -> str:
        return str(self.path)


class DiskFullError(ProjectError):
    def __init__(self, path: Path | str):
        super().__init__(path, f"disk full while writing {Path(path).name}; the current release is unchanged")


class LockedError(ProjectError):
    """Another build (or `add`) holds the project's lock."""


class IntegrityError(ProjectError):
    """A file the build wrote does not read back as written (SQLite integrity check, validation)."""


_OS_REASONS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "read-only file system",
    errno.ENOENT: "no such file or directory",
    errno.EISDIR: "is a directory, not a file",
    errno.ENOTDIR: "a path component is not a directory",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENAMETOOLONG: "file name too long",
    errno.EIO: "input/output error",
}


def from_os_error(error: OSError, path: Path | str | None = None, doing: str = "writing") -> ProjectError:
    """The one-line error for an OSError met while `doing` something to `path`."""
    path = Path(path if path is not None else (error.filename or "?"))
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(path)
    reason = _OS_REASONS.get(error.errno or -1, error.strerror or error.__class__.__name__)
    return ProjectError(path, f"{reason} while {doing} it")


def from_sqlite_error(error: sqlite3.Error, path: Path | str) -> ProjectError:
    text = str(error).lower()
    if "disk is full" in text or "disk full" in text:
        return DiskFullError(path)
    if "readonly" in text or "read-only" in text:
        return ProjectError(path, "read-only database or file system")
    if "malformed" in text or "not a database" in text:
        return IntegrityError(path, f"SQLite database is corrupt ({error})")
    return ProjectError(path, f"SQLite error: {error}")


@contextmanager
def translated(path: Path | str, doing: str = "writing"):
    """Run a block that reads or writes `path`; OS and SQLite failures become ProjectErrors."""
    try:
        yield
    except ProjectError:
        raise
    except OSError as error:
        # Disk full is about what was being written; other errors name their own file best.
        named = path if error.errno in (errno.ENOSPC, errno.EDQUOT) or not error.filename else error.filename
        raise from_os_error(error, named, doing) from error
    except sqlite3.Error as error:
        raise from_sqlite_error(error, path) from error


def one_line(error: BaseException) -> str:
    """What the command line prints for any failure: the error's own line when it is ours."""
    if isinstance(error, ProjectError):
        return str(error)
    if isinstance(error, OSError):
        return str(from_os_error(error, doing="accessing"))
    text = " ".join(str(error).split()) or error.__class__.__name__
    if type(error).__module__.startswith("sino_russian_news.") and text:
        return text  # the project's other errors already say `<file>: <reason>`
    return f"{error.__class__.__name__}: {text} (run with --debug for the traceback)"
