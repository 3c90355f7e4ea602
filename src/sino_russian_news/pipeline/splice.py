"""CSV exports an incremental build splices instead of rewriting: O(changed articles) bytes written.

A table or view whose rows are ordered by article first (`article_id`, or `published_date,
article_id`) holds each article's rows as one contiguous run of bytes in its CSV. A full
export records where each run starts and ends (`Blocks`, kept in the build cache under the
release's id, which is a hash of the release's contents, so an index can never describe other
bytes). An incremental build then writes each such CSV as: the previous release's bytes for
every article it did not touch (copied in runs, not parsed), and freshly rendered rows for the
articles it touched (the "dirty" set: every article with a row inserted, updated or deleted,
recorded by temporary triggers on the staging database, so entity merges that rewrite old
articles' mentions are caught too). The runs are merged in the SQL order of their keys, so the
file is byte for byte what a full export writes (tests/test_incremental.py compares them).

Tables and views ordered otherwise (aggregates, entities, syndication pairs) are small or
derived from the whole corpus and are exported whole.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

# Columns an article's rows share, allowed before `article_id` in a block key.
ARTICLE_LEVEL_COLUMNS = ("published_date",)
# Per-article tables rebuilt whole by every build (see incremental.py): exported whole.
REBUILT_TABLES = ("article_events", "syndication_pairs")
# Per-article tables whose changes mark an article dirty.
TRACKED_TABLES = ("articles", "paragraphs", "removed_lines", "mentions", "quotes", "paragraph_frames", "date_mentions")
INDEX_VERSION = 1
DIRTY_TABLE = "dirty_articles"
# The WHERE term selecting the rows of the articles this build changed.
DIRTY_ROWS = f"article_id in (select article_id from temp.{DIRTY_TABLE})"

Key = tuple[Any, ...]
# One article's run of rows in a CSV: its key values, then byte start and end.
Block = list[Any]


def block_columns(name: str, order: Sequence[str]) -> tuple[str, ...] | None:
    """The leading sort columns naming an article, when rows are ordered by article first."""
    if name in REBUILT_TABLES:
        return None
    columns: list[str] = []
    for term in order:
        if " " in term:  # a descending or computed term before article_id
            return None
        columns.append(term)
        if term == "article_id":
            return tuple(columns)
        if term not in ARTICLE_LEVEL_COLUMNS:
            return None
    return None


def sort_key(key: Sequence[Any]) -> tuple[tuple[bool, Any], ...]:
    """SQLite's ascending order for text-or-null keys: NULL first, then text by code point."""
    return tuple((value is not None, value) for value in key)


