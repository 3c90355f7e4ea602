"""Parquet copies of the published tables, for tools that outgrow SQLite (DuckDB, Spark, pandas).

Each table is written from the finished release database to `parquet/<table>/`, streamed in
row groups of ROW_GROUP_ROWS so memory stays flat however large the table. `articles`, the
table with a publication date, is partitioned Hive-style by year
(`parquet/articles/published_year=2024/part-0.parquet`, undated articles under
`published_year=__HIVE_DEFAULT_PARTITION__`, the name Hive, Spark and pyarrow read as null),
so a reader filtering on a year opens one directory. The partition column lives in the
directory name only, as Hive does it; readers add it back.

Column types follow the schema: dates are Parquet dates, 0/1 flags booleans, integers int64.
Rows are in the same order as the CSVs and no timestamps are stored, so the bytes depend on
the data and the pyarrow version only (the build is deterministic). Row groups hold
ROW_GROUP_ROWS rows counted from the start of each file, so a file's bytes depend on its own
rows only.

An incremental build (`previous` and `dirty` given) does not convert every row again: for a
table ordered by article first, each file of the previous release is read back (C speed),
the dirty articles' rows dropped, their new rows from the database added, and the rows put
back in order with a stable sort on `article_id` (each article's rows come whole from one
side, already in order); files with nothing dirty are copied. The bytes equal a full write's.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..schema import TABLES, Table

ROW_GROUP_ROWS = 50_000
PARTITION_COLUMN = "published_year"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
# Tables partitioned by the year of one of their date columns.
PARTITIONED_BY = {"articles": "published_date"}
PART_FILE = "part-0.parquet"


def arrow_schema(table: Table) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}
    return pa.schema([pa.field(f.name, types[f.type], nullable=not f.required) for f in table.fields])


def _convert(table: Table, rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    """Column lists from SQLite rows: ISO strings to dates, 0/1 to booleans."""
    columns = [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in table.fields]
    for index, f in enumerate(table.fields):
        if f.type == "date":
            columns[index] = [dt.date.fromisoformat(v) if v else None for v in columns[index]]
        elif f.type == "boolean":
            columns[index] = [None if v is None else bool(v) for v in columns[index]]
    return columns


def relative_table_path(table: Table) -> str:
    return f"parquet/{table.name}"


def _partition_file(directory: Path, table: Table, partition: str) -> Path:
    target = directory / table.name
    if table.name in PARTITIONED_BY:
        target = target / f"{PARTITION_COLUMN}={partition or NULL_PARTITION}"
    return target / PART_FILE


def _partitioned_rows(conn: sqlite3.Connection, table: Table, where: str = "") -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """(partition, rows) in file order, at most ROW_GROUP_ROWS rows each, never straddling partitions."""
    date_column = PARTITIONED_BY.get(table.name)
    columns = ", ".join(f'"{c}"' for c in table.columns)
    partition_sql = f'substr("{date_column}", 1, 4)' if date_column else "''"
    cursor = conn.execute(
        f'select {partition_sql}, {columns} from "{table.name}" {where} '
        f"order by {partition_sql} nulls last, {', '.join(table.order_by)}"
    )
    current: str | None = None
    rows: list[tuple[Any, ...]] = []
    while batch := cursor.fetchmany(ROW_GROUP_ROWS):
        for row in batch:
            if rows and (row[0] != current or len(rows) == ROW_GROUP_ROWS):
                yield current or "", rows
                rows = []
            current = row[0]
            rows.append(row[1:])
    if rows:
        yield current or "", rows


def _arrow_rows(table: Table, rows: list[tuple[Any, ...]]) -> Any:
    import pyarrow as pa

    schema = arrow_schema(table)
    return pa.Table.from_arrays(
        [pa.array(c, type=t) for c, t in zip(_convert(table, rows), schema.types, strict=True)], schema=schema
    )


def _write_file(path: Path, table: Table, groups: list[Any]) -> None:
    """One Parquet file, one row group per item of `groups` (Arrow tables of at most ROW_GROUP_ROWS rows)."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(path, arrow_schema(table), compression="zstd") as writer:
        for group in groups:
            writer.write_table(group)


