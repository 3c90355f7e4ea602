"""Datasette plugin: list, facet and search pages that stay fast at 100,000 articles.

A release is served immutable (`datasette -i`), so whatever depends only on the whole table
is the same for every visitor and can be computed once per server process. Measured on a
100,000-article copy (benchmarks/synthetic.py), the costs were:

- facet counts over a whole table (`group by` over 2.6 million mentions: ≈ 0.3 s each, longer
  than Datasette's facet time limit, so the mentions facets never appeared). Here the
  facet query of an UNFILTERED table on an immutable database is answered from a per-process
  cache after its first run, which is given the SQL time limit instead of the facet limit so
  that it can finish once. Filtered pages run their facet queries as usual.
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

Unfiltered row counts come from Datasette's own inspect data (see
`datasette_site.inspect_file`), not from here.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.facets import ArrayFacet, ColumnFacet, DateFacet
from datasette.plugins import pm
from datasette.utils import detect_json1, escape_sqlite

PLUGIN_NAME = "sino-russian-news"
MMAP_BYTES = 2 * 1024**3
CACHE_ENTRIES = 512  # facet results of whole tables: a few per faceted column and facet size
CACHE_FILL_TIME_LIMIT_MS = 10_000

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
        key = (database, sql)
        if key in _whole_table_results:
            _whole_table_results.move_to_end(key)
            return _whole_table_results[key]
        kwargs["custom_time_limit"] = max(kwargs.get("custom_time_limit") or 0, CACHE_FILL_TIME_LIMIT_MS)
        results = await self._datasette.execute(database, sql, params, **kwargs)
        _whole_table_results[key] = results
        while len(_whole_table_results) > CACHE_ENTRIES:
            _whole_table_results.popitem(last=False)
        return results


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


@hookimpl
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


def list_columns_query(path: str, query_string: str, list_columns: dict[str, dict[str, list[str]]]) -> str | None:
    """The query string an HTML table page is served with: its configured list columns as
    `_col=` when the reader chose none; None to leave the request alone."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or "." in parts[1]:  # only /database/table, not rows, .json or .csv
        return None
    database, table = parts
    columns = list_columns.get(database, {}).get(table)
    pairs = parse_qsl(query_string, keep_blank_values=True)
    if not columns or any(key in ("_col", "_nocol", "_format", "_shape") for key, _ in pairs):
        return None
    return urlencode(pairs + [("_col", column) for column in columns])


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def with_list_columns(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                config = datasette.plugin_config(PLUGIN_NAME) or {}
                query = list_columns_query(
                    scope.get("path", ""), scope.get("query_string", b"").decode("latin-1"), config.get("list_columns", {})
                )
                if query is not None:
                    scope = {**scope, "query_string": query.encode("latin-1")}
            await app(scope, receive, send)

        return with_list_columns

    return wrap
