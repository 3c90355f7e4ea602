"""Datasette plugin: list, facet and search pages that stay fast at 100,000 articles.

A release is served immutable (`datasette -i`), so whatever depends only on the whole table
is the same for every visitor and can be computed once per server process. Measured on a
100,000-article copy (benchmarks/synthetic.py), the costs were:

- facet counts over a whole table (`group by` over 2.6 million mentions: ≈ 0.3 s each, longer
  than Datasette's facet time limit, so the mentions facets never appeared). Here the
  facet query of an UNFILTERED table on an immutable database is answered from a per-process
  cache after its first run, which runs outside the per-request time limit so that it can
  finish once; a background task fills the cache for every table's
  default facets when the first request arrives. Filtered pages run their facet queries as usual.
- the table's default facets on a full-text search page: each facet looks up every matching
  row (88,000 for a common word), each timed out after 200 ms, and the page waited for all
  five. On search pages the metadata's default facets are left out; facets asked for with
  `_facet=` are still computed.
- a facet both in the metadata and in `_facet=` was computed twice; it is computed once.
- rendering: Jinja renders a table page cell by cell (0.1 s for 100 articles × 33 columns,
  four times the queries). The HTML list page of a table shows the columns listed under
  `list_columns` in this plugin's configuration (dataset/datasette_site.yml) unless the
  reader chooses columns (`_col=` / `_nocol=`, the page's column menu); the body is on the
  article's own page. JSON and CSV keep every column.
- SQLite reading through its small page cache with a system call per page: each connection
  maps the file instead (`mmap_size`), which the OS shares between connections.

- the number of matches on a full-text search page: Datasette counts them with
  `count(*) … where rowid in (<matches>)`, one row lookup per match (80 ms for 88,000 matches
  of a common word, the larger part of the page). When the search is the page's only filter,
  that number is the FTS index's own count (4.5 ms), so a search page is served with
  `_nocount=1` and the count comes from the index instead (`plain_search` and
  `plain_json_search` say when): into the HTML page's template, or into the JSON page's
  `filtered_table_rows_count` (`with_index_count`).

- the number of rows of a view: Datasette counts them with `count(*)` over the view on every
  request, which computes the view (0.4 s for `quotes_attributed`, over the 1 s time limit
  for the paragraph views at 100,000 articles). An unfiltered HTML view page is served with
  `_nocount=1` and the count comes from the per-process cache, filled by the warm-up
  (`unfiltered_view` says when). Filtered view pages are counted as usual.

Unfiltered row counts of tables come from Datasette's own inspect data (see
`datasette_site.inspect_file`), not from here.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import OrderedDict
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.database import Results
from datasette.facets import ArrayFacet, ColumnFacet, DateFacet
from datasette.plugins import pm
from datasette.utils import detect_json1, escape_sqlite

PLUGIN_NAME = "sino-russian-news"
MMAP_BYTES = 2 * 1024**3
CACHE_ENTRIES = 512  # facet results of whole tables: a few per faceted column and facet size

_whole_table_results: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


class _CachingExecutor:
    """Stands in for the Datasette object inside one facet: `execute` answers whole-table
    queries of immutable databases from the cache, everything else is passed through."""

    def __init__(self, datasette: Any, facet: Any):
        self._datasette = datasette
        self._facet = facet

    def __getattr__(self, name: str) -> Any:
        return getattr(self._datasette, name)

    async def execute(self, database: str, sql: str, params: Any = None, **kwargs: Any) -> Any:
        if not self._facet.whole_table():
            return await self._datasette.execute(database, sql, params, **kwargs)
        return await cached_whole_table_query(self._datasette, database, sql, params)


async def cached_whole_table_query(datasette: Any, database: str, sql: str, params: Any = None) -> Results:
    """A query over a whole table of an immutable database, run once per server process."""
    key = (database, sql)
    if key in _whole_table_results:
        _whole_table_results.move_to_end(key)
        return _whole_table_results[key]
    results = await whole_table_query(datasette, database, sql, params)
    _whole_table_results[key] = results
    while len(_whole_table_results) > CACHE_ENTRIES:
        _whole_table_results.popitem(last=False)
    return results


def view_count_sql(view: str) -> str:
    return f"select count(*) from {escape_sqlite(view)}"


async def whole_table_query(datasette: Any, database: str, sql: str, params: Any) -> Results:
    """Run a whole-table facet query once, outside Datasette's per-request time limit (a
    group by over millions of rows can take longer than `sql_time_limit_ms` on a busy
    machine, and then it would time out on every request). The limits plugin's step budget
    still bounds it."""

    def run(conn: sqlite3.Connection) -> Results:
        cursor = conn.cursor()
        cursor.row_factory = sqlite3.Row
        cursor.execute(sql, params or {})
        return Results(cursor.fetchall(), False, cursor.description)

    return await datasette.get_database(database).execute_fn(run)


async def warm_whole_table_facets(datasette: Any) -> None:
    """Fill the cache for every table's default facets and every view's row count, so the
    first reader does not wait."""
    for database in list(datasette.databases):
        db = datasette.databases[database]
        if db.is_mutable:
            continue
        for view in await db.view_names():
            await cached_whole_table_query(datasette, database, view_count_sql(view))
        tables = (datasette.metadata("tables", database=database) or {}).items()
        for table, table_metadata in tables:
            if table_metadata.get("facets"):
                await datasette.client.get(datasette.urls.table(database, table, format="json") + "?_size=0")


class ReleaseFacetMixin:
    """Facet behaviour for an immutable release; mixed into each of Datasette's facet types."""

    ds: Any
    request: Any
    database: str
    table: str | None
    sql: str
    params: Any

    def __init__(self, datasette: Any, *args: Any, **kwargs: Any):
        super().__init__(datasette, *args, **kwargs)  # type: ignore[call-arg]
        self.ds = _CachingExecutor(datasette, self)

    def whole_table(self) -> bool:
        """True when the facet counts an unfiltered table of an immutable database."""
        if self.table is None or self.params:
            return False
        if self.ds.databases[self.database].is_mutable:
            return False
        return self.sql.rstrip().endswith(f"from {escape_sqlite(self.table)}")

    def searching(self) -> bool:
        return any(key.startswith("_search") and self.request.args.get(key) for key in self.request.args)

    def get_configs(self) -> list[dict[str, Any]]:
        configs: list[dict[str, Any]] = super().get_configs()  # type: ignore[misc]
        kept, seen = [], set()
        for entry in configs:
            if entry["source"] == "metadata" and self.searching():
                continue
            config = entry["config"]
            column = config.get("column") or config.get("simple")
            if column in seen:
                continue
            seen.add(column)
            kept.append(entry)
        return kept