def write_table(conn: sqlite3.Connection, table: Table, directory: Path) -> int:
    """Write one table under directory/<table>/; return the number of rows."""
    import pyarrow.parquet as pq

    writer, current, count = None, None, 0
    try:
        for partition, rows in _partitioned_rows(conn, table):
            if writer is None or partition != current:
                if writer is not None:
                    writer.close()
                path = _partition_file(directory, table, partition)
                path.parent.mkdir(parents=True, exist_ok=True)
                writer = pq.ParquetWriter(path, arrow_schema(table), compression="zstd")
                current = partition
            writer.write_table(_arrow_rows(table, rows))
            count += len(rows)
        if writer is None:  # an empty table still gets a file, so readers find its schema
            _write_file(directory / table.name / PART_FILE, table, [arrow_schema(table).empty_table()])
    finally:
        if writer is not None:
            writer.close()
    return count


def spliceable(table: Table) -> bool:
    """Ordered by article first and changed article by article (not rebuilt whole each build)."""
    from .splice import REBUILT_TABLES

    return table.order_by[0] == "article_id" and table.name not in REBUILT_TABLES


def splice_table(conn: sqlite3.Connection, table: Table, directory: Path, previous: Path, dirty: set[str]) -> None:
    """Write one table from the previous release's files and the dirty articles' rows (see the module docstring)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from .splice import DIRTY_ROWS

    schema = arrow_schema(table)
    dirty_array = pa.array(sorted(dirty), type=pa.string())
    fresh: dict[str, list[Any]] = {}
    for partition, rows in _partitioned_rows(conn, table, f"where {DIRTY_ROWS}"):
        fresh.setdefault(partition, []).append(_arrow_rows(table, rows))
    old_files = {}
    if table.name in PARTITIONED_BY:
        for path in sorted((previous / table.name).glob(f"{PARTITION_COLUMN}=*/{PART_FILE}")):
            value = path.parent.name.split("=", 1)[1]
            old_files["" if value == NULL_PARTITION else value] = path
    else:
        old_files[""] = previous / table.name / PART_FILE
    for partition in sorted(set(old_files) | set(fresh)):
        target = _partition_file(directory, table, partition)
        parts = []
        if partition in old_files:
            old = pq.ParquetFile(old_files[partition]).read()
            keep = pc.invert(pc.is_in(old.column("article_id"), value_set=dirty_array))
            if partition not in fresh and pc.all(keep).as_py() is not False:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(old_files[partition], target)  # nothing in it changed
                continue
            parts.append(pa.Table.from_arrays([old.column(c) for c in table.columns], schema=schema).filter(keep))
        parts += fresh.get(partition, [])
        merged = pa.concat_tables(parts)
        if merged.num_rows == 0 and table.name in PARTITIONED_BY:
            continue  # every article of this year went: a full write makes no such partition
        order = pc.sort_indices(merged, sort_keys=[("article_id", "ascending")])  # stable
        merged = merged.take(order).combine_chunks()
        groups = [merged.slice(i, ROW_GROUP_ROWS) for i in range(0, merged.num_rows, ROW_GROUP_ROWS)]
        _write_file(target, table, groups or [schema.empty_table()])


def write_parquet(conn: sqlite3.Connection, directory: Path, previous: Path | None = None, dirty: set[str] | None = None) -> None:
    """Every published table as Parquet under directory (the release's `parquet/`); with the
    previous release's `parquet/` and the dirty article ids, tables ordered by article are spliced."""
    for table in TABLES:
        if previous is not None and dirty is not None and spliceable(table) and (previous / table.name).is_dir():
            splice_table(conn, table, directory, previous, dirty)
        else:
            write_table(conn, table, directory)


def resource_property(table: Table, prefix: str) -> dict[str, Any]:
    """The `parquet` property of a table's datapackage resource (a custom property, which
    frictionless v1 descriptors allow): where the copy is and how it is partitioned."""
    description: dict[str, Any] = {
        "path": f"{prefix}{relative_table_path(table)}/",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
    }
    if table.name in PARTITIONED_BY:
        description["partitioning"] = {
            "flavor": "hive",
            "fields": [PARTITION_COLUMN],
            "from": PARTITIONED_BY[table.name],
            "null": NULL_PARTITION,
        }
    return description


def read_table(directory: Path, table: Table) -> Any:
    """A table's Parquet copy as a pandas DataFrame in the CSV's row order (pyarrow needed)."""
    import pyarrow.dataset as ds

    dataset = ds.dataset(directory / table.name, format="parquet", partitioning="hive" if table.name in PARTITIONED_BY else None)
    frame = dataset.to_table(columns=table.columns).to_pandas()
    return frame
