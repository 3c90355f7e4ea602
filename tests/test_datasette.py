"""Datasette over the built database with the generated metadata, through its own test client."""

import pytest
import yaml
from datasette.app import Datasette

from sino_russian_news.pipeline.datasette_site import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR
from sino_russian_news.schema import TABLES
from sino_russian_news.views import QUERIES, VIEWS

DB = "sino_russian_news"


def serve(project, database):
    """Datasette as `make serve` configures it, over `database` with the project's metadata."""
    metadata = yaml.safe_load((project / "dataset" / "metadata.yml").read_text())
    return Datasette(
        immutables=[str(database)],
        metadata=metadata,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
        settings=SETTINGS,
    )


@pytest.fixture(scope="module")
def datasette(built):
    project, _ = built
    return serve(project, project / "dataset" / "sino_russian_news.db")


@pytest.fixture(scope="module")
def get(datasette, module_loop):
    def fetch(path):
        return module_loop.run_until_complete(datasette.client.get(path))

    return fetch


@pytest.fixture(scope="module")
def metadata(built):
    project, _ = built
    return yaml.safe_load((project / "dataset" / "metadata.yml").read_text())


def test_index_page_shows_title_and_description(get):
    response = get(f"/{DB}")
    assert response.status_code == 200
    assert "Sino-Russian News" in response.text


def test_home_page_lists_every_table_view_and_query_it_promises(get):
    home = get("/").text
    for name, _title in (
        [(t.name, t.title) for t in TABLES] + [(v.name, v.title) for v in VIEWS] + [(q.name, q.title) for q in QUERIES]
    ):
        assert f'<a href="/{DB}/{name}">' in home, name
    assert "Who is quoted, on which side?" in home
    assert "Search the articles, best matches first" in home


@pytest.mark.parametrize("table", [t.name for t in TABLES] + [v.name for v in VIEWS])
def test_every_table_and_view_page_loads(get, table):
    response = get(f"/{DB}/{table}")
    assert response.status_code == 200, table
    assert get(f"/{DB}/{table}.json?_shape=array&_size=1").status_code == 200


def test_every_column_is_described(metadata, db):
    tables = metadata["databases"][DB]["tables"]
    for table in TABLES:
        assert set(tables[table.name]["columns"]) == set(table.columns)
        assert all(tables[table.name]["columns"].values())
    for view in VIEWS:  # a view's columns from its tables keep their tables' descriptions
        assert list(tables[view.name]["columns"]) == [c[0] for c in db.conn.execute(f"select * from {view.name}").description]
        assert all(tables[view.name]["columns"].values())
    assert tables["quotes_attributed"]["columns"]["cue"] == "Reporting verb or phrase ('said', 'told', 'according to')."


def test_column_descriptions_show_on_the_table_page(get):
    assert "Outlet that first published the story" in get(f"/{DB}/articles").text


def test_search_kursk_finds_the_cnn_story(get):
    rows = get(f"/{DB}/articles.json?_search=Kursk&_shape=array").json()
    assert [(r["article_id"], r["original_publisher"]) for r in rows] == [("004_6f773ce998831c97", "CNN")]
    paragraphs = get(f"/{DB}/paragraphs.json?_search=Kursk&_shape=array").json()
    assert {r["article_id"] for r in paragraphs} == {"004_6f773ce998831c97"}
    quotes = get(f"/{DB}/quotes.json?_search=peace&_shape=array").json()
    assert quotes


def test_facets(get):
    data = get(f"/{DB}/articles.json?_facet=original_publisher").json()
    values = {v["value"] for v in data["facet_results"]["original_publisher"]["results"]}
    assert {"CNN", "BBC News", "Reuters", "Financial Times"} <= values
    data = get(f"/{DB}/quotes.json").json()
    assert "speaker_entity_id" in data["facet_results"]


def test_foreign_keys_show_labels(get):
    rows = get(f"/{DB}/quotes.json?_labels=on&_shape=array&speaker_entity_id=Q7747").json()
    assert rows and rows[0]["speaker_entity_id"] == {"value": "Q7747", "label": "Vladimir Putin"}
    assert "Vladimir Putin" in get(f"/{DB}/quotes?speaker_entity_id=Q7747").text


PARAMETERS = {
    "entity_cooccurrence": {"entity_id": "Q15031"},
    "quotes_by_speaker": {"speaker_entity_id": "dmytro-kuleba"},
    "articles_mentioning": {"entity_id": "Q7747"},
    "removed_boilerplate": {"article_id": "003_4156b6fe17ca2892"},
    "search_articles": {"q": "Kursk"},
    "search_quotes": {"q": "peace"},
}


