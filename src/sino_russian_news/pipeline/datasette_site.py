"""Datasette for reading: metadata, settings and the command that serves the release.

Everything Datasette shows is derived from one place each: table and column descriptions
from schema.py, the research questions (views and canned queries) from views.py, and the
hand-written part (title, licence, the home page's introduction) from
dataset/datasette_site.yml. The home page lists every table, view and query with its
description, generated here, so it never promises a query it does not show.

Reading aids use Datasette's own mechanisms: `truncate_cells_html` keeps list pages
readable, `suggest_facets` is off (each suggestion costs a query per column per page),
the templates and the `render_cell` plugin live in `sino_russian_news/datasette_plugins/`.

Speed at 100,000 articles (benchmarks/synthetic.py, benchmarks/RESULTS.md): the release is
served immutable with Datasette's inspect data (row counts computed once per file, so an
unfiltered page does not `count(*)` millions of rows), 50 rows per list page, the articles
listed in rowid order so a search page need not sort every match, and the `speed` plugin
(cached whole-table facets, no default facets on search pages, chosen list columns, mmap).

    python -m sino_russian_news.pipeline.datasette_site serve --port 8001
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..schema import TABLES, Field
from ..views import QUERIES, VIEWS

DATABASE = "sino_russian_news"
PLUGINS_DIR = Path(__file__).resolve().parents[1] / "datasette_plugins"
TEMPLATES_DIR = PLUGINS_DIR / "templates"

# Settings for browsing: long cells cut on list pages (row pages show them whole), no
# facet suggestions, facets chosen in the metadata instead. Limits: one second and 1,000
# rows per query; the `limits` plugin caps what a single step may take (see limits.py).
SETTINGS = {
    "truncate_cells_html": 240,
    "suggest_facets": False,
    "default_facet_size": 15,
    "default_page_size": 50,  # rows per list page: Jinja renders each cell, the cost of a page
    "sql_time_limit_ms": 1000,
    "max_returned_rows": 1000,
}


def _link(name: str, title: str) -> str:
    return f'<a href="/{DATABASE}/{name}">{html.escape(title)}</a>'


def home_page_html(introduction: str) -> str:
    """The home page: the hand-written introduction, then every table, view and query."""
    parts = [introduction, "<h2>Tables</h2><ul>"]
    parts += [f"<li>{_link(t.name, t.title)}: {html.escape(t.description)}</li>" for t in TABLES]
    parts.append("</ul><h2>Research questions (views)</h2><ul>")
    parts += [f"<li>{_link(v.name, v.title)}: {html.escape(v.description)}</li>" for v in VIEWS]
    parts.append("</ul><h2>Searches and questions about one entity or article (canned queries)</h2><ul>")
    parts += [f"<li>{_link(q.name, q.title)}: {html.escape(q.description)}</li>" for q in QUERIES]
    parts.append("</ul>")
    return "\n".join(parts)


def build_metadata(hand_written: dict[str, Any], view_fields: dict[str, tuple[Field, ...]] | None = None) -> dict[str, Any]:
    """Datasette's metadata: every table's and view's title, description, columns and facets.
    `view_fields`, the views' columns as the database has them (publish.py), documents each
    view column by column; without it only the columns a view computes are described."""
    tables: dict[str, dict[str, Any]] = {}
    for table in TABLES:
        entry: dict[str, Any] = {
            "title": table.title,
            "description": table.description,
            "columns": {f.name: f.full_description for f in table.fields},
        }
        if table.facets:
            # A date column is faceted by Datasette's date facet (one bucket per day, sorted)
            types = {f.name: f.type for f in table.fields}
            entry["facets"] = [{"date": c} if types[c] == "date" else c for c in table.facets]
        if table.sort:
            entry["sort"] = table.sort
        if table.fts and not table.foreign_keys:
            # Searched tables list in release order (rowid; the same as article_id order in a
            # full build), so a search page reads its first rows in the order the full-text
            # index returns them instead of sorting every match (88,000 bodies for a common
            # word at 100,000 articles: 0.8 s). Not for tables with foreign keys: Datasette
            # 0.65 cannot page a rowid sort once it has expanded labels (KeyError 'rowid').
            entry["sort"] = "rowid"
            entry["sortable_columns"] = [*table.columns, "rowid"]
        if table.label_column:
            entry["label_column"] = table.label_column
        if table.fts:
            entry["fts_table"] = f"{table.name}_fts"
            entry["fts_pk"] = "rowid"
        tables[table.name] = entry
    for view in VIEWS:
        entry = {"title": view.title, "description": view.description}
        if view.facets:
            entry["facets"] = list(view.facets)
        if view_fields is not None:
            entry["columns"] = {f.name: f.full_description for f in view_fields[view.name]}
        elif computed := {name: description for name, (_, description) in view.computed.items()}:
            entry["columns"] = computed
        tables[view.name] = entry
        if view.stored:
            tables[view.stored_table] = {"hidden": True}  # its view shows the rows
    for table in TABLES:
        if table.fts:
            tables[f"{table.name}_fts"] = {"hidden": True}
            for suffix in ("data", "idx", "docsize", "config"):
                tables[f"{table.name}_fts_{suffix}"] = {"hidden": True}
    queries = {q.name: {"title": q.title, "description": q.description, "sql": q.sql} for q in QUERIES}
    introduction = hand_written.get("description_html", "")
    top = {k: v for k, v in hand_written.items() if k not in ("queries", "plugins", "description_html")}
    top["description_html"] = home_page_html(introduction)
    database = {**top, "tables": tables, "queries": queries}
    return {
        **top,
        **({"plugins": hand_written["plugins"]} if "plugins" in hand_written else {}),
        "databases": {DATABASE: database},
    }


def write_metadata(hand_written_path: Path, destination: Path, view_fields: dict[str, tuple[Field, ...]] | None = None) -> None:
    hand_written = yaml.safe_load(hand_written_path.read_text(encoding="utf-8")) if hand_written_path.exists() else {}
    text = "# Generated by `sino-russian-news build` from schema.py, views.py and dataset/datasette_site.yml: edit those.\n"
    text += yaml.safe_dump(build_metadata(hand_written, view_fields), sort_keys=False, allow_unicode=True, width=100)
    destination.write_text(text, encoding="utf-8")


INSPECT_CACHE = Path(tempfile.gettempdir()) / "sino-russian-news-datasette"


def inspect_data(database: Path) -> dict[str, Any]:
    """What `datasette inspect` records for an immutable file: its hash, size and every
    table's row count. Given to `datasette --inspect-file`, an unfiltered table page and the
    database page show these counts instead of running `count(*)` (2.6 million mentions:
    ≈ 90 ms per request)."""
    digest = hashlib.sha256()
    with database.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    conn = sqlite3.connect(f"{database.resolve().as_uri()}?immutable=1", uri=True)
    try:
        names = [name for (name,) in conn.execute("select name from sqlite_master where type = 'table' order by name")]
        counts = {name: conn.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}
    finally:
        conn.close()
    return {
        database.stem: {
            "hash": digest.hexdigest(),
            "size": database.stat().st_size,
            "file": str(database),
            "tables": {name: {"count": count} for name, count in counts.items()},
        }
    }


def inspect_file(database: Path, cache_dir: Path = INSPECT_CACHE) -> Path:
    """The inspect data of `database`, written once per version of the file (path, size, mtime)."""
    stat = database.stat()
    key = hashlib.sha256(f"{database.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    path = cache_dir / f"{database.stem}-{key}.json"
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(inspect_data(database), indent=1), encoding="utf-8")
        partial.replace(path)
    return path


def serve_arguments(database: Path, metadata: Path, port: int, host: str = "127.0.0.1") -> list[str]:
    """`datasette serve` arguments: the release opened immutable, with this module's settings
    and its inspect data (row counts computed once, see `inspect_data`)."""
    arguments = [
        "serve",
        "-i",
        str(database),
        "--metadata",
        str(metadata),
        "--host",
        host,
        "--port",
        str(port),
        "--plugins-dir",
        str(PLUGINS_DIR),
        "--template-dir",
        str(TEMPLATES_DIR),
    ]
    if database.exists():  # (a missing release fails in `datasette serve` itself, with its message)
        arguments += ["--inspect-file", str(inspect_file(database))]
    for name, value in SETTINGS.items():
        arguments += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return arguments


def main(argv: list[str] | None = None) -> int:
    from .paths import ProjectPaths

    parser = argparse.ArgumentParser(description="Serve the current release with Datasette, set up for reading.")
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--project", type=Path, default=Path("."))
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    paths = ProjectPaths(args.project)
    if not paths.database.exists():
        print(f"{paths.database}: missing; run `make dataset` first", file=sys.stderr)
        return 1
    from datasette.cli import cli

    # click's main is untyped; in standalone mode it exits with the server's status
    exit_code: int = cli.main(
        serve_arguments(paths.database, paths.datasette_metadata, args.port, args.host), standalone_mode=True
    )
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
