"""Publish: write the SQLite database, the CSVs and datapackage.json, all or nothing.

Everything is written under a temporary directory beside the outputs (see Staging),
validated there, and only then moved into place, so a failed build leaves the last good
release untouched.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from ..schema import TABLES, Field, Table
from ..views import VIEWS, View, view_columns
from .datasette_site import write_metadata
from .parquet import resource_property, write_parquet
from .paths import ProjectPaths

SQLITE_TYPES = {"string": str, "integer": int, "number": float, "boolean": int, "date": str}


class PublishError(Exception):
    pass


class Staging:
    """A release being written: a temporary directory with a database the build streams into.

    Rows arrive table by table in batches (one transaction each), so memory stays flat as
    the corpus grows; `finish()` adds indexes and full-text search, exports the CSVs from
    the database, validates, and swaps the release in. Leaving the `with` block without
    finishing removes everything written.
    """

    def __init__(self, paths: ProjectPaths, base: Path | None = None):
        """`base`: a previous release's database to start from (an incremental build), else empty tables."""
        import sqlite_utils

        self.paths = paths
        paths.dataset.mkdir(parents=True, exist_ok=True)
        self.directory = Path(tempfile.mkdtemp(prefix=".build-", dir=paths.dataset))
        self.db_path = self.directory / "sino_russian_news.db"
        self.incremental = base is not None
        if base is not None:
            shutil.copyfile(base, self.db_path)
        self.conn = sqlite3.connect(self.db_path)
        self.conn.execute("PRAGMA journal_mode = OFF")  # a staging file: a crash discards it anyway
        self.db = sqlite_utils.Database(self.conn)
        for table in TABLES if base is None else ():
            self.db[table.name].create(
                {f.name: SQLITE_TYPES[f.type] for f in table.fields},
                pk=table.primary_key[0] if len(table.primary_key) == 1 else table.primary_key,
                foreign_keys=[(fk.columns[0], fk.table, fk.references[0]) for fk in table.foreign_keys],
                not_null={f.name for f in table.fields if f.required},
            )

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        self.conn.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def insert(self, rows_by_table: dict[str, list[dict]]) -> None:
        """Append rows, one transaction per call. Plain executemany: the tables were created
        by sqlite-utils above, and its per-value conversions cost more than the parsing."""
        with self.conn:
            for table in TABLES:
                rows = rows_by_table.get(table.name)
                if rows:
                    columns = ", ".join(f'"{c}"' for c in table.columns)
                    marks = ", ".join("?" for _ in table.columns)
                    self.conn.executemany(
                        f'insert into "{table.name}" ({columns}) values ({marks})',
                        ([row.get(c) for c in table.columns] for row in rows),
                    )

    def query(self, sql: str, params=()):
        return self.conn.execute(sql, params)

    def finish(self, info: dict[str, str], validate: bool = True, timed=None) -> None:
        timed = timed or (lambda stage: contextlib.nullcontext())
        with timed("indexes, full text, CSV export"):
            self._index_and_export()
        descriptor = datapackage_descriptor(info, self.view_fields)
        (self.directory / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        write_metadata(self.paths.datasette_site, self.directory / "metadata.yml")
        if validate:
            with timed("frictionless validation"):
                validate_datapackage(self.directory / "datapackage.json")
        swap_in(self.directory, self.paths)

    def _index_and_export(self) -> None:
        with self.conn:
            for table in TABLES:
                for columns in index_columns(table):
                    self.db[table.name].create_index(list(columns), if_not_exists=True)
                if table.fts and not self.db[table.name].detect_fts():  # a copied release keeps its index, synced by triggers
                    self.db[table.name].enable_fts(list(table.fts), tokenize="porter", create_triggers=True)
            for view in VIEWS:
                self.db.create_view(view.name, view.sql, ignore=True)
            self.conn.execute("ANALYZE")  # statistics let the planner pick these indexes for facets and joins
        self.view_fields = {view.name: view.fields(view_columns(self.conn, view.name)) for view in VIEWS}
        self.conn.execute("PRAGMA foreign_keys = ON")
        if problems := self.conn.execute("PRAGMA foreign_key_check").fetchall():
            raise PublishError(f"foreign key check failed: {problems[:3]}")
        (self.directory / "dataset" / "csv").mkdir(parents=True)
        for table in TABLES:
            export_csv(self.conn, table, self.directory / "dataset" / "csv" / f"{table.name}.csv")
        for view in VIEWS:
            export_view_csv(self.conn, view, self.view_fields[view.name], self.directory / "dataset" / "csv" / f"{view.name}.csv")
        write_parquet(self.conn, self.directory / "dataset" / "parquet")
        if not self.incremental:  # compacting a copied release would cost as much as rebuilding it
            self.conn.execute("VACUUM")
        self.conn.close()


def export_csv(conn: sqlite3.Connection, table: Table, path: Path) -> None:
    """One CSV per table from the database, in the table's stable order."""
    columns = ", ".join(f'"{c}"' for c in table.columns)
    cursor = conn.execute(f'select {columns} from "{table.name}" order by {", ".join(table.order_by)}')
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(table.columns)
        while batch := cursor.fetchmany(5000):
            writer.writerows([("" if v is None else v) for v in row] for row in batch)


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
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([f.name for f in fields])
        while batch := cursor.fetchmany(5000):
            writer.writerows([("" if v is None else v) for v in row] for row in batch)


def _field_descriptor(f: Field) -> dict:
    return {
        "name": f.name,
        "type": f.type,
        "description": f.full_description,
        **({"constraints": f.constraints} if f.constraints else {}),
        **({"trueValues": ["1"], "falseValues": ["0"]} if f.type == "boolean" else {}),
    }


def datapackage_descriptor(info: dict[str, str], view_fields: dict[str, tuple[Field, ...]] | None = None) -> dict:
    resources = []
    for table in TABLES:
        schema: dict = {
            "fields": [_field_descriptor(f) for f in table.fields],
            "primaryKey": list(table.primary_key),
            "missingValues": [""],
        }
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(fk.columns), "reference": {"resource": fk.table, "fields": list(fk.references)}}
                for fk in table.foreign_keys
            ]
        resources.append({
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
        })
    for view in VIEWS:  # the research questions, derived from the tables above (views.py)
        if view_fields is None or view.name not in view_fields:
            continue
        resources.append({
            "name": view.name,
            "title": view.title,
            "description": f"{view.description} Derived: the SQL view `{view.name}` in the database (src/sino_russian_news/views.py).",
            "path": f"dataset/csv/{view.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [_field_descriptor(f) for f in view_fields[view.name]], "missingValues": [""]},
        })
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
            {"title": "Scraped news pages (five seed articles from news aggregators republishing CNN, BBC News, Reuters and others)", "path": "dataset/raw/MANIFEST.csv"},
            {"title": "spaCy en_core_web_sm 3.8.0 (named entities, parse)", "path": "https://spacy.io/models/en#en_core_web_sm"},
            {"title": "Wikidata (entity identifiers)", "path": "https://www.wikidata.org/"},
        ],
        "contributors": [
            {"title": "sino-russian-news maintainers", "role": "author"},
            {"title": "sino-russian-news maintainers", "role": "maintainer"},
        ],
        "resources": resources,
    }


def validate_datapackage(path: Path) -> None:
    from frictionless import validate

    report = validate(str(path))
    if not report.valid:
        errors = report.flatten(["type", "note"])
        raise PublishError(f"datapackage.json is not valid: {errors[:3]}")


def swap_in(staging: Path, paths: ProjectPaths) -> None:
    """Move a complete, validated release into place (each move is an atomic rename)."""
    old_csv = staging / "old-csv"
    if paths.csv_dir.exists():
        paths.csv_dir.rename(old_csv)
    (staging / "dataset" / "csv").rename(paths.csv_dir)
    if paths.parquet_dir.exists():
        paths.parquet_dir.rename(staging / "old-parquet")
    (staging / "dataset" / "parquet").rename(paths.parquet_dir)
    os.replace(staging / "sino_russian_news.db", paths.database)
    os.replace(staging / "datapackage.json", paths.datapackage)
    os.replace(staging / "metadata.yml", paths.datasette_metadata)