def test_canned_queries_answer(get, metadata):
    queries = metadata["databases"][DB]["queries"]
    assert list(queries) == [q.name for q in QUERIES]
    for name in queries:
        params = "&".join(f"{k}={v}" for k, v in PARAMETERS.get(name, {}).items())
        response = get(f"/{DB}/{name}.json?_shape=array&{params}")
        assert response.status_code == 200, name
        assert response.json(), name
        assert get(f"/{DB}/{name}?{params}").status_code == 200


def test_who_is_quoted_by_side(get):
    rows = get(f"/{DB}/quotes_by_side.json?_shape=array").json()
    by_speaker = {r["speaker"]: r for r in rows}
    assert by_speaker["Xi Jinping"]["side"] == "china"
    assert by_speaker["Dmytro Kuleba"]["side"] == "ukraine"
    assert by_speaker["Vladimir Putin"]["side"] == "russia"
    assert by_speaker["A foreign ministry spokeswoman"]["side"] == "unnamed"
    assert (
        by_speaker["Ministry of Foreign Affairs of China"]["side"] == "china"
    )  # 'a spokesperson for China’s Foreign Ministry' links to it


def test_removed_boilerplate_audit(get):
    rows = get(f"/{DB}/removed_boilerplate.json?_shape=array&article_id=003_4156b6fe17ca2892").json()
    assert rows[0] == {"line_number": 1, "reason": "headline", "text": "China’s Xi to meet Putin in Moscow next week"}
    assert len(rows) == 30


def test_database_is_served_immutable(datasette):
    assert not datasette.databases[DB].is_mutable


def test_article_page_reads_as_an_article(get):
    page = get(f"/{DB}/articles/004_6f773ce998831c97").text
    assert (
        "<h1" in page and "Russia’s Putin and China’s No. 2 official praise deepening ties as Ukraine war grinds on</h1>" in page
    )
    assert "<p>Russian President Vladimir Putin" in page  # the body's first paragraph, as a paragraph
    assert f'href="/{DB}/quotes?article_id=004_6f773ce998831c97"' in page
    assert f'href="/{DB}/removed_boilerplate?article_id=004_6f773ce998831c97"' in page
    # An article without a headline says so, and why, instead of "None"
    untitled = get(f"/{DB}/articles/002_8c84d02b1110ab5b").text
    assert "(no headline)</h1>" in untitled and ">None<" not in untitled
    assert "No headline: text: no title-shaped line in the 80 lines above the body</p>" in untitled
    # a headline reviewed as another story's is not shown as if it were this one's
    mismatched = get(f"/{DB}/articles/000_21496d7d6b8b8c59").text
    assert (
        '<p class="evidence">This headline belongs to another story (reviewed in dataset/curated/articles.yml).</p>' in mismatched
    )
    assert '<p class="evidence">This headline' not in page


def test_an_article_that_names_no_other_publisher_is_shown_under_its_site(built, tmp_path, module_loop):
    """Most scraped pages name no original publisher: their meta line reads as the site's own
    story ('Folha de S.Paulo · 2024-08-21'), not 'Publisher unknown, via Folha de S.Paulo'."""
    import re
    import shutil
    import sqlite3

    project, _ = built
    copy = tmp_path / "sino_russian_news.db"
    shutil.copyfile(project / "dataset" / "sino_russian_news.db", copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "update articles set original_publisher = null, site = 'Folha de S.Paulo' where article_id = '004_6f773ce998831c97'"
        )
    conn.close()
    served = serve(project, copy)

    def meta(article_id):
        page = module_loop.run_until_complete(served.client.get(f"/{DB}/articles/{article_id}")).text
        return " ".join(re.search(r'<p class="meta">(.*?)</p>', page, re.S)[1].split())

    assert meta("004_6f773ce998831c97").startswith("Folha de S.Paulo · 2024-08-21")
    assert meta("003_4156b6fe17ca2892").startswith("BBC News, via Index Of News · ")  # a syndicated copy
    assert meta("001_72bc7103f3c47a61").startswith("Reuters · ")  # the publisher, no site
    assert meta("002_8c84d02b1110ab5b").startswith("Publisher unknown · ")  # neither


