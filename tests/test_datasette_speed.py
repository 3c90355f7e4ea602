"""The speed plugin and serve settings that keep Datasette fast on a large release, checked on
the seed release: list columns, facets on search pages, whole-table facet cache, inspect
counts, mmap, and the query plans of the pages that were slow at 100,000 articles."""

import hashlib
import json
import re
import sqlite3

import pytest
import yaml
from datasette.app import Datasette
from datasette.plugins import pm

from sino_russian_news.pipeline.datasette_site import (
    PLUGINS_DIR,
    SETTINGS,
    TEMPLATES_DIR,
    inspect_data,
    inspect_file,
    serve_arguments,
)
from sino_russian_news.schema import TABLES_BY_NAME

DB = "sino_russian_news"
LIST_COLUMNS = ["article_id", "published_date", "site", "original_publisher", "headline", "byline", "language", "word_count"]


@pytest.fixture(scope="module")
def database(built):
    project, _ = built
    return project / "dataset" / "sino_russian_news.db"


@pytest.fixture(scope="module")
def datasette(built, database, tmp_path_factory):
    project, _ = built
    metadata = yaml.safe_load((project / "dataset" / "metadata.yml").read_text())
    inspect = json.loads(inspect_file(database, tmp_path_factory.mktemp("inspect")).read_text())
    return Datasette(
        immutables=[str(database)],
        metadata=metadata,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
        settings=SETTINGS,
        inspect_data=inspect,
    )


@pytest.fixture(scope="module")
def get(datasette, module_loop):
    def fetch(path):
        response = module_loop.run_until_complete(datasette.client.get(path))
        assert response.status_code == 200, (path, response.text[:300])
        return response

    return fetch


def speed_source():
    """The plugin's source loaded as a module of its own, for its pure functions."""
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("speed_for_test", PLUGINS_DIR / "speed.py")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def speed_module():
    return next(p for p in pm.get_plugins() if hasattr(p, "_whole_table_results"))


def test_list_columns_query():
    module = speed_source()
    config = {DB: {"articles": ["article_id", "headline"]}}
    query = module.list_columns_query
    assert query(f"/{DB}/articles", "", config) == "_col=article_id&_col=headline"
    assert query(f"/{DB}/articles", "_search=Putin+Xi", config) == "_search=Putin+Xi&_col=article_id&_col=headline"
    assert query(f"/{DB}/articles.json", "", config) is None  # JSON keeps every column
    assert query(f"/{DB}/articles/000_21496d7d6b8b8c59", "", config) is None  # a row page
    assert query(f"/{DB}/articles", "_col=body", config) is None  # the reader's choice
    assert query(f"/{DB}/articles", "_nocol=byline", config) is None
    assert query(f"/{DB}/quotes", "", config) is None


def test_plain_search_is_counted_by_the_index():
    module = speed_source()
    plain = module.plain_search
    assert plain(f"/{DB}/articles", [("_search", "Putin"), ("_col", "headline")]) is True
    assert plain(f"/{DB}/articles", [("_search", "Putin"), ("language", "en")]) is False  # another filter
    assert plain(f"/{DB}/articles", [("_search", "Putin"), ("_searchmode", "raw")]) is False
    assert plain(f"/{DB}/articles", [("_search", "")]) is False
    assert plain(f"/{DB}/articles.json", [("_search", "Putin")]) is False  # JSON: plain_json_search
    plain_json = module.plain_json_search
    assert plain_json(f"/{DB}/articles.json", [("_search", "Putin"), ("_shape", "objects")]) is True
    assert plain_json(f"/{DB}/articles.json", [("_search", "Putin"), ("site", "cnn.com")]) is False
    assert plain_json(f"/{DB}/articles", [("_search", "Putin")]) is False
    assert plain_json(f"/{DB}/articles.csv", [("_search", "Putin")]) is False
    assert module.counted_elsewhere_query("_search=Putin&_nocount=0") == "_search=Putin&_nocount=1"


def test_search_page_counts_matches_from_the_index(get):
    page = get(f"/{DB}/articles?_search=Putin").text
    assert "5 rows where search matches" in page
    assert "_nocount=1" in page  # served without Datasette's row-by-row count
    assert "1 row where search matches" in get(f"/{DB}/articles?_search=Kursk").text
    filtered = get(f"/{DB}/articles?_search=Putin&original_publisher=CNN").text
    assert "1 row where search matches" in filtered and "_nocount=1" not in filtered


def test_json_search_counts_matches_from_the_index(get):
    page = get(f"/{DB}/articles.json?_search=Putin&_size=2").json()
    assert page["filtered_table_rows_count"] == 5
    assert "_nocount=1" in page["next_url"]  # served without Datasette's row-by-row count
    article_id = page["columns"].index("article_id")
    assert [row[article_id] for row in page["rows"]] == ["000_21496d7d6b8b8c59", "001_72bc7103f3c47a61"]
    filtered = get(f"/{DB}/articles.json?_search=Putin&original_publisher=CNN").json()
    assert filtered["filtered_table_rows_count"] == 1  # another filter: Datasette counts
    rows = get(f"/{DB}/articles.json?_search=Kursk&_shape=array").json()
    assert [row["article_id"] for row in rows] == ["004_6f773ce998831c97"]