class ReleaseColumnFacet(ReleaseFacetMixin, ColumnFacet):
    pass


class ReleaseDateFacet(ReleaseFacetMixin, DateFacet):
    pass


class ReleaseArrayFacet(ReleaseFacetMixin, ArrayFacet):
    pass


# Datasette's built-in facet types are replaced by the subclasses above (same `type` names,
# so `_facet=`, `_facet_date=` and metadata work unchanged); both registered, every facet
# would be computed twice.
if pm.has_plugin("datasette.facets"):
    pm.unregister(name="datasette.facets")


@hookimpl
def register_facet_classes() -> list[type]:
    classes: list[type] = [ReleaseColumnFacet, ReleaseDateFacet]
    if detect_json1():
        classes.append(ReleaseArrayFacet)
    return classes


_background: set[asyncio.Task[None]] = set()


def start_warming(datasette: Any) -> None:
    """Warm the facet cache once, on the server's own event loop. (Not in a `startup` hook:
    `datasette serve` runs those in a loop of their own that stops before serving, so a task
    created there never runs.)"""
    if getattr(datasette, "_sino_russian_news_warming", False):
        return
    datasette._sino_russian_news_warming = True
    task = asyncio.get_running_loop().create_task(warm_whole_table_facets(datasette))
    _background.add(task)  # (a reference, or the task may be collected before it ends)
    task.add_done_callback(_background.discard)


