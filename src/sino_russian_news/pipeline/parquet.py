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
the data and the pyarrow version only (the build is deterministic).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
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


def write_table(conn: sqlite3.Connection, table: Table, directory: Path) -> int:
    """Write one table under directory/<table>/; return the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table)
    date_column = PARTITIONED_BY.get(table.name)
    columns = ", ".join(f'"{c}"' for c in table.columns)
    partition_sql = f'substr("{date_column}", 1, 4)' if date_column else "''"
    cursor = conn.execute(
        f'select {partition_sql}, {columns} from "{table.name}" order by {partition_sql} nulls last, {", ".join(table.order_by)}'
    )
    writer, current, count = None, None, 0
    try:
        while batch := cursor.fetchmany(ROW_GROUP_ROWS):
            # A batch may straddle two years: split it where the partition changes.
            start = 0
            while start < len(batch):
                partition = batch[start][0]
                end = start
                while end < len(batch) and batch[end][0] == partition:
                    end += 1
                if writer is None or partition != current:
                    if writer is not None:
                        writer.close()
                    target = directory / table.name
                    if date_column:
                        target = target / f"{PARTITION_COLUMN}={partition or NULL_PARTITION}"
                    target.mkdir(parents=True, exist_ok=True)
                    writer = pq.ParquetWriter(target / PART_FILE, schema, compression="zstd")
                    current = partition
                rows = [row[1:] for row in batch[start:end]]
                writer.write_table(
                    pa.Table.from_arrays(
                        [pa.array(c, type=t) for c, t in zip(_convert(table, rows), schema.types, strict=True)], schema=schema
                    )
                )
                count += end - start
                start = end
        if writer is None:  # an empty table still gets a file, so readers find its schema
            (directory / table.name).mkdir(parents=True, exist_ok=True)
            pq.write_table(schema.empty_table(), directory / table.name / PART_FILE, compression="zstd")
    finally:
        if writer is not None:
            writer.close()
    return count


def write_parquet(conn: sqlite3.Connection, directory: Path) -> None:
    """Every published table as Parquet under directory (the release's `parquet/`)."""
    for table in TABLES:
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
