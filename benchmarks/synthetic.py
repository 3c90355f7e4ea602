"""A large release for measuring Datasette: a built release replicated to N articles.

    .venv/bin/python benchmarks/synthetic.py benchmarks/out/datasette-100000/sino_russian_news.db --source RELEASE.db --articles 100000
    .venv/bin/python benchmarks/synthetic.py benchmarks/out/datasette-100000/sino_russian_news.db --measure --json   # medians, `make serve` settings

Approach, so that a 100,000-article database takes a minute or two, not hours:

- the source release is copied; its indexes and FTS triggers are dropped (their SQL is
  kept) so the bulk inserts write plain B-trees only;
- every article-scoped table is snapshotted once into a temp table, and each table gets ONE
  `INSERT … SELECT` joining the snapshot with a temp table of copy numbers, so SQLite does
  the replication itself (no per-copy or per-row Python);
- ids are rewritten per copy with a prefix (`c007-00042_standin`, `c007-00042_standin:m0000061`),
  which keeps every id unique, keeps a mention's id starting with its article's id, and keeps
  foreign keys (and syndication pairs) inside the same copy;
- copies get their own site, publisher and publication date (deterministic, spread over
  SYNTHETIC_SITES sites, SYNTHETIC_PUBLISHERS outlets and four years of days), so facets
  and date facets have a real corpus's cardinality instead of one value repeated;
- the indexes and triggers are recreated from the saved SQL, every FTS index is rebuilt once
  (`'rebuild'`), and ANALYZE runs, as after a real build: same schema, indexes, triggers,
  views and statistics as a release.

Bodies are the source's bodies (offsets stay valid: `body[start:end] == text` holds in every
copy), so a search term matches the same share of documents as in the source corpus.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from sino_russian_news.pipeline.datasette_site import DATABASE  # noqa: E402
from sino_russian_news.pipeline.publish import store_summary  # noqa: E402
from sino_russian_news.schema import TABLES, TABLES_BY_NAME  # noqa: E402
from sino_russian_news.views import VIEWS  # noqa: E402

SYNTHETIC_SITES = 40
SYNTHETIC_PUBLISHERS = 60
DATE_SPAN_DAYS = 4 * 365
FIRST_DATE = "2022-01-01"

# Ids that are not declared as foreign keys but hold an article's (or an article-scoped
# row's) id, so they are rewritten with it: the quote a quote continues, and a story
# group, which is named after its lowest article id.
DERIVED_ID_COLUMNS = {"continues_quote_id", "group_id"}


def article_tables() -> list[str]:
    """Tables whose rows belong to one article (they have an `article_id` column)."""
    return [t.name for t in TABLES if "article_id" in t.columns]


def id_columns(table_name: str) -> set[str]:
    """Columns of `table_name` whose values are rewritten per copy."""
    table = TABLES_BY_NAME[table_name]
    scoped = set(article_tables())
    columns = {c for fk in table.foreign_keys if fk.table in scoped for c in fk.columns}
    if len(table.primary_key) == 1 and table.name in scoped:
        columns.add(table.primary_key[0])  # mention_id, quote_id…: derived from the article id
    return columns | (DERIVED_ID_COLUMNS & set(table.columns))


def article_reference_columns(table_name: str) -> list[str]:
    """Columns pointing at an article: a partial last copy keeps a row only if all are copied."""
    table = TABLES_BY_NAME[table_name]
    return sorted({c for fk in table.foreign_keys if fk.table == "articles" for c in fk.columns} | {"article_id"})


def copy_expression(table_name: str, column: str) -> str:
    """SQL for one column of a copied row (`b` the source row, `c.k` the copy number, `r.rank` the article's)."""
    if column in id_columns(table_name):
        return f"""case when b."{column}" is null then null else printf('c%03d-', c.k) || b."{column}" end"""
    if table_name == "articles" and column == "site":
        return f"printf('site%02d.example', (c.k * 7 + r.rank) % {SYNTHETIC_SITES})"
    if table_name == "articles" and column == "original_publisher":
        return f"printf('Publisher %02d', (c.k * 11 + r.rank * 3) % {SYNTHETIC_PUBLISHERS})"
    if table_name == "articles" and column == "published_date":
        return f"date('{FIRST_DATE}', printf('+%d days', (c.k * 13 + r.rank * 29) % {DATE_SPAN_DAYS}))"
    return f'b."{column}"'


def synthetic_database(source: Path, target_articles: int, target: Path | None = None) -> Path:
    """`source` (a built release) replicated to `target_articles` articles, written to `target`
    (default benchmarks/out/datasette-N/sino_russian_news.db); an existing target is reused.
    The file is named like the release because Datasette's metadata is keyed by database name."""
    target = target or ROOT / "benchmarks" / "out" / f"datasette-{target_articles}" / f"{DATABASE}.db"
    if target.stem != DATABASE:
        raise ValueError(f"{target}: name it {DATABASE}.db, or the release's metadata does not apply to it")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return target
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(source, tmp)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -400000")  # 400 MB: index builds sort in memory
        conn.execute("PRAGMA temp_store = MEMORY")
        replicate(conn, target_articles)
        conn.execute("ANALYZE")
    finally:
        conn.close()
    os.replace(tmp, target)
    return target


def replicate(conn: sqlite3.Connection, target_articles: int) -> None:
    (count,) = conn.execute("select count(*) from articles").fetchone()
    if count == 0:
        raise ValueError("the source release has no articles")
    saved = conn.execute(
        "select type, name, sql from sqlite_master where type in ('index', 'trigger') and sql is not null"
    ).fetchall()
    fts_tables = [
        name
        for (name,) in conn.execute(
            "select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%USING FTS%'"
        )
    ]
    conn.execute("begin")
    for kind, name, _ in saved:
        conn.execute(f'drop {kind} "{name}"')
    # Copy k (1…) keeps the articles of rank < keep; only the last copy may be partial.
    conn.execute("create temp table copies (k integer primary key, keep integer not null)")
    copies = [(k, min(count, target_articles - k * count)) for k in range(1, -(-target_articles // count))]
    conn.executemany("insert into copies values (?, ?)", copies)
    conn.execute("create temp table ranks (article_id text primary key, rank integer not null) without rowid")
    conn.execute("insert into ranks select article_id, row_number() over (order by article_id) - 1 from articles")
    for name in article_tables():
        columns = TABLES_BY_NAME[name].columns
        conn.execute(f'create temp table "base_{name}" as select * from "{name}"')
        references = article_reference_columns(name)
        joins = " ".join(
            f'join ranks r{i} on r{i}.article_id = b."{col}"' for i, col in enumerate(references) if col != "article_id"
        )
        keep = " and ".join(
            ["r.rank < c.keep"] + [f"r{i}.rank < c.keep" for i, col in enumerate(references) if col != "article_id"]
        )
        select = ", ".join(copy_expression(name, c) for c in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        conn.execute(
            f'insert into "{name}" ({names}) select {select} from copies c '
            f'join "base_{name}" b join ranks r on r.article_id = b.article_id {joins} '
            f"where {keep} order by c.k, b.rowid"
        )
        conn.execute(f'drop table "base_{name}"')
    conn.execute("commit")
    conn.execute("begin")
    for _, _, sql in saved:
        conn.execute(sql)
    for name in fts_tables:
        conn.execute(f'insert into "{name}"("{name}") values (\'rebuild\')')
    for view in VIEWS:  # the summaries of the whole corpus, over the copies too
        if view.stored:
            store_summary(conn, view)
    conn.execute("commit")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


DATASETTE_PAGES = {
    "full-text search (articles?_search=Putin)": "/articles?_search=Putin",
    "table (articles)": "/articles",
    "facet page (articles?_facet=site&_facet=original_publisher)": "/articles?_facet=site&_facet=original_publisher",
    "mentions facet (mentions?_facet=entity_id&_facet=method)": "/mentions?_facet=entity_id&_facet=method",
    "ranked search, canned query (search_articles?q=Putin)": "/search_articles?q=Putin",
}


def with_json(pages: dict[str, str]) -> dict[str, str]:
    """Each page and its JSON variant (`/articles.json?…`): the JSON shows what rendering costs."""
    out = {}
    for label, path in pages.items():
        out[label] = path
        page, _, query = path.partition("?")
        out[f"{label}, JSON"] = f"{page}.json" + (f"?{query}" if query else "")
    return out


WARM_UP = "warm-up: the server busy after its first request"


def wait_until_idle(process: psutil.Process, idle_percent: float = 5.0, limit_seconds: float = 600) -> float:
    """Seconds until the server stops working on its own: after the first request it fills
    the facet cache of every table in the background (speed.py), and requests timed while
    that runs measure the warm-up, not the steady state a reader sees afterwards."""
    started = time.perf_counter()
    process.cpu_percent()
    while time.perf_counter() - started < limit_seconds:
        time.sleep(1)
        if process.cpu_percent() < idle_percent:
            break
    return time.perf_counter() - started


def datasette_medians(
    database: Path,
    metadata: Path,
    requests: int = 20,
    pages: dict[str, str] | None = None,
    first_requests: dict[str, float] | None = None,
) -> dict[str, float]:
    """Median milliseconds per page, with the settings, plugins and templates `make serve` uses.
    The first request of each page (caches empty) is timed into `first_requests` when given."""
    import httpx

    from sino_russian_news.pipeline.datasette_site import serve_arguments

    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "datasette"), *serve_arguments(database, metadata, port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/{database.stem}"
    try:
        with httpx.Client(timeout=120) as client:
            for _ in range(600):
                try:
                    client.get(f"{base}.json")
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            client.get(f"{base}/articles")  # the first table request starts the facet cache's warm-up
            warm_up_seconds = wait_until_idle(psutil.Process(server.pid))
            if first_requests is not None:
                first_requests[WARM_UP] = warm_up_seconds * 1000
            medians = {}
            for label, path in (pages or DATASETTE_PAGES).items():
                started = time.perf_counter()
                status = client.get(base + path).status_code  # warm-up: fills the facet cache
                if first_requests is not None:
                    first_requests[label] = (time.perf_counter() - started) * 1000
                times, failed = [], 0
                for _ in range(requests):
                    started = time.perf_counter()
                    response = client.get(base + path)
                    times.append(time.perf_counter() - started)
                    failed += response.status_code != 200
                medians[label] = statistics.median(times) * 1000
                if failed or status != 200:  # e.g. a query stopped by sql_time_limit_ms (HTTP 400)
                    print(f"{label}: first request HTTP {status}, {failed} of {requests} timed requests failed")
            return medians
    finally:
        server.terminate()
        server.wait(10)


def current_metadata(target: Path) -> Path:
    """Datasette metadata generated by this checkout's code (not a release's older copy)."""
    from sino_russian_news.pipeline.datasette_site import write_metadata

    path = target.with_suffix(".metadata.yml")
    write_metadata(ROOT / "dataset" / "datasette_site.yml", path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("target", type=Path, help="the synthetic database (made if absent, kept if present)")
    parser.add_argument("--source", type=Path, help="a built release's database to replicate")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--measure", action="store_true", help="print Datasette medians (make serve's settings)")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="measure the JSON variant of each page too")
    parser.add_argument(
        "--page", action="append", metavar="PATH", help="a page to time instead of the bench's (repeatable), e.g. /quotes_by_side"
    )
    args = parser.parse_args()
    if args.target.stem != DATABASE:
        parser.error(f"name the target {DATABASE}.db: Datasette's metadata is keyed by the database's name")
    if not args.target.exists():
        if args.source is None:
            parser.error(f"{args.target} does not exist: give --source to make it")
        started = time.perf_counter()
        synthetic_database(args.source, args.articles, args.target)
        size = args.target.stat().st_size / 2**20
        print(f"{args.target}: {args.articles:,} articles, {size:,.0f} MB, made in {time.perf_counter() - started:.0f} s")
    if args.measure:
        chosen = {path: path for path in args.page} if args.page else DATASETTE_PAGES
        pages = with_json(chosen) if args.json else chosen
        metadata = current_metadata(args.target)
        first: dict[str, float] = {}
        for label, median in datasette_medians(args.target, metadata, args.requests, pages, first).items():
            print(f"datasette median of {args.requests}, {label}: {median:.1f} ms (first request {first[label]:.0f} ms)")
        print(f"{WARM_UP}: {first[WARM_UP] / 1000:.0f} s (the medians are timed after it)")


if __name__ == "__main__":
    main()
