"""Fault injection: a build killed at every step of the release switch, a disk that fills at
every kind of write, for `build` and `add`. After each, the current release is whole (every
output agrees on counts and version), the error is one line, and the next build leaves
nothing behind. Builds skip frictionless validation here (test_publish covers it)."""

import errno
import io
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sino_russian_news.errors import DiskFullError, ProjectError
from sino_russian_news.pipeline import publish, raw
from sino_russian_news.pipeline.build import build

from .conftest import copy_project
from .test_releases import ARTICLE, CONTRACT_LINKS, assert_whole_release, leftovers

NEW_ARTICLE = "300_new.txt"


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A project with one release of the five seeds, and an enrichment cache that also holds
    the article the faulty builds add (so they never load spaCy)."""
    base = tmp_path_factory.mktemp("faults")
    old = copy_project(base / "old")
    build(old, validate=False, log=lambda m: None)
    ahead = copy_project(base / "ahead")
    for link, target in CONTRACT_LINKS.items():  # as a git clone has them
        os.symlink(target, ahead / link)
    (base / NEW_ARTICLE).write_text(ARTICLE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        disk = FullDisk(monkeypatch, ahead)  # records every write of an add and a build that parses
        raw.add_files(ahead / "dataset" / "raw", [base / NEW_ARTICLE])
        build(ahead, validate=False, log=lambda m: None)
    shutil.rmtree(old / "dataset" / ".cache")
    shutil.copytree(ahead / "dataset" / ".cache", old / "dataset" / ".cache")
    return old, assert_whole_release(old), base / NEW_ARTICLE, disk.writes


def fresh(warm, tmp_path, add: bool = True) -> Path:
    old, _, article, _ = warm
    project = tmp_path / "project"
    shutil.copytree(old, project, symlinks=True)
    if add:
        raw.add_files(project / "dataset" / "raw", [article])
    return project


# --- kills ----------------------------------------------------------------------------

KILL_AT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from sino_russian_news.pipeline import build, publish

    def kill_at(step):
        if step == sys.argv[2]:
            os.kill(os.getpid(), signal.SIGKILL)

    publish.step_hook = kill_at
    build.build(Path(sys.argv[1]), validate=False, log=lambda m: None)
""")


