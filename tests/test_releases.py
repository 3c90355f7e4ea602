"""Releases: each build a whole directory under dataset/releases/, made current by one
symlink switch; contract paths through `current`; old releases kept and listed; a lock
so builds never interleave; leftovers of interrupted builds cleaned by the next one."""

import csv
import fcntl
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sino_russian_news import _release
from sino_russian_news.cli import cli
from sino_russian_news.pipeline import publish, raw
from sino_russian_news.pipeline.build import build
from sino_russian_news.pipeline.paths import ProjectPaths

from .conftest import ROOT

CONTRACT_LINKS = {
    "dataset/sino_russian_news.db": "current/sino_russian_news.db",
    "dataset/csv": "current/csv",
    "dataset/metadata.yml": "current/metadata.yml",
    "datapackage.json": "dataset/current/datapackage.json",
}
ARTICLE = (
    "Xi and Putin meet in Moscow\n\n"
    "Chinese President Xi Jinping arrived in Moscow on Monday for talks with Russian President Vladimir Putin, officials said.\n\n"
    "The two leaders discussed energy supplies and the war in Ukraine, according to state media in both countries.\n"
)


def quick_build(project: Path):
    """A build without frictionless validation (test_publish covers it; it takes seconds)."""
    return build(project, validate=False, log=lambda m: None)


def add_article(project: Path, name: str, text: str = ARTICLE) -> None:
    source = project.parent / name
    source.write_text(text, encoding="utf-8")
    raw.add_files(project / "dataset" / "raw", [source])


def assert_whole_release(project: Path) -> dict:
    """`current` names one complete release, and every output of it agrees on the article
    count and version: database, dataset_info, articles.csv, datapackage.json, release.json,
    and the contract paths resolve into that same release. Returns its release.json."""
    paths = ProjectPaths(project)
    assert paths.current.is_symlink()
    release = paths.current.resolve()
    assert release.parent == paths.releases.resolve()
    record = json.loads((release / "release.json").read_text())
    assert record["release_id"] == release.name == f"{record['version']}-{record['content_sha256'][:12]}"
    assert record["content_sha256"] == publish.content_hash(release)
    conn = sqlite3.connect(f"file:{release / 'sino_russian_news.db'}?mode=ro", uri=True)
    assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
    info = dict(conn.execute("select key, value from dataset_info").fetchall())
    db_count = conn.execute("select count(*) from articles").fetchone()[0]
    conn.close()
    with (release / "csv" / "articles.csv").open(newline="", encoding="utf-8") as f:
        csv_count = sum(1 for _ in csv.DictReader(f))
    descriptor = json.loads((release / "datapackage.json").read_text())
    assert db_count == csv_count == int(info["article_count"]) == record["article_count"]
    assert info["version"] == descriptor["version"] == record["version"]
    for link, target in CONTRACT_LINKS.items():
        assert os.readlink(project / link) == target
        assert (project / link).resolve().parent == release
    return record


def leftovers(project: Path) -> list[str]:
    paths = ProjectPaths(project)
    found = [p.name for p in paths.dataset.glob(".build-*")] + [p.name for p in paths.dataset.glob(".current-*")]
    if paths.releases.exists():
        found += [p.name for p in paths.releases.iterdir() if not (p / "release.json").is_file()]
    return sorted(found + [p.name for p in paths.raw.glob(".adding-*")])


def test_build_publishes_a_release_directory_made_current_by_a_symlink(built):
    project, _ = built
    record = assert_whole_release(project)
    assert record["article_count"] == 5 and record["version"] == "2.5.5"
    assert os.readlink(project / "dataset" / "current") == f"releases/{record['release_id']}"
    assert sorted(p.name for p in (project / "dataset" / "current").iterdir()) == [
        "csv",
        "datapackage.json",
        "metadata.yml",
        "parquet",
        "release.json",
        "sino_russian_news.db",
    ]
    assert leftovers(project) == []


def test_the_package_reads_the_checkout_current_release(built):
    project, _ = built
    files = _release.checkout_release_files(project)
    current = (project / "dataset" / "current").resolve()
    assert files == {"sino_russian_news.db": current / "sino_russian_news.db", "datapackage.json": current / "datapackage.json"}


def test_unchanged_inputs_rebuild_to_the_same_release(project):
    quick_build(project)
    first = assert_whole_release(project)
    quick_build(project)
    assert assert_whole_release(project) == first
    assert [r.release_id for r in publish.list_releases(ProjectPaths(project))] == [first["release_id"]]