def write_csv(cursor: sqlite3.Cursor, header: Sequence[str], path: Path, key_columns: Sequence[str] | None) -> list[Block] | None:
    """Write header and rows; with key columns, return where each article's run of rows is."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")  # writes None as an empty field
        writer.writerow(header)
        if key_columns is None:
            while batch := cursor.fetchmany(5000):
                writer.writerows(batch)
            return None
        blocks: list[Block] = []
        start = f.tell()  # a byte offset: the file is only written, so no decoder state
        for key, rows in groupby(_rows(cursor), key=_key_getter(header, key_columns)):
            writer.writerows(rows)
            end = f.tell()
            blocks.append([*key, start, end])
            start = end
        return blocks


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple[Any, ...]]:
    while batch := cursor.fetchmany(5000):
        yield from batch


def _key_getter(header: Sequence[str], key_columns: Sequence[str]) -> Any:
    positions = [list(header).index(c) for c in key_columns]
    if len(positions) == 1:
        position = positions[0]
        return lambda row: (row[position],)
    return itemgetter(*positions)


def _render(rows: Iterable[tuple[Any, ...]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def splice_csv(
    cursor: sqlite3.Cursor,
    header: Sequence[str],
    key_columns: Sequence[str],
    old_path: Path,
    old_blocks: list[Block],
    dirty: set[str],
    path: Path,
) -> list[Block]:
    """Write `path` from the old CSV's untouched runs and the dirty articles' rows (`cursor`,
    in the export's order); return the new runs. `article_id` is the last key column.

    Work per untouched article is a list entry (its shifted offsets), no parsing or sorting:
    the fresh articles' places among the kept ones are found by bisection, and the kept bytes
    between two places (and between two removed articles) are copied in one piece."""
    width = len(key_columns)
    kept = [b for b in old_blocks if b[width - 1] not in dirty]
    fresh = [(tuple(key), _render(rows)) for key, rows in groupby(_rows(cursor), key=_key_getter(header, key_columns))]
    # Where the kept blocks stop being adjacent in the old file (a removed article between them).
    cuts = {i for i in range(1, len(kept)) if kept[i][width] != kept[i - 1][width + 1]} if len(kept) < len(old_blocks) else set()
    places = [bisect.bisect_left(kept, sort_key(key), key=lambda b: sort_key(b[:width])) for key, _ in fresh]
    blocks: list[Block] = []
    with old_path.open("rb") as old, path.open("wb") as out:
        out.write(_render([tuple(header)]))
        position = out.tell()

        def copy_kept(first: int, last: int) -> None:
            """Copy kept[first:last], adjacent in the old file, and record their new offsets."""
            nonlocal position
            if first == last:
                return
            start, end = kept[first][width], kept[last - 1][width + 1]
            old.seek(start)
            remaining = end - start
            while remaining:
                chunk = old.read(min(remaining, 1 << 20))
                out.write(chunk)
                remaining -= len(chunk)
            shift = position - start
            blocks.extend([*b[:width], b[width] + shift, b[width + 1] + shift] for b in kept[first:last])
            position += end - start

        boundaries = sorted(cuts | set(places) | {0, len(kept)})
        fresh_at: dict[int, list[tuple[Key, bytes]]] = {}
        for place, item in zip(places, fresh, strict=True):
            fresh_at.setdefault(place, []).append(item)
        for first, last in zip(boundaries, boundaries[1:] + [len(kept)], strict=True):
            for key, data in fresh_at.get(first, []):
                out.write(data)
                blocks.append([*key, position, position + len(data)])
                position += len(data)
            copy_kept(first, last)
    return blocks


class BlockIndex:
    """Where each article's rows are in each CSV of one release, saved in the build cache."""

    def __init__(self, directory: Path | None):
        self.directory = directory

    def path(self, release_id: str) -> Path | None:
        return None if self.directory is None else self.directory / f"{release_id}.json"

    def load(self, release_id: str) -> dict[str, dict[str, Any]]:
        path = self.path(release_id)
        if path is None or not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return {}  # a damaged index only costs a whole export
        if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
            return {}
        files: dict[str, dict[str, Any]] = data.get("files", {})
        return files

    def save(self, release_id: str, files: dict[str, dict[str, Any]]) -> None:
        path = self.path(release_id)
        if path is None or self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": INDEX_VERSION, "files": files}), encoding="utf-8")
        os.replace(tmp, path)

    def prune(self, current: str) -> None:
        """Keep the current release's index only (an incremental build starts from the current release)."""
        if self.directory is not None and self.directory.is_dir():
            for other in self.directory.glob("*.json"):
                if other.name != f"{current}.json":
                    other.unlink(missing_ok=True)


def track_dirty_articles(conn: sqlite3.Connection) -> None:
    """Temporary triggers recording every article whose rows are inserted, updated or deleted."""
    conn.execute(f"create temp table if not exists {DIRTY_TABLE} (article_id text primary key)")
    for table in TRACKED_TABLES:
        for event, rows in (("insert", ("new",)), ("delete", ("old",)), ("update", ("old", "new"))):
            body = " ".join(f"insert or ignore into {DIRTY_TABLE} values ({r}.article_id);" for r in rows)
            conn.execute(
                f'create temp trigger if not exists "dirty_{table}_{event}" after {event} on main."{table}" begin {body} end'
            )


def dirty_articles(conn: sqlite3.Connection) -> set[str]:
    return {a for (a,) in conn.execute(f"select article_id from {DIRTY_TABLE}")}


# Up to this many changed articles are named in the query itself: SQLite pushes an `in (?, …)`
# list into a grouped view (frames_per_article: 0.0005 instead of 0.24 CPU-s at 10,000 articles)
# but not an `in (select …)`. Well under SQLite's limit of 32,766 bound parameters.
DIRTY_IDS_INLINE = 1000


def dirty_filter(dirty: set[str]) -> tuple[str, list[str]]:
    """The WHERE term selecting the changed articles' rows, and its parameters (none when there
    are too many articles to list: then they are read from the dirty table)."""
    if len(dirty) <= DIRTY_IDS_INLINE:
        return f"article_id in ({', '.join('?' * len(dirty))})", sorted(dirty)
    return DIRTY_ROWS, []
