"""benchmarks/synthetic.py: a release replicated to more articles, faithful to a real release."""

import sqlite3
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import id_columns, synthetic_database, with_json  # noqa: E402


@pytest.fixture(scope="module")
def replicated(built, tmp_path_factory):
    project, _ = built
    target = tmp_path_factory.mktemp("synthetic") / "sino_russian_news.db"
    synthetic_database(project / "dataset" / "sino_russian_news.db", 12, target)
    conn = sqlite3.connect(target)
    yield conn, sqlite3.connect(project / "dataset" / "sino_russian_news.db")
    conn.close()


def test_ids_rewritten_are_the_article_scoped_ones():
    assert id_columns("mentions") == {"mention_id", "article_id"}
    assert id_columns("quotes") == {"quote_id", "article_id", "continues_quote_id"}
    assert id_columns("syndication_pairs") == {"article_id", "other_article_id", "group_id"}
    assert id_columns("paragraphs") == {"article_id"}


def test_twelve_articles_from_five_two_full_copies_and_a_partial_one(replicated):
    conn, _ = replicated
    ids = [r[0] for r in conn.execute("select article_id from articles order by rowid")]
    assert len(ids) == 12
    assert ids[:6] == [
        "000_21496d7d6b8b8c59",
        "001_72bc7103f3c47a61",
        "002_8c84d02b1110ab5b",
        "003_4156b6fe17ca2892",
        "004_6f773ce998831c97",
        "c001-000_21496d7d6b8b8c59",
    ]
    assert ids[10:] == ["c002-000_21496d7d6b8b8c59", "c002-001_72bc7103f3c47a61"]


def test_copies_are_a_consistent_release(replicated):
    conn, source = replicated
    assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    broken = conn.execute(
        "select count(*) from mentions m join articles a using (article_id) "
        "where substr(a.body, m.start_char + 1, m.end_char - m.start_char) != m.text"
    ).fetchone()
    assert broken == (0,)
    assert conn.execute("select count(*) from mentions where mention_id not like article_id || ':%'").fetchone() == (0,)
    schema = "select type, name from sqlite_master where type in ('index', 'trigger', 'view') order by name"
    assert conn.execute(schema).fetchall() == source.execute(schema).fetchall()
    assert conn.execute("select count(*) from sqlite_stat1 where tbl = 'mentions'").fetchone()[0] > 0


def test_full_text_index_rebuilt_over_the_copies(replicated):
    conn, _ = replicated
    # The Kursk story is the fifth article: in copy 1 (all five) but not in the partial copy 2.
    kursk = conn.execute(
        "select a.article_id from articles_fts join articles a on a.rowid = articles_fts.rowid "
        "where articles_fts match 'Kursk' order by a.rowid"
    ).fetchall()
    assert kursk == [("004_6f773ce998831c97",), ("c001-004_6f773ce998831c97",)]


def test_copies_get_their_own_sites_publishers_and_dates(replicated):
    conn, _ = replicated
    rows = conn.execute(
        "select site, original_publisher, published_date from articles where article_id like 'c002-%' order by rowid"
    ).fetchall()
    assert rows == [("site14.example", "Publisher 22", "2022-01-27"), ("site15.example", "Publisher 25", "2022-02-25")]


def test_json_variants_of_the_pages():
    assert with_json({"search": "/articles?_search=Putin", "table": "/articles"}) == {
        "search": "/articles?_search=Putin",
        "search, JSON": "/articles.json?_search=Putin",
        "table": "/articles",
        "table, JSON": "/articles.json",
    }


def test_stored_summaries_count_the_copies(replicated):
    conn, source = replicated
    # 12 articles: the five seeds twice and the first two once more; 62 removed lines in the seeds.
    assert conn.execute("select sum(lines), (select count(*) from removed_lines) from removed_by_reason").fetchone() == (136, 136)
    assert conn.execute("select reason, lines, articles from removed_by_reason limit 2").fetchall() == [
        ("related-posts", 50, 4),
        ("site-chrome", 13, 7),
    ]
    assert source.execute("select sum(lines) from removed_by_reason").fetchone() == (62,)
