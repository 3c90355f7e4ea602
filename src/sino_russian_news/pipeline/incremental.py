"""Incremental builds: after adding k articles, do O(k) work instead of rebuilding the corpus.

A release's rows depend on each article's raw bytes, the code and the curation. So when the
code and curation are unchanged (the build fingerprint stored in the database's
`PRAGMA user_version` matches: not in a table, so the published data do not change with the
code's hash), the build starts its staging database from a copy of the current release's database and:

- finds what changed by comparing the manifest with the release's `articles.source_file` /
  `raw_sha256` (raw files are hashed only when their size or mtime changed: a stat cache);
- deletes the rows of removed and changed articles from every per-article table (the FTS
  index follows through the triggers sqlite-utils created), drops entities no longer
  mentioned, and runs new and changed files alone through cleaning, spaCy and annotation;
- finds syndication pairs for the new signatures only: the old articles' MinHash signatures
  come from a signature store, the LSH is filled with them and queried with the new ones,
  and story groups are recomputed over the whole (small) pair table;
- rebuilds the cheap whole-corpus tables (events links, dataset_info) from the database;
- validates the new rows (offsets: `body[start:end] == text` for every span table) and the
  whole release cheaply (foreign keys, counts) instead of re-reading every CSV.

Anything else (a code, curation or schema change, no previous release, `--no-cache`) is a
full build. The result equals a from-scratch build (tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import translated
from ..schema import TABLES, TABLES_BY_NAME
from . import nlp, raw
from .paths import ProjectPaths

# Tables holding one article's rows, deleted when the article is removed or changes.
ARTICLE_TABLES = tuple(t.name for t in TABLES if "article_id" in t.columns)
# Tables rebuilt from the whole database each time (small).
# (syndication_pairs too, but syndication_pairs() reads the surviving pairs before clearing it.)
WHOLE_CORPUS_TABLES = ("frames", "events", "article_events", "dataset_info")
# Span tables whose new rows must index the body: (table, text column).
SPAN_TABLES = (
    ("paragraphs", "text"),
    ("mentions", "text"),
    ("quotes", "text"),
    ("date_mentions", "text"),
    ("paragraph_frames", "evidence"),
)


def build_fingerprint(paths: ProjectPaths, settings: str = "") -> int:
    """Everything besides the raw files that a release's rows depend on: the package's code and
    shipped models, the curation and Datasette site files, the spaCy model, the version and the
    build's settings that decide which files are used (size limits); 31 bits, as SQLite's
    user_version is a signed 32-bit integer."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    code = sorted(package.rglob("*.py")) + sorted(package.rglob("*.json"))
    for path in code + sorted(paths.curated.glob("*.yml")) + [paths.datasette_site]:
        if path.exists():
            digest.update(str(path.relative_to(path.parents[1])).encode() + b"\0" + path.read_bytes())
    digest.update(f"{__version__}|{nlp.model_version()}|{settings}".encode())
    return int(digest.hexdigest()[:8], 16) >> 1


def stamp(conn: sqlite3.Connection, fingerprint: int) -> None:
    conn.execute(f"PRAGMA user_version = {int(fingerprint)}")


class StatCache:
    """SHA-256 of raw files keyed by stat (size, mtime, ctime): a file is hashed again when any
    changed. ctime moves with a chmod too, so a file made unreadable is read again and refused.
    With `read=False` (a `--no-cache` build) every file is hashed, and the hashes are saved."""

    def __init__(self, path: Path | None, read: bool = True):
        self.path = path
        self.entries: dict[str, list[Any]] = {}
        if read and path is not None and path.exists():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                self.entries = {}  # a damaged cache only costs hashing again
        self.hashed = 0

    def sha256(self, path: Path) -> str:
        with translated(path, "reading"):
            stat = path.stat()
        known = self.entries.get(path.name)
        if known and known[:3] == [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]:
            return str(known[3])
        self.hashed += 1
        digest = raw.file_sha256(path)  # in chunks, and refused in one line if unreadable
        self.entries[path.name] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, digest]
        return digest

    def save(self, present: set[str]) -> None:
        if self.path is None:
            return
        tmp = self.path.with_suffix(".tmp")
        with translated(tmp):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({k: v for k, v in sorted(self.entries.items()) if k in present}), encoding="utf-8")
            os.replace(tmp, self.path)


@dataclass(frozen=True)
class Plan:
    to_process: list[Path]  # raw files to clean and parse (new or changed)
    stale_ids: list[str]  # article ids whose rows must go (removed or changed)