@hookimpl
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


# Arguments that leave a page's set of rows as it is (no filter): with only these, a view's
# number of rows is its whole count, and with `_search` added the number of FTS matches.
UNFILTERED_ARGUMENTS = frozenset(
    {
        "_sort",
        "_sort_desc",
        "_next",
        "_size",
        "_col",
        "_nocol",
        "_facet",
        "_facet_size",
        "_nofacet",
        "_nosuggest",
        "_nocount",
    }
)
PLAIN_SEARCH_ARGUMENTS = UNFILTERED_ARGUMENTS | {"_search"}
# Arguments of a JSON page that shape its output, not its rows.
JSON_SEARCH_ARGUMENTS = PLAIN_SEARCH_ARGUMENTS | {"_shape", "_labels", "_nl", "_json"}
# How Datasette's JSON says it did not count (`_nocount=1`); the index's count goes there.
UNCOUNTED_JSON = b'"filtered_table_rows_count": null'


def html_table_page(path: str) -> tuple[str, str] | None:
    """(database, table) for an HTML table page `/database/table`; None for rows, .json or .csv."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or "." in parts[1]:
        return None
    return parts[0], parts[1]


def json_table_page(path: str) -> tuple[str, str] | None:
    """(database, table) for a table's JSON page `/database/table.json`; None otherwise."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or not parts[1].endswith(".json") or "." in parts[1][: -len(".json")]:
        return None
    return parts[0], parts[1][: -len(".json")]


def plain_search(path: str, pairs: list[tuple[str, str]]) -> bool:
    """True for an HTML table page whose only filter is `_search` (escaped, not raw mode)."""
    if html_table_page(path) is None:
        return False
    keys = {key for key, _ in pairs}
    return bool(dict(pairs).get("_search")) and keys <= PLAIN_SEARCH_ARGUMENTS


def plain_json_search(path: str, pairs: list[tuple[str, str]]) -> bool:
    """True for a table's JSON page whose only filter is `_search` (escaped, not raw mode)."""
    if json_table_page(path) is None:
        return False
    keys = {key for key, _ in pairs}
    return bool(dict(pairs).get("_search")) and keys <= JSON_SEARCH_ARGUMENTS


async def search_match_count(datasette: Any, database: str, table: str, search: str) -> int | None:
    """The number of rows matching a plain search, from the table's FTS index (None: no index)."""
    db = datasette.get_database(database)
    fts_table = await db.fts_table(table)
    if not fts_table:
        return None
    fts = escape_sqlite(fts_table)
    sql = f"select count(*) from {fts} where {fts} match escape_fts(:search)"
    matches: int = (await db.execute(sql, {"search": search})).first()[0]
    return matches


def unfiltered_view(path: str, pairs: list[tuple[str, str]], views: set[str]) -> bool:
    """True for the HTML page of a view (one of `views`) with no filter: its row count is the
    view's whole count, taken from the per-process cache instead of a `count(*)` per request
    (a view is computed to be counted: 0.4–1 s and more per request at 100,000 articles)."""
    page = html_table_page(path)
    return page is not None and page[1] in views and {key for key, _ in pairs} <= UNFILTERED_ARGUMENTS


def counted_elsewhere_query(query_string: str) -> str:
    """The query string of a page whose count comes from elsewhere: Datasette's own count switched off."""
    pairs = [(key, value) for key, value in parse_qsl(query_string, keep_blank_values=True) if key != "_nocount"]
    return urlencode(pairs + [("_nocount", "1")])


_view_names: dict[str, set[str]] = {}  # per immutable database: its views never change