def test_old_releases_are_kept_up_to_the_configured_number_and_listed(project, monkeypatch):
    monkeypatch.setenv("SINO_RUSSIAN_NEWS_KEEP_RELEASES", "2")
    quick_build(project)
    ids = [assert_whole_release(project)["release_id"]]
    for name in ("200_first.txt", "201_second.txt"):
        add_article(project, name, ARTICLE.replace("Monday", "Monday" if name.startswith("200") else "Tuesday"))
        quick_build(project)
        ids.append(assert_whole_release(project)["release_id"])
    assert len(set(ids)) == 3
    kept = publish.list_releases(ProjectPaths(project))
    assert [(r.release_id, r.article_count, r.current) for r in kept] == [(ids[2], 7, True), (ids[1], 6, False)]
    result = CliRunner().invoke(cli, ["releases", "--project", str(project)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"* {ids[2]}  version 2.5.5  7 articles", f"  {ids[1]}  version 2.5.5  6 articles"]
    assert leftovers(project) == []


def test_next_build_removes_what_interrupted_builds_left(project):
    quick_build(project)
    paths = ProjectPaths(project)
    (paths.dataset / ".build-killed" / "csv").mkdir(parents=True)
    (paths.dataset / ".build-killed" / "sino_russian_news.db").write_bytes(b"half a database")
    os.symlink("releases/nowhere", paths.dataset / ".current-12345")
    (paths.releases / "2.0.0-0123456789ab").mkdir()  # a release directory without its record
    (paths.raw / ".adding-300_new.txt").write_text("half a file")
    assert leftovers(project) == [".adding-300_new.txt", ".build-killed", ".current-12345", "2.0.0-0123456789ab"]
    add_article(project, "202_after_crash.txt")  # add clears its own half-written files
    quick_build(project)
    assert leftovers(project) == []
    assert assert_whole_release(project)["article_count"] == 6


def test_contract_paths_are_committed_relative_symlinks_and_leftovers_are_ignored():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-s", *CONTRACT_LINKS], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    modes = {line.split("\t")[1]: line.split()[0] for line in listed.splitlines()}
    assert modes == {path: "120000" for path in CONTRACT_LINKS}  # symlinks, not files
    for path, target in CONTRACT_LINKS.items():
        assert os.readlink(ROOT / path) == target
    tracked = subprocess.run(
        ["git", "ls-files", "dataset/csv*", "dataset/releases*", "dataset/current*"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert tracked.split() == ["dataset/csv"]  # the link only, no generated CSV
    ignored = [
        "dataset/releases/2.0.0-0123456789ab/sino_russian_news.db",
        "dataset/current",
        "dataset/.build-x1y2",
        "dataset/.current-4242",
        "dataset/.build.lock",
        "dataset/raw/.adding-300_new.txt",
    ]
    result = subprocess.run(["git", "check-ignore", "--no-index", *ignored], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.split() == ignored


HOLD_LOCK = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.pwrite(fd, b"424242\\n", 0)
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def hold_lock(project: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(ProjectPaths(project).lock), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "locked\n"
    return holder


def test_a_second_build_or_add_refuses_in_one_line_while_one_runs(project):
    holder = hold_lock(project, 30)
    try:
        lock = ProjectPaths(project).lock
        for args in (["build", "--project", str(project)], ["add", "--project", str(project), str(ROOT / "README.md")]):
            started = time.perf_counter()
            result = CliRunner().invoke(cli, args)
            assert time.perf_counter() - started < 5
            assert result.exit_code == 1
            assert (
                result.output
                == f"Error: {lock}: another build or add is running (pid 424242); wait for it to end or pass --wait\n"
            )
        with pytest.raises(publish.LockedError):
            build(project, log=lambda m: None)
    finally:
        holder.kill()
        holder.wait()
    assert not (project / "dataset" / "current").exists()


def test_wait_waits_for_the_running_build_then_proceeds(project, tmp_path):
    source = tmp_path / "203_waited.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    holder = hold_lock(project, 1.5)
    try:
        started = time.perf_counter()
        result = CliRunner().invoke(cli, ["add", "--wait", "--project", str(project), str(source)])
        waited = time.perf_counter() - started
    finally:
        holder.wait()
    assert result.exit_code == 0, result.output
    assert 1.0 < waited < 10
    assert "203_waited.txt" in raw.verify(project / "dataset" / "raw")


def test_the_lock_is_released_when_its_holder_dies(project):
    holder = hold_lock(project, 60)
    holder.kill()
    holder.wait()
    fd = os.open(ProjectPaths(project).lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # no stale lock to delete by hand
    finally:
        os.close(fd)


def test_a_rewritten_view_or_other_code_makes_a_new_release_even_when_every_csv_is_the_same(tmp_path):
    import sqlite3

    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "quotes.csv").write_text("quote_id\nq1\n", encoding="utf-8")
    (tmp_path / "datapackage.json").write_text("{}", encoding="utf-8")
    (tmp_path / "metadata.yml").write_text("title: t\n", encoding="utf-8")
    conn = sqlite3.connect(tmp_path / "sino_russian_news.db")
    conn.execute("create table quotes (quote_id text)")
    conn.execute("create view quoted as select quote_id from quotes")
    conn.commit()
    before = publish.content_hash(tmp_path)
    conn.execute("drop view quoted")
    conn.execute("create view quoted as select quote_id from quotes where quote_id is not null")
    conn.commit()
    after_view = publish.content_hash(tmp_path)
    assert after_view != before
    conn.execute("PRAGMA user_version = 12345")  # built by other code: the stamp a next build checks
    conn.commit()
    conn.close()
    assert publish.content_hash(tmp_path) != after_view