@pytest.mark.parametrize("step", publish.SWITCH_STEPS)
def test_build_killed_at_each_step_of_the_switch_leaves_one_whole_release(warm, tmp_path, step):
    _, before, _, _ = warm
    project = fresh(warm, tmp_path)
    killed = subprocess.run([sys.executable, "-c", KILL_AT, str(project), step], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    after = assert_whole_release(project)
    switched = publish.SWITCH_STEPS.index(step) >= publish.SWITCH_STEPS.index("switched")
    assert after["article_count"] == (6 if switched else 5)
    assert (after == before) is not switched
    build(project, validate=False, log=lambda m: None)  # the next build cleans up after the killed one
    assert assert_whole_release(project)["article_count"] == 6
    assert leftovers(project) == []


# --- full disk ------------------------------------------------------------------------


class FullDisk:
    """Fails one write in the project with ENOSPC (for the staging database, SQLite's own
    SQLITE_FULL, by capping its page count), counting every write: opening a file for writing, its first
    write, os.write, mkdir, symlink, rename/replace, and each SQLite write phase. With
    fail_at=None it only records the writes, by kind and place."""

    WRITE_MODES = re.compile(r"[wax+]")

    def __init__(self, monkeypatch, root: Path, fail_at: int | None = None):
        self.root = str(root.resolve())
        self.fail_at = fail_at
        self.writes: list[str] = []
        real_open, real_os = (
            io.open,
            {name: getattr(os, name) for name in ("write", "mkdir", "symlink", "rename", "replace", "open")},
        )
        disk = self

        def opened(file, mode="r", *args, **kwargs):
            if isinstance(file, (str, Path)) and self.WRITE_MODES.search(mode):
                disk.write("open", file)
                return FirstWrite(real_open(file, mode, *args, **kwargs), file)
            return real_open(file, mode, *args, **kwargs)

        class FirstWrite:
            def __init__(self, f, name):
                self._f, self._name, self._written = f, name, False

            def write(self, data):
                if not self._written:
                    self._written = True
                    disk.write("first write", self._name)
                return self._f.write(data)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return self._f.__exit__(*exc)

            def __getattr__(self, name):
                return getattr(self._f, name)

        def fd_path(fd):
            return os.readlink(f"/proc/self/fd/{fd}")

        monkeypatch.setattr(io, "open", opened)
        monkeypatch.setattr("builtins.open", opened)
        monkeypatch.setattr(os, "write", lambda fd, data: (self.write("os.write", fd_path(fd)), real_os["write"](fd, data))[1])
        monkeypatch.setattr(
            os,
            "mkdir",
            lambda path, *a, **k: (os.path.isdir(path) or self.write("mkdir", path), real_os["mkdir"](path, *a, **k))[1],
        )
        monkeypatch.setattr(
            os, "symlink", lambda src, dst, *a, **k: (self.write("symlink", dst), real_os["symlink"](src, dst, *a, **k))[1]
        )
        monkeypatch.setattr(
            os, "rename", lambda src, dst, *a, **k: (self.write("rename", dst), real_os["rename"](src, dst, *a, **k))[1]
        )
        monkeypatch.setattr(
            os, "replace", lambda src, dst, *a, **k: (self.write("replace", dst), real_os["replace"](src, dst, *a, **k))[1]
        )

        def os_open(path, flags, *a, **k):
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                self.write("os.open", path)
            return real_os["open"](path, flags, *a, **k)

        monkeypatch.setattr(os, "open", os_open)
        for method in ("insert", "_index"):
            real = getattr(publish.Staging, method)

            def sqlite_phase(staging, *args, _real=real, _method=method, **kwargs):
                if self.write(f"sqlite {_method}", staging.db_path, fail_here=False):
                    # SQLite's own disk full, as SQLite reports it when no page can be had (an
                    # incremental build's copied database may have room for a few rows, so
                    # capping its page count alone would not always make it fail).
                    staging.conn = FullDatabase(staging.conn)
                return _real(staging, *args, **kwargs)

            monkeypatch.setattr(publish.Staging, method, sqlite_phase)

    def write(self, kind: str, path, fail_here: bool = True) -> bool:
        """Record a write; at the chosen one raise ENOSPC (or return True to the caller)."""
        path = os.path.abspath(str(path))
        if not path.startswith(self.root):
            return False
        place = re.sub(r"\.(build|current|adding)-[^/]*", r".\1-*", os.path.relpath(path, self.root))
        self.writes.append(f"{kind} {place}")
        if len(self.writes) - 1 != self.fail_at:
            return False
        if fail_here:
            raise OSError(errno.ENOSPC, "No space left on device", path)
        return True


class FullDatabase:
    """A connection whose every statement fails the way SQLite's SQLITE_FULL does."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, *args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    executemany = execute

    def __enter__(self):
        return self._conn.__enter__()

    def __exit__(self, *exc):
        return self._conn.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def sites(writes: list[str]) -> list[int]:
    """The first write of each kind and place (CSV files are one place: one code path)."""
    seen, firsts = set(), []
    for index, write in enumerate(writes):
        key = re.sub(r"/csv/[^/]+\.csv$", "/csv/*.csv", write)
        if key not in seen:
            seen.add(key)
            firsts.append(index)
    return firsts


@pytest.fixture(scope="module")
def build_writes(warm, tmp_path_factory):
    project = fresh(warm, tmp_path_factory.mktemp("count"))
    with pytest.MonkeyPatch.context() as monkeypatch:
        disk = FullDisk(monkeypatch, project)
        build(project, validate=False, log=lambda m: None)
    return disk.writes


def test_add_and_build_write_only_inside_dataset(warm, build_writes):
    *_, cold_writes = warm
    assert any(" dataset/.cache/enrichment/" in w for w in cold_writes)  # this build parsed, so wrote its cache
    for writes in (cold_writes, build_writes):
        assert writes
        assert [w for w in writes if not w.split(" ")[-1].startswith("dataset/")] == []


def test_disk_full_at_every_kind_of_write_keeps_the_old_release_and_says_so_in_one_line(warm, tmp_path, build_writes):
    _, before, _, _ = warm
    failures = []
    for n, index in enumerate(sites(build_writes)):
        project = fresh(warm, tmp_path / str(n))
        with pytest.MonkeyPatch.context() as monkeypatch:
            FullDisk(monkeypatch, project, fail_at=index)
            with pytest.raises(ProjectError) as error:
                build(project, validate=False, log=lambda m: None)
        message = str(error.value)
        failures.append(build_writes[index])
        print(f"{build_writes[index]} -> {message}")
        assert isinstance(error.value, DiskFullError), (build_writes[index], message)
        assert "\n" not in message and re.fullmatch(
            r"\S+: disk full while writing \S+; the current release is unchanged", message
        ), message
        assert assert_whole_release(project) == before, build_writes[index]
        assert leftovers(project) == [], build_writes[index]
    assert len(failures) >= 12  # staging dir, db phases, CSVs, datapackage, metadata, record, move, switch…
    build(project, validate=False, log=lambda m: None)  # space again: the next build succeeds
    assert assert_whole_release(project)["article_count"] == 6


def test_disk_full_during_add_leaves_raw_as_it_was(warm, tmp_path):
    _, _, article, _ = warm
    project = fresh(warm, tmp_path / "count", add=False)
    with pytest.MonkeyPatch.context() as monkeypatch:
        disk = FullDisk(monkeypatch, project)
        raw.add_files(project / "dataset" / "raw", [article])
    assert len(disk.writes) >= 4
    for index, write in enumerate(disk.writes):
        project = fresh(warm, tmp_path / f"add{index}", add=False)
        raw_dir = project / "dataset" / "raw"
        before = {p.name: p.read_bytes() for p in raw_dir.iterdir()}
        with pytest.MonkeyPatch.context() as monkeypatch:
            FullDisk(monkeypatch, project, fail_at=index)
            with pytest.raises(DiskFullError) as error:
                raw.add_files(raw_dir, [article])
        print(f"add: {write} -> {error.value}")
        assert "\n" not in str(error.value) and "disk full while writing" in str(error.value), write
        assert {p.name: p.read_bytes() for p in raw_dir.iterdir()} == before, write
