"""Parquet copies of the tables: partitioned by year, described in datapackage.json, read by load()."""

import builtins
import json
import shutil
import sqlite3

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import sino_russian_news as srn
from sino_russian_news.schema import TABLES


def test_articles_are_partitioned_by_publication_year(built):
    project, _ = built
    root = project / "dataset" / "parquet" / "articles"
    assert sorted(p.name for p in root.iterdir()) == ["published_year=2022", "published_year=2023", "published_year=2024"]
    # The year is in the directory name only; a reader filtering on it opens one directory.
    table = ds.dataset(root, format="parquet", partitioning="hive").to_table(
        columns=["article_id", "published_date"], filter=ds.field("published_year") == 2022
    )
    conn = sqlite3.connect(project / "dataset" / "sino_russian_news.db")
    expected = conn.execute("select article_id from articles where published_date like '2022-%' order by article_id").fetchall()
    assert sorted(table.column("article_id").to_pylist()) == [a for (a,) in expected]
    assert pq.read_schema(root / "published_year=2022" / "part-0.parquet").field("published_date").type == "date32[day]"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_table_has_the_database_rows(built, table):
    project, _ = built
    conn = sqlite3.connect(project / "dataset" / "sino_russian_news.db")
    columns = ", ".join(f'"{c}"' for c in table.columns)
    expected = conn.execute(f'select {columns} from "{table.name}" order by {", ".join(table.order_by)}').fetchall()
    partitioning = "hive" if table.name == "articles" else None
    parquet_rows = (
        ds.dataset(project / "dataset" / "parquet" / table.name, format="parquet", partitioning=partitioning)
        .to_table(columns=table.columns)
        .to_pylist()
    )

    def as_sqlite(row: dict) -> tuple:
        return tuple(
            (v.isoformat() if f.type == "date" and v is not None else int(v) if f.type == "boolean" and v is not None else v)
            for f, v in ((f, row[f.name]) for f in table.fields)
        )

    assert sorted(map(as_sqlite, parquet_rows), key=repr) == sorted(expected, key=repr)


def test_datapackage_describes_the_parquet_copies(built):
    project, _ = built
    resources = {r["name"]: r for r in json.loads((project / "datapackage.json").read_text())["resources"]}
    assert resources["articles"]["parquet"] == {
        "path": "dataset/parquet/articles/",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "partitioning": {
            "flavor": "hive",
            "fields": ["published_year"],
            "from": "published_date",
            "null": "__HIVE_DEFAULT_PARTITION__",
        },
    }
    assert resources["quotes"]["parquet"] == {
        "path": "dataset/parquet/quotes/",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
    }
    for table in TABLES:  # derived views are not copied: they are queries over the tables
        assert (project / resources[table.name]["parquet"]["path"]).is_dir(), table.name


@pytest.fixture()
def release_copy(built, tmp_path, monkeypatch):
    """The built release seen by the package's load(), in a copy the test may change."""
    project, _ = built
    shutil.copytree(project / "dataset" / "parquet", tmp_path / "parquet")
    shutil.copyfile(project / "dataset" / "sino_russian_news.db", tmp_path / "sino_russian_news.db")
    monkeypatch.setattr(srn, "database_path", lambda: tmp_path / "sino_russian_news.db")
    return tmp_path


@pytest.mark.parametrize("name", ["articles", "quotes", "date_mentions", "article_events", "entities"])
def test_load_from_parquet_equals_load_from_sqlite(release_copy, name, monkeypatch):
    from_parquet = srn.load(name)
    shutil.rmtree(release_copy / "parquet")
    from_sqlite = srn.load(name)
    pd.testing.assert_frame_equal(from_parquet, from_sqlite)


def test_load_uses_parquet_when_present(release_copy):
    # Empty the database's table: load() still returns the rows, from Parquet.
    conn = sqlite3.connect(release_copy / "sino_russian_news.db")
    expected = conn.execute("select count(*) from quotes").fetchone()[0]
    with conn:
        conn.execute("delete from quotes")
    assert len(srn.load("quotes")) == expected > 0
    shutil.rmtree(release_copy / "parquet" / "quotes")
    assert len(srn.load("quotes")) == 0


def test_load_falls_back_to_sqlite_without_pyarrow(release_copy, monkeypatch):
    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    conn = sqlite3.connect(release_copy / "sino_russian_news.db")
    with conn:
        conn.execute("delete from quotes where kind = 'partial'")
    remaining = conn.execute("select count(*) from quotes").fetchone()[0]
    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    for module in [m for m in __import__("sys").modules if m.startswith("pyarrow")]:
        monkeypatch.delitem(__import__("sys").modules, module)
    assert len(srn.load("quotes")) == remaining
