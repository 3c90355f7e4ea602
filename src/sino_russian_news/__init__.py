"""Sino-Russian News: news coverage of Russia–China relations during the war in Ukraine.

    >>> import sino_russian_news as srn
    >>> articles = srn.load("articles")
    >>> len(articles)
    5
    >>> srn.__version__
    '2.5.5'

The data ships inside the package: `load()` needs pandas only, `connect()` only the
standard library.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ._release import DATABASE_FILE, DATAPACKAGE_FILE, release_files
from ._version import __version__
from .schema import TABLES, TABLES_BY_NAME, Field
from .views import VIEWS, VIEWS_BY_NAME, view_columns

__all__ = ["__version__", "load", "tables", "research_views", "connect", "datapackage", "citation", "database_path"]


def database_path() -> Path:
    """Filesystem path of the release's SQLite database (in the wheel, or in the checkout)."""
    return release_files()[DATABASE_FILE]


def connect() -> sqlite3.Connection:
    """A read-only connection to the bundled database.

    >>> conn = connect()
    >>> conn.execute("select count(*) from articles").fetchone()
    (5,)
    """
    path = database_path()
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: build the dataset first (`make build`)")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def tables() -> dict[str, str]:
    """Published table names with their descriptions.

    >>> "quotes" in tables()
    True
    """
    return {t.name: t.description for t in TABLES}


def research_views() -> dict[str, str]:
    """The research questions, each a SQL view in the database, with their descriptions.

    >>> "quotes_per_side" in research_views()
    True
    """
    return {v.name: v.description for v in VIEWS}


def _check_table(table: str) -> None:
    if table not in TABLES_BY_NAME and table not in VIEWS_BY_NAME:
        raise ValueError(f"unknown table {table!r}; valid tables: {', '.join(TABLES_BY_NAME)}; views: {', '.join(VIEWS_BY_NAME)}")


def load(table: str):
    """One table or view as a pandas DataFrame, with dates as datetimes and 0/1 flags as booleans.

    >>> quotes = load("quotes")
    >>> sorted(quotes.columns)[:3]
    ['article_id', 'continues_quote_id', 'cue']
    >>> list(load("quotes_per_side").columns)
    ['side', 'quotes', 'words_quoted', 'speakers', 'share_of_words']
    """
    import pandas as pd

    _check_table(table)
    fields: tuple[Field, ...]
    frame = _load_parquet(TABLES_BY_NAME[table]) if table in TABLES_BY_NAME else None
    with connect() as conn:
        if table in TABLES_BY_NAME:
            spec = TABLES_BY_NAME[table]
            fields, order = spec.fields, spec.primary_key
        else:
            view = VIEWS_BY_NAME[table]
            fields, order = view.fields(view_columns(conn, table)), view.order
        if frame is None:
            frame = pd.read_sql_query(f'select * from "{table}" order by {", ".join(order)}', conn)
    for f in fields:
        if f.type == "date":
            frame[f.name] = pd.to_datetime(frame[f.name], format="%Y-%m-%d")
        elif f.type == "boolean":
            frame[f.name] = frame[f.name].map({1: True, 0: False}).astype("boolean")
        elif f.type == "integer" and frame[f.name].isna().any():
            frame[f.name] = frame[f.name].astype("Int64")
    return frame


def parquet_dir() -> Path:
    """Where the release's Parquet copies are: `parquet/` beside the database."""
    return database_path().resolve().parent / "parquet"


def _load_parquet(spec):
    """The table from its Parquet copy, shaped like the SQLite read (ISO dates, 0/1 flags) so
    one conversion follows; None without pyarrow (the base install is pandas-only) or a copy."""
    directory = parquet_dir() / spec.name
    if not directory.is_dir():
        return None
    try:
        from .pipeline.parquet import read_table
    except ImportError:
        return None
    import pandas as pd

    try:
        frame = read_table(directory.parent, spec)
    except ImportError:
        return None
    for f in spec.fields:
        if f.type == "date":
            frame[f.name] = frame[f.name].map(lambda d: None if d is None or d != d else d.isoformat(), na_action=None)
        elif f.type == "boolean":
            frame[f.name] = frame[f.name].map(lambda b: None if b is None or b != b else int(b))
        elif f.type == "string" and frame[f.name].isna().all():
            # pandas reads an all-empty SQLite column as objects (None), not as strings.
            frame[f.name] = pd.Series([None] * len(frame), dtype=object, index=frame.index)
    return frame.sort_values(list(spec.primary_key), ignore_index=True)


def datapackage() -> dict:
    """The Frictionless data package descriptor of this release."""
    return json.loads(release_files()[DATAPACKAGE_FILE].read_text(encoding="utf-8"))


def citation() -> str:
    """How to cite this version of the dataset."""
    return (
        f"Sino-Russian News maintainers. Sino-Russian News: coverage of Russia–China relations during "
        f"the war in Ukraine (version {__version__}) [data set]. "
        "https://github.com/sino-russian-news/sino-russian-news"
    )
