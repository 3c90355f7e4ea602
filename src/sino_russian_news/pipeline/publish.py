"""Publish: write a complete release, check it, and make it current in one atomic step.

A build streams its rows into a staging directory (`dataset/.build-*`), exports the CSVs,
writes datapackage.json and Datasette's metadata.yml, checks the database (`PRAGMA
integrity_check`, foreign keys, counts) and the package (frictionless), fsyncs every file,
and renames the directory to `dataset/releases/<version>-<content hash>/`. Only then does
`dataset/current` switch to it, by `os.replace` of a new symlink over the old one: a
rename, so a reader (or a crash) sees the old release or the new one, never a mix. The
paths of the data contract are relative symlinks through `current` (see paths.py).

A crash at any point leaves `current` on a whole release; what it leaves behind (staging
directories, a half-made symlink, a half-pruned release) is hidden from readers by its
name and removed by the next build, which holds the project's lock (fcntl.flock) while it
cleans and writes, so two builds cannot interleave. Old releases are kept up to a number
(SINO_RUSSIAN_NEWS_KEEP_RELEASES, default 5) and listed by `sino-russian-news releases`.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import IntegrityError, LockedError, ProjectError, translated
from ..schema import TABLES, Field, Table
from ..views import VIEWS, View, view_columns
from . import splice
from .datasette_site import write_metadata
from .parquet import resource_property, write_parquet
from .paths import (
    CSV_DIR,
    DATABASE_FILE,
    DATAPACKAGE_FILE,
    DEFAULT_KEEP_RELEASES,
    KEEP_RELEASES_VARIABLE,
    METADATA_FILE,
    PARQUET_DIR,
    RELEASE_RECORD,
    STAGING_PREFIX,
    SWITCH_PREFIX,
    ProjectPaths,
)

SQLITE_TYPES = {"string": str, "integer": int, "number": float, "boolean": int, "date": str}

# The steps of making a release current, in order. `step_hook` is called with each name as
# the step completes; the fault-injection tests replace it to kill the build there.
SWITCH_STEPS = ("staged", "checked", "synced", "recorded", "moved", "linked", "switched", "pruned")


def _no_fault(step: str) -> None:
    pass


step_hook: Callable[[str], None] = _no_fault


class PublishError(ProjectError):
    """The staged release failed a check; nothing was switched."""


def keep_releases() -> int:
    value = os.environ.get(KEEP_RELEASES_VARIABLE, str(DEFAULT_KEEP_RELEASES))
    if not value.isdigit() or int(value) < 1:
        raise ProjectError(KEEP_RELEASES_VARIABLE, f"must be a whole number of releases to keep, at least 1 (got {value!r})")
    return int(value)


# --- the lock -------------------------------------------------------------------------

_held_locks: dict[Path, int] = {}  # lock file -> depth, for re-entry within one process


@contextlib.contextmanager
def project_lock(paths: ProjectPaths, wait: bool = False) -> Iterator[None]:
    """Hold the project's build lock: refuse at once if another process holds it, or wait.

    flock is tied to the open file, so the kernel releases it when the holder dies: a
    crashed build never leaves a stale lock. Re-entrant within a process (the command line
    takes it around a build, and the build's staging takes it again).
    """
    key = Path(os.path.abspath(paths.lock))
    if key in _held_locks:
        _held_locks[key] += 1
        try:
            yield
        finally:
            _held_locks[key] -= 1
        return
    with translated(paths.lock):
        paths.dataset.mkdir(parents=True, exist_ok=True)
        fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise LockedError(
                paths.lock, f"another build or add is running (pid {holder}); wait for it to end or pass --wait"
            ) from None
        with contextlib.suppress(OSError):  # the pid is only a courtesy to whoever finds the lock held
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _held_locks[key] = 1
        try:
            yield
        finally:
            del _held_locks[key]
    finally:
        os.close(fd)  # releases the flock


def remove_leftovers(paths: ProjectPaths) -> list[Path]:
    """Delete what interrupted builds left: staging directories, switch symlinks, release
    directories without their record. Call only while holding the lock."""
    removed = []
    candidates = list(paths.dataset.glob(f"{STAGING_PREFIX}*")) + list(paths.dataset.glob(f"{SWITCH_PREFIX}*"))
    if paths.releases.is_dir():
        candidates += [p for p in paths.releases.iterdir() if p.name.startswith(".") or not (p / RELEASE_RECORD).is_file()]
    candidates += list(paths.root.glob(f".{DATAPACKAGE_FILE}{SWITCH_PREFIX}*"))
    for path in sorted(candidates):
        with translated(path, "removing"):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        removed.append(path)
    return removed


# --- staging --------------------------------------------------------------------------


class Staging:
    """A release being written: a staging directory with a database the build streams into.

    Rows arrive table by table in batches (one transaction each), so memory stays flat as
    the corpus grows; `finish()` adds indexes and full-text search, exports the CSVs from
    the database, checks, and publishes the release. Leaving the `with` block without
    finishing removes everything written. The project's lock is held from start to end.
    """

    def __init__(self, paths: ProjectPaths, base: Path | None = None, block_index: Path | None = None):
        """`base`: a previous release's database to start from (an incremental build), else empty
        tables. `block_index`: where the CSVs' per-article byte ranges are kept (splice.py), so
        an incremental build copies the previous release's bytes for untouched articles."""
        self.paths = paths
        self.release_id: str | None = None
        self.block_index = splice.BlockIndex(block_index)
        self.blocks: dict[str, dict[str, Any]] = {}
        # The release this one is built on (its CSVs and Parquet files are reused) and its block index.
        self.previous_release = base.resolve().parent if base is not None else None
        self.previous_blocks = self.block_index.load(self.previous_release.name) if self.previous_release else {}
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(project_lock(paths))
        try:
            remove_leftovers(paths)
            with translated(paths.dataset):
                self.directory = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=paths.dataset))
                os.chmod(self.directory, 0o755)  # mkdtemp's 0700 would hide the release from other readers
            self._stack.callback(shutil.rmtree, self.directory, ignore_errors=True)
            self.db_path = self.directory / DATABASE_FILE
            self.incremental = base is not None
            with translated(self.db_path):
                if base is not None:
                    shutil.copyfile(base, self.db_path)
                self.conn = sqlite3.connect(self.db_path)
                self._stack.callback(self.conn.close)
                self.conn.execute("PRAGMA journal_mode = OFF")  # a staging file: a crash discards it anyway
                if base is not None:
                    splice.track_dirty_articles(self.conn)
                else:
                    self._create_tables()
        except BaseException:
            self._stack.close()
            raise

    def _create_tables(self) -> None:
        import sqlite_utils  # not imported by incremental builds: with pandas it costs seconds

        db = sqlite_utils.Database(self.conn)
        for table in TABLES:
            db.table(table.name).create(
                {f.name: SQLITE_TYPES[f.type] for f in table.fields},
                pk=table.primary_key[0] if len(table.primary_key) == 1 else table.primary_key,
                foreign_keys=[(fk.columns[0], fk.table, fk.references[0]) for fk in table.foreign_keys],
                not_null={f.name for f in table.fields if f.required},
            )

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()  # closes the database, removes staging, releases the lock

    def insert(self, rows_by_table: dict[str, list[dict[str, Any]]]) -> None:
        """Append rows, one transaction per call. Plain executemany: the tables were created
        by sqlite-utils above, and its per-value conversions cost more than the parsing."""
        with translated(self.db_path), self.conn:
            for table in TABLES:
                rows = rows_by_table.get(table.name)
                if rows:
                    columns = ", ".join(f'"{c}"' for c in table.columns)
                    marks = ", ".join("?" for _ in table.columns)
                    self.conn.executemany(
                        f'insert into "{table.name}" ({columns}) values ({marks})',
                        ([row.get(c) for c in table.columns] for row in rows),
                    )

    def query(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with translated(self.db_path, "reading"):
            return self.conn.execute(sql, params)

    def finish(
        self, info: dict[str, str], validate: bool = True, timed: Callable[[str], AbstractContextManager[object]] | None = None
    ) -> str:
        """Complete, check and publish the staged release; returns its id."""
        timed = timed or (lambda stage: contextlib.nullcontext())
        dirty, unchanged = self._index(timed)
        descriptor = datapackage_descriptor(info, self.view_fields)
        write_file(self.directory / DATAPACKAGE_FILE, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
        with translated(self.directory / METADATA_FILE):
            write_metadata(self.paths.datasette_site, self.directory / METADATA_FILE, self.view_fields)
        # A large release's CSVs are validated by other processes while this one writes the
        # rest: each CSV as soon as it and the CSVs it refers to are written, while this
        # process writes the next ones, then Parquet, and checks the database. The CSVs come
        # to about the size of the database (10,000 articles: 133 and 142 MB).
        large = self.db_path.stat().st_size >= PARALLEL_VALIDATION_BYTES
        with start_validation(self.directory, large) if validate else contextlib.nullcontext() as validation:
            with timed("CSV export"):
                self._export_csvs(dirty, unchanged, validation.written if validation is not None else lambda name: None)
            previous_parquet = self.previous_release / PARQUET_DIR if self.previous_release is not None else None
            with translated(self.directory / PARQUET_DIR), timed("Parquet export"):
                write_parquet(self.conn, self.directory / PARQUET_DIR, previous_parquet, dirty)
            with translated(self.db_path), timed("compact database (VACUUM)"):
                if not self.incremental:  # compacting a copied release would cost as much as rebuilding it
                    self.conn.execute("VACUUM")
                self.conn.close()
            step_hook("staged")
            with timed("release checks: integrity, counts"):
                check_release(self.directory, info, full=not self.incremental)
            if validation is not None:
                with timed("release checks: frictionless (what is left after the above)"):
                    validation.result()
        step_hook("checked")
        with timed("publish (fsync, switch)"):
            digest = content_hash(self.directory)
            # The export index is saved under the release's id before the switch, so a failure
            # writing it leaves the current release as it was.
            with translated(self.paths.cache.parent):
                self.block_index.save(release_id_of(info, digest), self.blocks)
            self.release_id = publish_release(self.directory, self.paths, info, digest)
        with contextlib.suppress(OSError):  # housekeeping: indexes of releases no longer current
            self.block_index.prune(self.release_id)
        return self.release_id

    def _index(self, timed: Callable[[str], AbstractContextManager[object]]) -> tuple[set[str] | None, set[str]]:
        """Indexes, full-text search, views and stored summaries; returns the articles an
        incremental build changed (None for a full build) and the tables it left unchanged."""
        with translated(self.db_path), timed("indexes, full text, summaries"):
            with self.conn:
                if self.incremental:
                    # The copied release has the indexes, full-text index (kept in step by its
                    # triggers) and views of this code (its fingerprint matched); statistics are
                    # refreshed only for tables whose size changed a lot.
                    self.conn.execute("PRAGMA optimize")
                else:
                    self._create_indexes()
            dirty = splice.dirty_articles(self.conn) if self.incremental else None
            unchanged = self._unchanged_inputs() if dirty == set() else set()
            with self.conn:
                self._store_summaries(unchanged)
            self.view_fields = {view.name: view.fields(view_columns(self.conn, view.name)) for view in VIEWS}
            self.conn.execute("PRAGMA foreign_keys = ON")
            if problems := self.conn.execute("PRAGMA foreign_key_check").fetchall():
                raise PublishError(self.db_path.name, f"foreign key check failed: {problems[:3]}")
        return dirty, unchanged

    def _export_csvs(self, dirty: set[str] | None, unchanged: set[str], written: Callable[[str], None]) -> None:
        """Every table's and view's CSV; `written(name)` is called after each."""
        with translated(self.directory / CSV_DIR):
            (self.directory / CSV_DIR).mkdir()
        for table in TABLES:
            self._export(table.name, table.columns, table.order_by, dirty)
            written(table.name)
        for view in VIEWS:
            if not self._copy_unchanged_view(view, unchanged):
                self._export(view.name, [f.name for f in self.view_fields[view.name]], view.order, dirty)
            written(view.name)

    def _unchanged_inputs(self) -> set[str]:
        """Tables whose rows equal the previous release's, when no article changed (a no-op
        build): the per-article tables (the dirty triggers saw no change) and each other table
        (entities, frames, events, syndication pairs: rewritten over the whole corpus) whose
        rows compare equal both ways with the previous release's database."""
        assert self.previous_release is not None
        previous_db = self.previous_release / DATABASE_FILE
        if not previous_db.is_file():
            return set()
        unchanged = set(splice.TRACKED_TABLES)
        with translated(previous_db, "reading"):
            self.conn.execute("attach database ? as previous", (str(previous_db),))
            try:
                for table in TABLES:
                    if table.name in unchanged:
                        continue
                    name = f'"{table.name}"'
                    counts = self.conn.execute(
                        f"select (select count(*) from main.{name}), (select count(*) from previous.{name})"
                    ).fetchone()
                    if counts[0] != counts[1]:
                        continue
                    differs = self.conn.execute(
                        f"select exists (select * from main.{name} except select * from previous.{name}) "
                        f"or exists (select * from previous.{name} except select * from main.{name})"
                    ).fetchone()[0]
                    if not differs:
                        unchanged.add(table.name)
            finally:
                self.conn.execute("detach database previous")
        return unchanged

    def _store_summaries(self, unchanged: set[str]) -> None:
        """The stored views' tables (views.View.stored), in their view's order, computed
        again unless every table they read is unchanged (the copied release's are current);
        a table kept so joins `unchanged`, for the views that read it."""
        for view in VIEWS:
            if not view.stored:
                continue
            if unchanged and self._reads_only(view, unchanged):
                unchanged.add(view.stored_table)
            else:
                store_summary(self.conn, view)

    def _reads_only(self, view: View, unchanged: set[str]) -> bool:
        return tables_read(self.conn, view.sql) - VIEW_NAMES <= unchanged

    def _copy_unchanged_view(self, view: View, unchanged: set[str]) -> bool:
        """Copy a view's CSV from the previous release when every table it reads is unchanged
        (the view's SQL is this code's: the build fingerprint matched). The aggregate views
        are recomputed over the whole corpus otherwise, ≈ 2 CPU-s at 10,000 articles."""
        if not unchanged or self.previous_release is None:
            return False
        name = view.name
        old_path = self.previous_release / CSV_DIR / f"{name}.csv"
        if not old_path.is_file() or not self._reads_only(view, unchanged):
            return False
        path = self.directory / CSV_DIR / old_path.name
        with translated(path):
            shutil.copyfile(old_path, path)
        if name in self.previous_blocks:
            self.blocks[name] = self.previous_blocks[name]
        return True

    def _create_indexes(self) -> None:
        import sqlite_utils

        db = sqlite_utils.Database(self.conn)
        for table in TABLES:
            for columns in index_columns(table):
                db.table(table.name).create_index(list(columns), if_not_exists=True)
            if table.fts:
                db.table(table.name).enable_fts(list(table.fts), tokenize="porter", create_triggers=True)
        for view in VIEWS:  # a stored view reads its table, filled next (_store_summaries)
            db.create_view(view.name, view.definition, ignore=True)
        self.conn.execute("ANALYZE")  # statistics let the planner pick these indexes for facets and joins

    def _export(self, name: str, columns: Sequence[str], order: Sequence[str], dirty: set[str] | None) -> None:
        """One table's or view's CSV: spliced from the previous release's when its block index
        is known (an incremental build), else written whole; its blocks recorded either way."""
        path = self.directory / CSV_DIR / f"{name}.csv"
        key = splice.block_columns(name, order)
        select = f'select {", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)} from "{name}"'
        previous = self.previous_blocks.get(name)
        old_path = self.previous_release / CSV_DIR / path.name if self.previous_release is not None else None
        blocks: list[splice.Block] | None
        with translated(path):
            if key is not None and dirty is not None and previous is not None and old_path is not None and old_path.is_file():
                where, params = splice.dirty_filter(dirty)
                cursor = self.conn.execute(f"{select} where {where} order by {', '.join(order)}", params)
                blocks = splice.splice_csv(cursor, columns, key, old_path, previous["blocks"], dirty, path)
            else:
                blocks = splice.write_csv(self.conn.execute(f"{select} order by {', '.join(order)}"), columns, path, key)
        if key is not None and blocks is not None:
            self.blocks[name] = {"key": list(key), "blocks": blocks}


VIEW_NAMES = frozenset(view.name for view in VIEWS)


def derivation(view: View) -> str:
    """How a view's rows come from the tables, for its descriptions."""
    if view.stored:
        return f"the SQL view `{view.name}` in the database, whose rows are computed when the release is published (src/sino_russian_news/views.py) and stored in `{view.stored_table}`"
    return f"the SQL view `{view.name}` in the database (src/sino_russian_news/views.py)"


def store_summary(conn: sqlite3.Connection, view: View) -> None:
    """A stored view's rows (views.View.stored), computed now into the table its view reads,
    in the view's order."""
    table = f'"{view.stored_table}"'
    conn.execute(f"drop table if exists {table}")
    conn.execute(f"create table {table} as select * from ({view.sql}) order by {', '.join(view.order)}")
    for columns in view.indexes:
        name = f"idx_{view.stored_table}_{'_'.join(columns)}"
        conn.execute(f'create index "{name}" on {table} ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)})')
    if view.indexes:
        conn.execute(f"analyze {table}")  # statistics, so the planner picks these indexes


def tables_read(conn: sqlite3.Connection, sql: str) -> set[str]:
    """The tables and views a statement reads (a view's own tables included): SQLite reports
    each column read to the authorizer while it prepares the statement (nothing is run)."""
    read: set[str] = set()

    def authorize(action: int, table: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ and table:
            read.add(table)
        return sqlite3.SQLITE_OK

    conn.set_authorizer(authorize)
    try:
        conn.execute(f"explain {sql}").fetchall()
    finally:
        conn.set_authorizer(None)
    return read


def write_file(path: Path, text: str) -> None:
    with translated(path):
        path.write_text(text, encoding="utf-8")


# --- checks ---------------------------------------------------------------------------


def check_release(directory: Path, info: dict[str, str], full: bool = True) -> None:
    """The staged database reads back whole, and every output agrees on the article count.

    `full=False` (an incremental build) runs `PRAGMA quick_check` instead of `integrity_check`:
    the build started from a copy of a release that passed the full check, and quick_check
    still reads every page and checks the b-tree structure, NOT NULL and CHECK constraints;
    what it skips is whether each index agrees with its table, which costs most of the full
    check (2 of 2.4 s at 10,000 articles) and which only SQLite's own writes can change."""
    db_path = directory / DATABASE_FILE
    pragma = "integrity_check" if full else "quick_check"
    with translated(db_path, "checking"):
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            verdict = conn.execute(f"PRAGMA {pragma}").fetchall()
            if verdict != [("ok",)]:
                raise IntegrityError(db_path.name, f"PRAGMA {pragma} failed: {verdict[:3]}")
            stored = dict(conn.execute("select key, value from dataset_info").fetchall())
            db_articles = conn.execute("select count(*) from articles").fetchone()[0]
        finally:
            conn.close()
    csv_path = directory / CSV_DIR / "articles.csv"
    with translated(csv_path, "checking"), csv_path.open(newline="", encoding="utf-8") as f:
        csv_articles = sum(1 for _ in csv.reader(f)) - 1
    counts = {
        "dataset_info": int(stored.get("article_count", -1)),
        "articles table": db_articles,
        "articles.csv": csv_articles,
        "build": int(info["article_count"]),
    }
    if len(set(counts.values())) != 1:
        raise IntegrityError(directory.name, f"article counts disagree: {counts}")
    if stored.get("version") != info["version"]:
        raise IntegrityError(db_path.name, f"version {stored.get('version')!r} is not {info['version']!r}")


def export_csv(conn: sqlite3.Connection, table: Table, path: Path) -> None:
    """One CSV per table from the database, in the table's stable order."""
    columns = ", ".join(f'"{c}"' for c in table.columns)
    cursor = conn.execute(f'select {columns} from "{table.name}" order by {", ".join(table.order_by)}')
    splice.write_csv(cursor, table.columns, path, None)


def index_columns(table: Table) -> list[tuple[str, ...]]:
    """Indexes for browsing: every foreign key and faceted column (Datasette counts facets
    with `group by`), and (article_id, paragraph_index) where paragraphs are joined on."""
    wanted = [fk.columns for fk in table.foreign_keys]
    wanted += [(facet,) for facet in table.facets if (facet,) != table.primary_key[:1]]  # the key's own index serves it
    if {"article_id", "paragraph_index"} <= set(table.columns) and table.primary_key[:2] != ("article_id", "paragraph_index"):
        wanted.append(("article_id", "paragraph_index"))
    return list(dict.fromkeys(wanted))


def export_view_csv(conn: sqlite3.Connection, view: View, fields: tuple[Field, ...], path: Path) -> None:
    """A view's rows as CSV, in the view's declared order, like a table's."""
    columns = ", ".join(f'"{f.name}"' for f in fields)
    cursor = conn.execute(f'select {columns} from "{view.name}" order by {", ".join(view.order)}')
    splice.write_csv(cursor, [f.name for f in fields], path, None)


def _field_descriptor(f: Field) -> dict[str, Any]:
    return {
        "name": f.name,
        "type": f.type,
        "description": f.full_description,
        **({"constraints": f.constraints} if f.constraints else {}),
        **({"trueValues": ["1"], "falseValues": ["0"]} if f.type == "boolean" else {}),
    }


def datapackage_descriptor(info: dict[str, str], view_fields: dict[str, tuple[Field, ...]] | None = None) -> dict[str, Any]:
    resources = []
    for table in TABLES:
        schema: dict[str, Any] = {
            "fields": [_field_descriptor(f) for f in table.fields],
            "primaryKey": list(table.primary_key),
            "missingValues": [""],
        }
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(fk.columns), "reference": {"resource": fk.table, "fields": list(fk.references)}}
                for fk in table.foreign_keys
            ]
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "path": f"dataset/csv/{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
                "parquet": resource_property(table, "dataset/"),
            }
        )
    for view in VIEWS:  # the research questions, derived from the tables above (views.py)
        if view_fields is None or view.name not in view_fields:
            continue
        resources.append(
            {
                "name": view.name,
                "title": view.title,
                "description": f"{view.description} Derived: {derivation(view)}.",
                "path": f"dataset/csv/{view.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [_field_descriptor(f) for f in view_fields[view.name]], "missingValues": [""]},
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "sino-russian-news",
        "title": "Sino-Russian News: coverage of Russia–China relations during the war in Ukraine",
        "description": (
            "Scraped news articles on Russia–China relations during the war in Ukraine, cleaned of "
            "page boilerplate (with an audit of every removed line) and annotated with linked "
            "entities, attributed direct quotes, frame codes, dates, events and syndication."
        ),
        "version": info["version"],
        "homepage": "https://github.com/sino-russian-news/sino-russian-news",
        "keywords": ["Russia", "China", "Ukraine", "news", "media studies", "framing", "quotations", "NLP"],
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 (the dataset's own work: cleaning, metadata, annotations, curation, code books)",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            },
            {
                "name": "other-closed",
                "title": (
                    "The article texts (articles.body, paragraphs, quotes and the raw files) are third-party "
                    "news content owned by their publishers; they are included for non-commercial research "
                    "and text analysis only and are not licensed by this dataset"
                ),
            },
        ],
        "sources": [
            {
                "title": "Scraped news pages (five seed articles from news aggregators republishing CNN, BBC News, Reuters and others)",
                "path": "dataset/raw/MANIFEST.csv",
            },
            {"title": "spaCy en_core_web_sm 3.8.0 (named entities, parse)", "path": "https://spacy.io/models/en#en_core_web_sm"},
            {"title": "Wikidata (entity identifiers)", "path": "https://www.wikidata.org/"},
        ],
        "contributors": [
            {"title": "sino-russian-news maintainers", "role": "author"},
            {"title": "sino-russian-news maintainers", "role": "maintainer"},
        ],
        "resources": resources,
    }


# Below this much CSV, validating in this process is quicker than starting a second one
# (which imports frictionless first, about a second); the five seeds' release is 1 MB.
PARALLEL_VALIDATION_BYTES = 20_000_000


def validate_datapackage(directory: Path) -> None:
    """Validate a release directory's datapackage.json against its CSVs (PublishError if not valid)."""
    with start_validation(directory) as validation:
        validation.result()


class Validation:
    """frictionless validation of a release directory's CSVs against its datapackage.json.

    The descriptor's resource paths are those of the data contract (`dataset/csv/…`,
    relative to the project root, where `datapackage.json` is a symlink into the current
    release); inside the release the CSVs are in `csv/`, so they are read from there.

    A small release is validated in this process when `result()` is called. A large one
    (`large=True`, or PARALLEL_VALIDATION_BYTES of CSV already written) is validated by two
    worker processes, resource by resource, each as soon as `written()` has been called for
    it and for the resources its foreign keys refer to, so the build goes on writing while
    they work: frictionless's own `validate(parallel=True)` falls back to one process when
    any resource has foreign keys, while `validate(name=…)` checks one resource, its
    foreign keys included, against the whole package (about 20 of 22 s at 10,000 articles
    were spent in one core while the other idled). Each worker opens the package once:
    opening it validates the whole descriptor with jsonschema (1.2 s for this project's 27
    resources), which opening it again for each resource repeated."""

    def __init__(self, directory: Path, large: bool | None = None):
        self.directory = directory
        with translated(directory / DATAPACKAGE_FILE, "reading"):
            self.descriptor = json.loads((directory / DATAPACKAGE_FILE).read_text(encoding="utf-8"))
        resources = self.descriptor["resources"]
        for resource in resources:
            resource["path"] = f"{CSV_DIR}/{Path(resource['path']).name}"
        # what each resource's foreign keys refer to ("" is the resource itself)
        self.refers_to = {
            r["name"]: {fk["reference"]["resource"] or r["name"] for fk in r.get("schema", {}).get("foreignKeys", [])}
            for r in resources
        }
        if large is None:  # a finished release: decide by its size
            large = sum((directory / r["path"]).stat().st_size for r in resources) >= PARALLEL_VALIDATION_BYTES
        self.pool = None
        if large and (os.cpu_count() or 1) >= 2:
            from .worker_pool import worker_pool

            self.pool = worker_pool(2, _open_package, (self.descriptor, str(directory)))
        self.done: set[str] = set()
        self.futures: dict[str, Future[list[str]]] = {}

    def written(self, name: str) -> None:
        """`name`'s CSV is complete: validate every resource now complete with what it refers to."""
        self.done.add(name)
        if self.pool is None:
            return
        for resource, referred in self.refers_to.items():
            if resource in self.done and resource not in self.futures and referred <= self.done:
                self.futures[resource] = self.pool.submit(_resource_errors, resource)

    def result(self) -> None:
        """Wait for the verdict: PublishError naming the first errors, if any."""
        if self.pool is None:
            errors = package_errors(self.descriptor, str(self.directory))
        else:
            for name in self.refers_to:  # resources not announced by written(): a finished release
                self.written(name)
            errors = [error for name in self.refers_to for error in self.futures[name].result()]
        if errors:
            raise PublishError(DATAPACKAGE_FILE, "not valid: " + "; ".join(errors[:3]))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


@contextlib.contextmanager
def start_validation(directory: Path, large: bool | None = None) -> Iterator[Validation]:
    """A release's validation, started; its worker processes end with the `with` block."""
    validation = Validation(directory, large)
    try:
        yield validation
    finally:
        validation.close()


def package_errors(descriptor: dict[str, Any], basepath: str) -> list[str]:
    """frictionless's errors for every resource of the package (see `report_errors`)."""
    from frictionless import Package

    return report_errors(Package(descriptor, basepath=basepath).validate())


def report_errors(report: Any) -> list[str]:
    """One line per error of a frictionless report: the file, then frictionless's own message,
    which names the row and field ('csv/quotes.csv: The cell "" in row at position "5" and field
    "speaker" ...'), so a failed release says where to look, not only what kind of error it was."""
    lines = [str(error.message) for error in report.errors]
    return lines + [f"{task.place}: {error.message}" for task in report.tasks for error in task.errors]


_package: Any = None  # a validation worker's package, opened once (_open_package)


def _open_package(descriptor: dict[str, Any], basepath: str) -> None:
    global _package
    from frictionless import Package

    _package = Package(descriptor, basepath=basepath)


def _resource_errors(name: str) -> list[str]:
    """frictionless's errors for one resource of the worker's package, foreign keys included."""
    return report_errors(_package.validate(name=name))


# --- publishing -----------------------------------------------------------------------


def fsync_path(path: Path) -> None:
    """Flush a file or directory to disk, so a rename after it never exposes lost data."""
    with translated(path, "syncing"):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def content_hash(directory: Path) -> str:
    """SHA-256 over every published text file of a release (CSVs, datapackage, metadata), the
    database's schema and the build fingerprint it is stamped with.

    These hold every table's contents and every view's definition, so equal hashes mean equal
    releases (a view rewritten to the same rows is still a new release: its database differs);
    the database file itself is left out as SQLite's page layout is not part of what is published.
    The fingerprint (incremental.build_fingerprint: the code and curation that built it) is in:
    a release that equals an older one on disk is not replaced by it (publish_release), and the
    older one's stamp would make the next build start from scratch instead of building on it."""
    digest = hashlib.sha256()
    files = sorted((directory / CSV_DIR).glob("*.csv")) + [directory / DATAPACKAGE_FILE, directory / METADATA_FILE]
    for path in files:
        with translated(path, "reading"):
            digest.update(f"{path.relative_to(directory)}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    database = directory / DATABASE_FILE
    if database.exists():
        with translated(database, "reading"), contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
            schema = conn.execute("select type, name, sql from sqlite_master where sql is not null order by type, name")
            digest.update(json.dumps(schema.fetchall()).encode())
            digest.update(f"user_version={conn.execute('PRAGMA user_version').fetchone()[0]}".encode())
    return digest.hexdigest()


def release_id_of(info: dict[str, str], digest: str) -> str:
    return f"{info['version']}-{digest[:12]}"


def publish_release(staging: Path, paths: ProjectPaths, info: dict[str, str], digest: str | None = None) -> str:
    """Move a checked staging directory to `releases/<id>` and make it current (`digest`: its
    content_hash, when the caller computed it already)."""
    digest = digest or content_hash(staging)
    release_id = release_id_of(info, digest)
    parquet = sorted((staging / PARQUET_DIR).rglob("*"))
    for path in (
        sorted((staging / CSV_DIR).iterdir())
        + parquet
        + [staging / DATABASE_FILE, staging / DATAPACKAGE_FILE, staging / METADATA_FILE]
    ):
        fsync_path(path)
    fsync_path(staging / CSV_DIR)
    fsync_path(staging / PARQUET_DIR)
    step_hook("synced")
    record = {
        "release_id": release_id,
        "version": info["version"],
        "article_count": int(info["article_count"]),
        "content_sha256": digest,
    }
    write_file(staging / RELEASE_RECORD, json.dumps(record, indent=2) + "\n")
    fsync_path(staging / RELEASE_RECORD)
    fsync_path(staging)
    step_hook("recorded")
    target = paths.release(release_id)
    with translated(paths.releases):
        paths.releases.mkdir(exist_ok=True)
        if (target / RELEASE_RECORD).is_file():
            os.utime(target)  # the same release again: keep the one on disk, now the newest
        else:
            os.rename(staging, target)
    fsync_path(paths.releases)
    step_hook("moved")
    ensure_contract_links(paths)
    switch_current(paths, release_id)
    try:
        prune_releases(paths, keep_releases())
    except ProjectError as error:  # housekeeping: the new release is current and whole already
        print(f"warning: old releases not pruned: {error}", file=sys.stderr)
    step_hook("pruned")
    return release_id


def _replace_with_symlink(link: Path, target: str) -> None:
    """Make `link` a symlink to `target` with one rename (a directory in the way is moved
    aside first, then removed: only when migrating from copied files to links)."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    with translated(link):
        if link.is_dir() and not link.is_symlink():
            aside = link.parent / f"{STAGING_PREFIX}old-{link.name}-{os.getpid()}"
            os.rename(link, aside)
            shutil.rmtree(aside)
        temporary = link.parent / (
            f"{SWITCH_PREFIX}{os.getpid()}" if link.parent.name == "dataset" else f".{link.name}{SWITCH_PREFIX}{os.getpid()}"
        )
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        os.symlink(target, temporary)
        os.replace(temporary, link)


def ensure_contract_links(paths: ProjectPaths) -> None:
    """The data contract's paths as relative symlinks through `current`. They are committed
    to git, so this writes nothing in a clone; it repairs a copy made without them."""
    for link, target in paths.contract_links().items():
        _replace_with_symlink(link, target)


def switch_current(paths: ProjectPaths, release_id: str) -> None:
    temporary = paths.dataset / f"{SWITCH_PREFIX}{os.getpid()}"
    with translated(paths.current):
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        os.symlink(f"{paths.releases.name}/{release_id}", temporary)
        step_hook("linked")
        try:
            os.replace(temporary, paths.current)  # the one atomic step
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    fsync_path(paths.dataset)
    step_hook("switched")


def current_release_id(paths: ProjectPaths) -> str | None:
    if not paths.current.is_symlink():
        return None
    return Path(os.readlink(paths.current)).name


def prune_releases(paths: ProjectPaths, keep: int) -> list[str]:
    """Remove all but the `keep` newest releases (never the current one). Each is first
    renamed to a staging name, so a crash mid-removal leaves a leftover, not a torn release."""
    current = current_release_id(paths)
    kept = [r.release_id for r in list_releases(paths)]
    doomed = [rid for rid in kept[keep:] if rid != current]
    for release_id in doomed:
        aside = paths.dataset / f"{STAGING_PREFIX}pruned-{release_id}"
        with translated(paths.release(release_id), "removing"):
            os.rename(paths.release(release_id), aside)
            shutil.rmtree(aside)
    return doomed


@dataclass(frozen=True)
class Release:
    release_id: str
    path: Path
    version: str | None
    article_count: int | None
    current: bool


def list_releases(paths: ProjectPaths) -> list[Release]:
    """Kept releases, newest first, with what their database says about itself."""
    if not paths.releases.is_dir():
        return []
    current = current_release_id(paths)
    found = [p for p in paths.releases.iterdir() if not p.name.startswith(".") and (p / RELEASE_RECORD).is_file()]
    found.sort(key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
    releases = []
    for path in found:
        version = count = None
        with contextlib.suppress(sqlite3.Error, ValueError, TypeError):
            conn = sqlite3.connect(f"file:{path / DATABASE_FILE}?mode=ro", uri=True)
            try:
                info = dict(conn.execute("select key, value from dataset_info").fetchall())
                version, count = info.get("version"), int(info["article_count"])
            finally:
                conn.close()
        releases.append(Release(path.name, path, version, count, path.name == current))
    return releases