def test_an_articles_links_to_other_tables_count_in_words(built, tmp_path, module_loop):
    """'1 removed line', not '1 removed lines'; and a table that links to the article twice (a
    syndication pair names two articles) says through which column, instead of two links that
    read alike ('2 syndication pairs', '2 syndication pairs')."""
    import re
    import shutil
    import sqlite3

    project, _ = built
    copy = tmp_path / "sino_russian_news.db"
    shutil.copyfile(project / "dataset" / "sino_russian_news.db", copy)
    with sqlite3.connect(copy) as conn:
        conn.executemany(
            "insert into syndication_pairs values (?, ?, 0.9, 'g1')",
            [("001_72bc7103f3c47a61", "003_4156b6fe17ca2892"), ("003_4156b6fe17ca2892", "004_6f773ce998831c97")],
        )
    conn.close()
    served = serve(project, copy)

    def links(article_id):
        page = module_loop.run_until_complete(served.client.get(f"/{DB}/articles/{article_id}")).text
        return re.findall(r"<li><a href=\"[^\"]*\">(\d[^<]*)</a></li>", page)

    assert [link for link in links("003_4156b6fe17ca2892") if "syndication" in link] == [
        "1 syndication pair (as other article id)",
        "1 syndication pair (as article id)",
    ]
    assert [link for link in links("004_6f773ce998831c97") if "syndication" in link] == ["1 syndication pair"]
    assert links("002_8c84d02b1110ab5b") == [
        "3 paragraphs",
        "1 removed line",
        "27 mentions",
        "2 quotes",
        "9 paragraph frames",
        "2 date mentions",
        "1 article event",
    ]


def test_search_ranks_by_relevance_with_highlighted_snippet(get):
    rows = get(f"/{DB}/search_articles.json?_shape=array&q=Kursk").json()
    assert [r["article_id"] for r in rows] == ["004_6f773ce998831c97"]
    assert "[[Kursk]]" in rows[0]["snippet"]
    ranked = get(f"/{DB}/search_articles.json?_shape=array&q=Xi").json()
    assert [r["rank"] for r in ranked] == sorted(r["rank"] for r in ranked)
    assert len(ranked) == 5
    page = get(f"/{DB}/search_articles?q=Kursk").text
    assert "<mark>Kursk</mark>" in page


def test_snippet_markup_is_escaped_before_highlighting():
    import importlib.util

    spec = importlib.util.spec_from_file_location("reading", PLUGINS_DIR / "reading.py")
    reading = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reading)
    assert str(reading.highlight("<script>x</script> [[Putin]]")) == "&lt;script&gt;x&lt;/script&gt; <mark>Putin</mark>"


def test_list_pages_truncate_long_cells(get):
    page = get(f"/{DB}/articles").text
    body = get(f"/{DB}/articles/004_6f773ce998831c97.json?_shape=array").json()[0]["body"]
    assert len(body) > 2000
    assert body[:1000] not in page  # the body is cut to SETTINGS["truncate_cells_html"] characters
    assert "…" in page


def test_ids_sort_in_body_order(get):
    ids = [r["quote_id"] for r in get(f"/{DB}/quotes.json?_shape=array&article_id=000_21496d7d6b8b8c59").json()]
    assert ids[:3] == ["000_21496d7d6b8b8c59:q0000265", "000_21496d7d6b8b8c59:q0000399", "000_21496d7d6b8b8c59:q0000483"]


def test_facets_for_research(get, metadata):
    tables = metadata["databases"][DB]["tables"]
    assert tables["article_list"]["facets"] == ["original_publisher", "site", "year", "language"]
    assert tables["quotes_attributed"]["facets"][0] == "side"
    assert tables["paragraph_frames_labelled"]["facets"][0] == "frame"
    years = get(f"/{DB}/article_list.json").json()["facet_results"]["year"]["results"]
    assert {v["value"]: v["count"] for v in years} == {2022: 2, 2023: 2, 2024: 1}


def test_faceted_and_joined_columns_are_indexed(db):
    def plan(sql):
        return " ".join(row[3] for row in db.conn.execute("explain query plan " + sql))

    assert "USING COVERING INDEX" in plan("select reason, count(*) from removed_lines group by reason")
    assert "USING COVERING INDEX" in plan("select original_publisher, count(*) from articles group by original_publisher")
    assert "USING INDEX" in plan("select * from quotes where speaker_entity_id = 'Q7747'")
    assert "USING INDEX" in plan("select * from mentions where article_id = 'x' and paragraph_index = 3")


def test_a_foreign_key_without_label_shows_its_id_not_none(get):
    page = get(f"/{DB}/quotes?article_id=002_8c84d02b1110ab5b").text
    assert ">None<" not in page
    assert f'<a href="/{DB}/articles/002_8c84d02b1110ab5b">002_8c84d02b1110ab5b</a>' in page
    labelled = get(f"/{DB}/quotes?article_id=004_6f773ce998831c97").text
    assert ">Russia’s Putin and China’s No. 2 official praise deepening ties as Ukraine war grinds on</a>" in labelled


def test_a_facet_on_an_article_without_headline_shows_its_id_not_none(get):
    page = get(f"/{DB}/quotes?_facet=article_id").text
    facet = page[page.index('id="facet-article_id"') :]
    facet = facet[: facet.index("</ul>")]
    assert ">None</a>" not in facet
    assert ">002_8c84d02b1110ab5b</a>" in facet
    assert ">Russia’s Putin and China’s No. 2 official praise deepening ties as Ukraine war grinds on</a>" in facet
