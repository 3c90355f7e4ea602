"""The installed dataset: the public API, and a wheel that installs light and loads anywhere."""

import json
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

import sino_russian_news as srn
from sino_russian_news.schema import TABLES

from .conftest import ROOT


def test_version_is_the_data_version():
    descriptor = json.loads((ROOT / "datapackage.json").read_text())
    info = dict(srn.connect().execute("select key, value from dataset_info").fetchall())
    assert srn.__version__ == descriptor["version"] == info["version"] == srn.datapackage()["version"]


def test_tables_lists_every_table_with_its_description():
    assert list(srn.tables()) == [t.name for t in TABLES]
    assert srn.tables()["quotes"].startswith("Text inside quotation marks")


def test_load_articles_with_dtypes():
    articles = srn.load("articles")
    assert len(articles) == 5
    assert pd.api.types.is_datetime64_any_dtype(articles["published_date"])
    assert str(articles["headline_matches_body"].dtype) == "boolean"
    assert articles.loc[articles.article_id == "000_21496d7d6b8b8c59", "headline_matches_body"].item() == False  # noqa: E712
    assert articles["published_date"].min() == pd.Timestamp("2022-12-21")


# Row counts the five raw files and the curated files decide, whatever the NLP finds.
ROWS_FIXED_BY_RAW_AND_CURATION = {"articles": 5, "frames": 8, "events": 4, "article_events": 5, "syndication_pairs": 0}


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_load_every_table(table):
    frame = srn.load(table)
    assert list(frame.columns) == [f.name for f in srn.schema.TABLES_BY_NAME[table].fields]
    assert len(frame) == srn.connect().execute(f"select count(*) from {table}").fetchone()[0]
    if table in ROWS_FIXED_BY_RAW_AND_CURATION:
        assert len(frame) == ROWS_FIXED_BY_RAW_AND_CURATION[table]


def test_unknown_table_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"unknown table 'article'; valid tables: articles, paragraphs, removed_lines"):
        srn.load("article")


def test_connect_is_read_only():
    conn = srn.connect()
    assert conn.execute("select count(*) from quotes").fetchone()[0] == len(srn.load("quotes"))
    with pytest.raises(Exception, match="readonly"):
        conn.execute("delete from articles")


def test_citation_names_the_version():
    assert "version 2.5.5" in srn.citation()
    assert "version: 2.5.5" in (ROOT / "CITATION.cff").read_text()
    assert "## 2.1.0" in (ROOT / "CHANGELOG.md").read_text()


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    """The wheel built from pyproject.toml, installed into a new venv without any extra."""
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = (tmp / "dist").glob("sino_russian_news-2.5.5-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True)
    python = tmp / "venv" / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    return python, wheel, tmp


def test_building_the_wheel_writes_nothing_into_src(installed_wheel):
    assert sorted(p.name for p in (ROOT / "src").iterdir()) == ["sino_russian_news"]


def test_wheel_carries_the_data_and_installs_pandas_only(installed_wheel):
    python, wheel, tmp = installed_wheel
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "sino_russian_news/data/sino_russian_news.db" in names
    assert "sino_russian_news/data/datapackage.json" in names
    freeze = subprocess.run([str(python), "-m", "pip", "freeze"], check=True, capture_output=True, text=True).stdout.lower()
    for heavy in ("spacy", "datasette", "jupyter", "frictionless", "sqlite-utils", "en-core-web-sm"):
        assert heavy not in freeze
    assert "pandas==" in freeze


def test_installed_wheel_loads_every_table_outside_the_repo(installed_wheel):
    python, _, tmp = installed_wheel
    script = textwrap.dedent("""
        import json, time
        started = time.perf_counter()
        import sino_russian_news as s
        articles = s.load("articles")
        elapsed = time.perf_counter() - started
        counts = {t: len(s.load(t)) for t in s.tables()}
        print(json.dumps({"file": s.__file__, "version": s.__version__, "articles": len(articles), "counts": counts, "seconds": elapsed}))
    """)
    out = subprocess.run([str(python), "-c", script], check=True, capture_output=True, text=True, cwd=tmp).stdout
    result = json.loads(out)
    assert str(ROOT) not in result["file"]
    assert (result["version"], result["articles"]) == ("2.5.5", 5)
    assert result["counts"]["quotes"] == len(srn.load("quotes"))
    assert result["seconds"] < 5  # the issue asks for well under a second; `make bench` prints it


def test_installed_wheel_runs_the_command_and_loads_a_view(installed_wheel):
    python, wheel, _ = installed_wheel
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "sino_russian_news/datasette_plugins/reading.py" in names
    assert "sino_russian_news/datasette_plugins/templates/row-sino_russian_news-articles.html" in names
    command = python.parent / "sino-russian-news"
    help_text = subprocess.run([str(command), "--help"], check=True, capture_output=True, text=True).stdout
    assert "Build and extend the Sino-Russian News dataset." in help_text
    out = subprocess.run(
        [str(python), "-c", "import sino_russian_news as s; print(s.load('quotes_per_side')['side'].tolist())"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert out.strip() == "['china', 'russia', 'ukraine', 'unnamed', 'west']"