async def immutable_view_names(datasette: Any, path: str) -> set[str]:
    """The views of the immutable database an HTML table page is in (none for other pages),
    read once per server process (each page asks twice: for its query string and its count)."""
    page = html_table_page(path)
    if page is None or page[0] not in datasette.databases or datasette.databases[page[0]].is_mutable:
        return set()
    if page[0] not in _view_names:
        _view_names[page[0]] = set(await datasette.databases[page[0]].view_names())
    return _view_names[page[0]]


@hookimpl
def extra_template_vars(view_name: str, database: str, table: str, request: Any, datasette: Any) -> Any:
    """The row count of a page served without Datasette's own: on a plain search page the
    number of matches from the FTS index, on an unfiltered view page the view's cached count."""
    if view_name != "table" or request is None:
        return {}
    pairs = [(key, request.args.get(key)) for key in request.args]

    async def count() -> dict[str, Any]:
        if unfiltered_view(request.path, pairs, await immutable_view_names(datasette, request.path)):
            results = await cached_whole_table_query(datasette, database, view_count_sql(table))
            return {"filtered_table_rows_count": results.first()[0]}
        if not plain_search(request.path, pairs):
            return {}
        matches = await search_match_count(datasette, database, table, request.args["_search"])
        return {} if matches is None else {"filtered_table_rows_count": matches}

    return count


def list_columns_query(path: str, query_string: str, list_columns: dict[str, dict[str, list[str]]]) -> str | None:
    """The query string an HTML table page is served with: its configured list columns as
    `_col=` when the reader chose none; None to leave the request alone."""
    page = html_table_page(path)
    if page is None:
        return None
    database, table = page
    columns = list_columns.get(database, {}).get(table)
    pairs = parse_qsl(query_string, keep_blank_values=True)
    if not columns or any(key in ("_col", "_nocol", "_format", "_shape") for key, _ in pairs):
        return None
    return urlencode(pairs + [("_col", column) for column in columns])


def with_index_count(send: Any, datasette: Any, database: str, table: str, search: str) -> Any:
    """An ASGI `send` that puts the FTS index's number of matches into a JSON search page
    served with `_nocount=1` (the body is held until complete; its length is re-stated)."""
    start: dict[str, Any] = {}
    body = bytearray()

    async def send_counted(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        body.extend(message.get("body", b""))
        if message.get("more_body"):
            return
        content = bytes(body)
        if start.get("status") == 200 and UNCOUNTED_JSON in content:
            matches = await search_match_count(datasette, database, table, search)
            if matches is not None:
                content = content.replace(UNCOUNTED_JSON, b'"filtered_table_rows_count": %d' % matches, 1)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        await send({**start, "headers": [*headers, (b"content-length", str(len(content)).encode())]})
        await send({"type": "http.response.body", "body": content})

    return send_counted


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def with_list_columns(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                start_warming(datasette)
                config = datasette.plugin_config(PLUGIN_NAME) or {}
                query = list_columns_query(
                    scope.get("path", ""), scope.get("query_string", b"").decode("latin-1"), config.get("list_columns", {})
                )
                if query is not None:
                    scope = {**scope, "query_string": query.encode("latin-1")}
                path, query_string = scope.get("path", ""), scope.get("query_string", b"").decode("latin-1")
                pairs = parse_qsl(query_string, keep_blank_values=True)
                if plain_search(path, pairs) or unfiltered_view(path, pairs, await immutable_view_names(datasette, path)):
                    scope = {**scope, "query_string": counted_elsewhere_query(query_string).encode("latin-1")}
                elif plain_json_search(path, pairs):
                    scope = {**scope, "query_string": counted_elsewhere_query(query_string).encode("latin-1")}
                    database, table = json_table_page(path) or ("", "")
                    search = dict(pairs)["_search"]
                    await app(scope, receive, with_index_count(send, datasette, database, table, search))
                    return
            await app(scope, receive, send)

        return with_list_columns

    return wrap