def previous_release(database: Path, fingerprint: int) -> dict[str, tuple[str, str]] | None:
    """source_file → (article_id, raw_sha256) of the current release, if it can be built upon."""
    if not database.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != fingerprint:
                return None
            for table in TABLES:
                columns = [row[1] for row in conn.execute(f'pragma table_info("{table.name}")')]
                if columns != table.columns:
                    return None
            return {
                source: (article_id, sha)
                for source, article_id, sha in conn.execute("select source_file, article_id, raw_sha256 from articles")
            }
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def release_raw_hash(database: Path) -> str | None:
    """The combined raw hash the current release was built from (`dataset_info`), if it has one."""
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            row = conn.execute("select value from dataset_info where key = 'raw_sha256_combined'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def plan(files: list[Path], manifest: dict[str, raw.ManifestEntry], previous: dict[str, tuple[str, str]]) -> Plan:
    to_process = [p for p in files if p.name not in previous or previous[p.name][1] != manifest[p.name].sha256]
    stale = sorted(
        article_id for source, (article_id, sha) in previous.items() if source not in manifest or manifest[source].sha256 != sha
    )
    return Plan(to_process, stale)


def delete_articles(conn: sqlite3.Connection, article_ids: list[str]) -> None:
    """Remove every row of these articles (FTS rows go with them through the triggers)."""
    if not article_ids:
        return
    with conn:
        conn.execute("create temp table if not exists stale_articles (article_id text primary key)")
        conn.execute("delete from stale_articles")
        conn.executemany("insert into stale_articles values (?)", ((a,) for a in article_ids))
        for name in ARTICLE_TABLES:
            conn.execute(f'delete from "{name}" where article_id in (select article_id from stale_articles)')
        conn.execute("delete from syndication_pairs where other_article_id in (select article_id from stale_articles)")


def prune_entities(conn: sqlite3.Connection) -> None:
    """Entities exist because a published article mentions them: drop the ones no longer mentioned."""
    with conn:
        conn.execute("delete from entities where entity_id not in (select entity_id from mentions)")
        conn.execute("delete from entity_aliases where entity_id not in (select entity_id from entities)")


def resolve_entities(
    conn: sqlite3.Connection, new_rows: dict[str, dict[str, Any]], gazetteer: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Corpus-wide person merging over the release's entities and the new articles' ones.

    Returns the entity rows to insert and the whole `entity_aliases` table; deletes the
    release's entities that were merged into another. Approximate: merges made by earlier
    builds are not revisited (their variants' ids are gone from the mentions), so a new
    article that changes which spelling is the most mentioned does not re-elect the canonical
    entity as a scratch build would.
    """
    from . import entities as entity_rules

    columns = TABLES_BY_NAME["entities"].columns
    existing = {
        row[0]: dict(zip(columns, row, strict=True)) for row in conn.execute(f"select {', '.join(columns)} from entities")
    }
    rows = dict(existing)
    for entity_id, row in new_rows.items():
        rows.setdefault(entity_id, row)
    alias_columns = TABLES_BY_NAME["entity_aliases"].columns
    old_aliases = [
        dict(zip(alias_columns, row, strict=True))
        for row in conn.execute(f"select {', '.join(alias_columns)} from entity_aliases")
    ]
    new_aliases = entity_rules.resolve_corpus_entities(conn, rows, gazetteer)
    with conn:
        conn.executemany("delete from entities where entity_id = ?", ((e,) for e in sorted(set(existing) - set(rows))))
        conn.execute("delete from entity_aliases")
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for alias in new_aliases + old_aliases:
        if alias["entity_id"] in rows:
            merged.setdefault((alias["entity_id"], alias["alias"]), alias)
    return [rows[e] for e in rows if e not in existing], sorted(merged.values(), key=lambda r: (r["entity_id"], r["alias"]))


def published_dates(conn: sqlite3.Connection) -> dict[str, str | None]:
    return dict(conn.execute("select article_id, published_date from articles order by article_id"))


def clear_whole_corpus_tables(conn: sqlite3.Connection) -> None:
    with conn:
        for name in WHOLE_CORPUS_TABLES:
            conn.execute(f'delete from "{name}"')


class SignatureStore:
    """MinHash hash values of published articles, keyed by article id, raw SHA-256 and build
    fingerprint (the body, hence the signature, depends on the code too), so an incremental
    build compares new articles with old ones without re-reading old bodies."""

    def __init__(self, path: Path | None, fingerprint: int):
        self.conn = None
        self.fingerprint = fingerprint
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path)
            # The dtype is stored with the bytes: datasketch's hash values are uint32 or uint64 by version.
            self.conn.execute(
                "create table if not exists signatures (article_id text, raw_sha256 text, dtype text, hashvalues blob, primary key (article_id, raw_sha256))"
            )

    def put(self, items: list[tuple[str, str, Any]]) -> None:
        if self.conn is not None:
            with self.conn:
                self.conn.executemany(
                    "insert or replace into signatures values (?, ?, ?, ?)",
                    (
                        (a, self._key(sha), minhash.hashvalues.dtype.str, minhash.hashvalues.tobytes())
                        for a, sha, minhash in items
                    ),
                )

    def get_all(self, wanted: dict[str, str]) -> dict[str, Any]:
        """Hash values for the (article_id → raw_sha256) wanted that the store has."""
        import numpy as np

        found: dict[str, Any] = {}
        if self.conn is None:
            return found
        for article_id, sha, dtype, blob in self.conn.execute("select article_id, raw_sha256, dtype, hashvalues from signatures"):
            if article_id in wanted and self._key(wanted[article_id]) == sha:
                found[article_id] = np.frombuffer(blob, dtype=dtype)
        return found

    def _key(self, raw_sha256: str) -> str:
        return f"{self.fingerprint}:{raw_sha256}"

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


class _Hashes:
    """What MinHashLSH reads of a MinHash: its hash values and their number."""

    def __init__(self, hashvalues: Any):
        self.hashvalues = hashvalues

    def __len__(self) -> int:
        return len(self.hashvalues)


def syndication_pairs(conn: sqlite3.Connection, new_signatures: dict[str, Any], store: SignatureStore) -> list[dict[str, Any]]:
    """The whole pair table, comparing only new articles with all others.

    LSH candidates are the pairs sharing a band (equal hash values over one of the LSH's
    row ranges), a symmetric relation: the full build's candidates that involve a new
    article are all the candidates involving one (syndication.candidate_pairs, first_new).

    With no new signatures (a no-op or remove-only build) the surviving pairs are the whole
    answer: neither the store nor datasketch (which imports scipy, about a second) is read."""
    from . import syndication

    def body_of(article_id: str) -> str:
        (text,) = conn.execute("select body from articles where article_id = ?", (article_id,)).fetchone()
        return str(text)

    # The surviving pairs (those of removed articles were deleted with them); the table is
    # refilled by the caller with these and the new ones, story groups recomputed over all.
    pairs = [
        {"article_id": a, "other_article_id": b, "jaccard": j}
        for a, b, j in conn.execute("select article_id, other_article_id, jaccard from syndication_pairs")
    ]
    with conn:
        conn.execute("delete from syndication_pairs")
    if new_signatures:
        pairs += syndication.scored_pairs(new_candidates(conn, new_signatures, store, body_of), body_of)
    pairs.sort(key=lambda p: (p["article_id"], p["other_article_id"]))
    return syndication.with_story_groups(pairs)


def new_candidates(
    conn: sqlite3.Connection, new_signatures: dict[str, Any], store: SignatureStore, body_of: Callable[[str], str]
) -> set[tuple[str, str]]:
    """The LSH candidate pairs that involve a new article, from the stored signatures of the others."""
    import numpy as np

    from . import syndication

    old_ids = {a: sha for a, sha in conn.execute("select article_id, raw_sha256 from articles") if a not in new_signatures}
    old = store.get_all(old_ids)
    missing = sorted(set(old_ids) - set(old))
    for article_id in missing:  # not in the store (e.g. built before it existed): from the body
        old[article_id] = syndication.signature(body_of(article_id)).hashvalues
    if missing:
        store.put([(a, old_ids[a], _Hashes(old[a])) for a in missing])
    ids = sorted(old) + sorted(new_signatures)
    matrix = np.array(
        [old[a] for a in sorted(old)] + [new_signatures[a].hashvalues for a in sorted(new_signatures)], dtype=np.uint64
    ).reshape(len(ids), syndication.NUM_PERM)
    return syndication.candidate_pairs(ids, matrix, first_new=len(old))


def check_release(conn: sqlite3.Connection, new_ids: list[str], article_count: int) -> None:
    """Cheap checks standing in for re-validating every CSV: the new rows' offsets index their
    body, every article row is complete, and the counts agree."""
    from .paths import DATABASE_FILE
    from .publish import PublishError

    with conn:
        conn.execute("create temp table if not exists new_articles (article_id text primary key)")
        conn.execute("delete from new_articles")
        conn.executemany("insert into new_articles values (?)", ((a,) for a in new_ids))
    for table, column in SPAN_TABLES:
        bad = conn.execute(
            f'select t.article_id, t.start_char from "{table}" t join articles a on a.article_id = t.article_id '
            f"where t.article_id in (select article_id from new_articles) "
            f'and substr(a.body, t.start_char + 1, t.end_char - t.start_char) != t."{column}" limit 3'
        ).fetchall()
        if bad:
            raise PublishError(DATABASE_FILE, f"{table}: offsets do not index the body for {bad}")
    required = [f.name for f in TABLES_BY_NAME["articles"].fields if f.required]
    missing = conn.execute("select count(*) from articles where " + " or ".join(f'"{c}" is null' for c in required)).fetchone()[0]
    if missing:
        raise PublishError(DATABASE_FILE, f"articles: {missing} rows lack a required value")
    (count,) = conn.execute("select count(*) from articles").fetchone()
    if count != article_count:
        raise PublishError(DATABASE_FILE, f"articles: {count} rows but {article_count} expected")