def test_unfiltered_view_page_counts_from_the_cache():
    module = speed_source()
    views = {"quotes_attributed"}
    unfiltered = module.unfiltered_view
    assert unfiltered(f"/{DB}/quotes_attributed", [("_sort", "speaker"), ("_facet", "side")], views) is True
    assert unfiltered(f"/{DB}/quotes_attributed", [("side", "china")], views) is False  # a filter
    assert unfiltered(f"/{DB}/quotes_attributed", [("_search", "war")], views) is False
    assert unfiltered(f"/{DB}/quotes_attributed.json", [], views) is False  # JSON keeps Datasette's count
    assert unfiltered(f"/{DB}/quotes", [], views) is False  # a table: its count is in the inspect data


def test_view_page_shows_the_views_count_without_counting_per_request(get):
    page = get(f"/{DB}/quotes_attributed").text
    assert "48 rows" in page
    assert "_nocount=1" in page
    filtered = get(f"/{DB}/quotes_attributed?side=china").text
    assert "18 rows where side = &#34;china&#34;" in filtered and "_nocount=1" not in filtered


def test_articles_list_page_shows_the_list_columns_and_json_every_column(get):
    page = get(f"/{DB}/articles").text
    headers = [part.split('"')[1] for part in page.split('scope="col" data-column=')[1:]]
    assert headers == LIST_COLUMNS
    assert "Medvedev" not in page  # no body on the list page (it names him in the first article)
    assert get(f"/{DB}/articles.json").json()["columns"] == TABLES_BY_NAME["articles"].columns
    chosen = get(f"/{DB}/articles?_col=body").text
    assert [part.split('"')[1] for part in chosen.split('scope="col" data-column=')[1:]] == ["article_id", "body"]


def test_search_pages_leave_out_default_facets_but_compute_asked_ones(get):
    assert list(get(f"/{DB}/articles.json").json()["facet_results"]) == [
        "site",
        "original_publisher",
        "language",
        "headline_matches_body",
        "published_date",
    ]
    assert get(f"/{DB}/articles.json?_search=Kursk").json()["facet_results"] == {}
    asked = get(f"/{DB}/articles.json?_search=Kursk&_facet=original_publisher").json()["facet_results"]
    assert {k: [(v["value"], v["count"]) for v in f["results"]] for k, f in asked.items()} == {"original_publisher": [("CNN", 1)]}


def test_a_facet_in_metadata_and_in_the_url_is_computed_once(get):
    facets = get(f"/{DB}/articles.json?_facet=site&_facet=original_publisher").json()["facet_results"]
    assert sorted(facets) == ["headline_matches_body", "language", "original_publisher", "published_date", "site"]


def test_whole_table_facets_are_cached_filtered_ones_are_not(get):
    cache = speed_module()._whole_table_results

    def of_mentions():
        # Other pages' queries land in the cache too, as the loop runs what earlier requests left
        # to it (Datasette's table counts, their facets): this page's read the mentions table.
        return [(database, sql) for database, sql in cache if re.search(r"\bfrom mentions\s", sql)]

    cache.clear()
    first = get(f"/{DB}/mentions.json?_facet=method").json()["facet_results"]["method"]["results"]
    keys = of_mentions()
    assert [database for database, _ in keys] == [DB, DB]  # entity_id (metadata) and method
    assert all(sql.strip().startswith("select") for _, sql in keys)
    again = get(f"/{DB}/mentions.json?_facet=method").json()["facet_results"]["method"]["results"]
    assert again == first and of_mentions() == keys
    filtered = get(f"/{DB}/mentions.json?_facet=method&method=gazetteer").json()["facet_results"]["method"]["results"]
    assert [(v["value"], v["count"]) for v in filtered] == [("gazetteer", first_count(first, "gazetteer"))]
    assert of_mentions() == keys  # the filtered page's facets were not cached


def first_count(results, value):
    return next(v["count"] for v in results if v["value"] == value)


def test_inspect_data_counts_every_table_and_hashes_the_file(database, tmp_path):
    data = inspect_data(database)[DB]
    assert data["hash"] == hashlib.sha256(database.read_bytes()).hexdigest()
    assert data["tables"]["articles"] == {"count": 5}
    assert data["tables"]["frames"] == {"count": 8}
    path = inspect_file(database, tmp_path)
    assert inspect_file(database, tmp_path) == path and json.loads(path.read_text())[DB] == data
    arguments = serve_arguments(database, database.with_name("metadata.yml"), 8001)
    assert arguments[arguments.index("--inspect-file") + 1].endswith(".json")


def test_connections_map_the_file(datasette, module_loop):
    rows = module_loop.run_until_complete(datasette.get_database(DB).execute("pragma mmap_size")).rows
    assert rows[0][0] == 2147418112  # the 2 GB asked for, capped at SQLite's SQLITE_MAX_MMAP_SIZE


