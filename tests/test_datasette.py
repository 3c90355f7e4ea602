"""Datasette over the built database with the generated metadata, through its own test client."""

import asyncio

import pytest
import yaml
from datasette.app import Datasette

from sino_russian_news.schema import TABLES

DB = "sino_russian_news"


@pytest.fixture(scope="module")
def datasette(built):
    project, _ = built
    metadata = yaml.safe_load((project / "dataset" / "metadata.yml").read_text())
    return Datasette(immutables=[str(project / "dataset" / "sino_russian_news.db")], metadata=metadata)


@pytest.fixture(scope="module")
def get(datasette):
    def fetch(path):
        return asyncio.run(datasette.client.get(path))

    return fetch


@pytest.fixture(scope="module")
def metadata(built):
    project, _ = built
    return yaml.safe_load((project / "dataset" / "metadata.yml").read_text())


def test_index_page_shows_title_and_description(get):
    response = get(f"/{DB}")
    assert response.status_code == 200
    assert "Sino-Russian News" in response.text


@pytest.mark.parametrize("table", [t.name for t in TABLES] + ["mentions_named", "quotes_attributed", "paragraph_frames_labelled"])
def test_every_table_and_view_page_loads(get, table):
    response = get(f"/{DB}/{table}")
    assert response.status_code == 200, table
    assert get(f"/{DB}/{table}.json?_shape=array&_size=1").status_code == 200


def test_every_column_is_described(metadata):
    tables = metadata["databases"][DB]["tables"]
    for table in TABLES:
        assert set(tables[table.name]["columns"]) == set(table.columns)
        assert all(tables[table.name]["columns"].values())


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
}


def test_canned_queries_answer(get, metadata):
    queries = metadata["databases"][DB]["queries"]
    assert len(queries) >= 9
    for name in queries:
        params = "&".join(f"{k}={v}" for k, v in PARAMETERS.get(name, {}).items())
        response = get(f"/{DB}/{name}.json?_shape=array&{params}")
        assert response.status_code == 200, name
        rows = response.json()
        assert rows or name == "syndicated_copies", name
        assert get(f"/{DB}/{name}?{params}").status_code == 200


def test_who_is_quoted_by_side(get):
    rows = get(f"/{DB}/quotes_by_side.json?_shape=array").json()
    by_speaker = {r["speaker"]: r for r in rows}
    assert by_speaker["Xi Jinping"]["side"] == "china"
    assert by_speaker["Dmytro Kuleba"]["side"] == "ukraine"
    assert by_speaker["Vladimir Putin"]["side"] == "russia"
    assert by_speaker["A foreign ministry spokeswoman"]["side"] == "unnamed"


def test_removed_boilerplate_audit(get):
    rows = get(f"/{DB}/removed_boilerplate.json?_shape=array&article_id=003_4156b6fe17ca2892").json()
    assert rows[0] == {"line_number": 1, "reason": "headline", "text": "China’s Xi to meet Putin in Moscow next week"}
    assert len(rows) == 30


def test_database_is_served_immutable(datasette):
    assert not datasette.databases[DB].is_mutable