# ANALYZE's statistics of the 100,000-article synthetic release (benchmarks/synthetic.py), so
# that the planner on the seed release chooses what it chooses at that size.
STATS_AT_100K = [
    ("articles", "idx_articles_headline_matches_body", "100000 100000"),
    ("articles", "idx_articles_language", "100000 100000"),
    ("articles", "idx_articles_published_date", "100000 69"),
    ("articles", "idx_articles_original_publisher", "100000 1640"),
    ("articles", "idx_articles_site", "100000 2440"),
    ("articles", "sqlite_autoindex_articles_1", "100000 1"),
]


def test_search_page_reads_matches_in_index_order_without_sorting(database, tmp_path):
    copy = tmp_path / "sino_russian_news.db"
    copy.write_bytes(database.read_bytes())
    with sqlite3.connect(copy) as conn:
        conn.execute("delete from sqlite_stat1 where tbl = 'articles'")
        conn.executemany("insert into sqlite_stat1 values (?, ?, ?)", STATS_AT_100K)
    conn = sqlite3.connect(copy)

    def plan(order):
        sql = (
            "select article_id, headline from articles where rowid in "
            f"(select rowid from articles_fts where articles_fts match 'Putin') order by {order} limit 51"
        )
        return [row[3] for row in conn.execute("explain query plan " + sql)]

    # The articles' metadata sort (rowid): the matches are read in index order, 51 of them.
    assert plan("rowid") == [
        "SEARCH articles USING INTEGER PRIMARY KEY (rowid=?)",
        "LIST SUBQUERY 1",
        "SCAN articles_fts VIRTUAL TABLE INDEX 0:M2",
    ]
    # By article_id every match was sorted first: 88,000 bodies for 'Putin' at 100,000.
    assert plan("article_id") == [
        "SEARCH articles USING INTEGER PRIMARY KEY (rowid=?)",
        "LIST SUBQUERY 1",
        "SCAN articles_fts VIRTUAL TABLE INDEX 0:M2",
        "USE TEMP B-TREE FOR ORDER BY",
    ]
    conn.close()


def test_facet_counts_read_an_index_not_the_rows(db):
    def plan(sql):
        return [row[3] for row in db.conn.execute("explain query plan " + sql)]

    # The SQL Datasette writes for a column facet.
    facet = (
        "select {col} as value, count(*) as count from (select * from {table}) "
        "where {col} is not null group by {col} order by count desc, value limit 16"
    )
    assert plan(facet.format(col="entity_id", table="mentions")) == [
        "SCAN mentions USING COVERING INDEX idx_mentions_entity_id",
        "USE TEMP B-TREE FOR ORDER BY",
    ]
    assert plan(facet.format(col="headline_matches_body", table="articles")) == [
        "SEARCH articles USING COVERING INDEX idx_articles_headline_matches_body (headline_matches_body>?)",
        "USE TEMP B-TREE FOR ORDER BY",
    ]


def test_a_quotes_side_is_filtered_and_faceted_through_an_index_on_the_stored_rows(db):
    """quotes_attributed computes each quote's side; filtering on it computed every quote's
    side per request (2.0 s at 100,000 articles). Its rows are stored, with indexes for a side
    and for each facet within a side."""

    def plan(sql):
        return [row[3] for row in db.conn.execute("explain query plan " + sql)]

    # The planner on the seed release's 48 rows picks one of the side-first indexes; any will do.
    assert plan("select * from quotes_attributed where side = 'china'") == [
        "SEARCH _stored_quotes_attributed USING INDEX idx__stored_quotes_attributed_side_speaker (side=?)"
    ]
    within_side = (
        "select speaker as value, count(*) as count from (select * from quotes_attributed where side = 'china') "
        "where speaker is not null group by speaker order by count desc, value limit 16"
    )
    assert plan(within_side) == [
        "SEARCH _stored_quotes_attributed USING COVERING INDEX idx__stored_quotes_attributed_side_speaker (side=? AND speaker>?)",
        "USE TEMP B-TREE FOR ORDER BY",
    ]
    assert db.conn.execute("select count(*) from quotes_attributed where side = 'china'").fetchone() == (18,)


def test_searched_articles_list_in_release_order(datasette):
    tables = datasette.metadata()["databases"][DB]["tables"]
    assert tables["articles"]["sort"] == "rowid"
    assert "rowid" in tables["articles"]["sortable_columns"]
    assert tables["quotes"].get("sort") != "rowid"  # quotes have foreign keys: see datasette_site


def test_ranked_searches_enter_the_index_once_for_ranking_and_by_rowid_for_snippets(database):
    from sino_russian_news.views import QUERIES_BY_NAME

    conn = sqlite3.connect(database)
    for name, fts in (("search_articles", "articles_fts"), ("search_quotes", "quotes_fts")):
        sql = QUERIES_BY_NAME[name].sql
        details = [row[3] for row in conn.execute("explain query plan " + sql, {"q": "Putin"})]
        # once to rank every match, then only the best 50 by rowid and match together (`=M`);
        # a second `0:M2` scan would read every match again for the snippets
        assert details.count(f"SCAN {fts} VIRTUAL TABLE INDEX 0:M2") == 1, details
        assert f"SCAN {fts} VIRTUAL TABLE INDEX 0:=M2" in details, details
    conn.close()
