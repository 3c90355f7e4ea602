"""The reconcile command against recorded Wikidata responses (never the live service).

The payloads below are wbsearchentities responses in the API's JSON shape, trimmed to the
fields the code reads plus the usual neighbours ('repository', 'concepturi', 'match').
"""

import sqlite3

import pytest
import responses
import yaml
from click.testing import CliRunner

from sino_russian_news.cli import cli
from sino_russian_news.pipeline import reconcile

TRUMP = {
    "searchinfo": {"search": "Donald Trump"},
    "search": [
        {
            "id": "Q22686",
            "title": "Q22686",
            "repository": "wikidata",
            "concepturi": "http://www.wikidata.org/entity/Q22686",
            "url": "//www.wikidata.org/wiki/Q22686",
            "label": "Donald Trump",
            "description": "president of the United States",
            "match": {"type": "label", "language": "en", "text": "Donald Trump"},
        },
        {
            "id": "Q27947481",
            "title": "Q27947481",
            "repository": "wikidata",
            "label": "Donald Trump Jr.",
            "display": {"description": {"value": "American businessman", "language": "en"}},
            "match": {"type": "label", "language": "en", "text": "Donald Trump Jr."},
        },
    ],
    "success": 1,
}
CLINTON = {
    "searchinfo": {"search": "Hillary Clinton"},
    "search": [
        {
            "id": "Q6294",
            "title": "Q6294",
            "label": "Hillary Clinton",
            "description": "American politician and diplomat",
            "match": {"type": "label", "language": "en", "text": "Hillary Clinton"},
        }
    ],
    "success": 1,
}
NOTHING = {"searchinfo": {"search": "Xyzzy Plugh"}, "search": [], "success": 1}


@pytest.fixture()
def database(tmp_path):
    path = tmp_path / "dataset" / "sino_russian_news.db"
    path.parent.mkdir(parents=True)
    (tmp_path / "dataset" / "raw").mkdir()
    conn = sqlite3.connect(path)
    conn.execute("create table entities (entity_id, name, type, wikidata_id)")
    conn.execute("create table mentions (mention_id, entity_id)")
    conn.executemany(
        "insert into entities values (?, ?, ?, ?)",
        [
            ("person-donald-trump", "Donald Trump", "PERSON", None),
            ("person-hillary-clinton", "Hillary Clinton", "PERSON", None),
            ("person-xyzzy-plugh", "Xyzzy Plugh", "PERSON", None),
            ("Q7747", "Vladimir Putin", "PERSON", "Q7747"),  # linked already: not asked
            ("date-x", "Monday", "DATE", None),  # not a linkable type
        ],
    )
    counts = {"person-donald-trump": 5, "person-hillary-clinton": 3, "person-xyzzy-plugh": 3, "Q7747": 9, "date-x": 4}
    conn.executemany("insert into mentions values (?, ?)", [(f"{e}:{i}", e) for e, n in counts.items() for i in range(n)])
    conn.commit()
    conn.close()
    return tmp_path


def test_parse_search_reads_label_and_description_from_either_place():
    assert reconcile.parse_search(TRUMP) == [
        reconcile.Candidate("Q22686", "Donald Trump", "president of the United States"),
        reconcile.Candidate("Q27947481", "Donald Trump Jr.", "American businessman"),
    ]
    assert reconcile.parse_search(NOTHING) == []


def test_unlinked_entities_most_mentioned_first(database):
    db = database / "dataset" / "sino_russian_news.db"
    assert [(e["entity_id"], e["mentions"]) for e in reconcile.unlinked_entities(db, min_mentions=3)] == [
        ("person-donald-trump", 5),
        ("person-hillary-clinton", 3),
        ("person-xyzzy-plugh", 3),
    ]
    assert [e["entity_id"] for e in reconcile.unlinked_entities(db, min_mentions=4)] == ["person-donald-trump"]


@responses.activate
def test_reconcile_command_writes_a_review_file(database):
    for payload in (TRUMP, CLINTON, NOTHING):
        responses.get(
            reconcile.WIKIDATA_API,
            json=payload,
            match=[
                responses.matchers.query_param_matcher(
                    {
                        "action": "wbsearchentities",
                        "search": payload["searchinfo"]["search"],
                        "language": "en",
                        "uselang": "en",
                        "type": "item",
                        "limit": "5",
                        "format": "json",
                    }
                )
            ],
        )
    result = CliRunner().invoke(cli, ["reconcile", "--project", str(database), "--pause", "0"])
    assert result.exit_code == 0, result.output
    assert "3 entities, 2 with candidates" in result.output
    review = yaml.safe_load((database / "reconcile-review.yml").read_text(encoding="utf-8"))["entities"]
    assert [(e["entity_id"], [c["qid"] for c in e["candidates"]], e["accept"]) for e in review] == [
        ("person-donald-trump", ["Q22686", "Q27947481"], None),
        ("person-hillary-clinton", ["Q6294"], None),
        ("person-xyzzy-plugh", [], None),
    ]
    assert review[1]["candidates"][0] == {
        "qid": "Q6294",
        "label": "Hillary Clinton",
        "description": "American politician and diplomat",
        "url": "https://www.wikidata.org/wiki/Q6294",
    }
    assert all(call.request.headers["User-Agent"].startswith("sino-russian-news-reconcile/") for call in responses.calls)


@responses.activate
def test_a_failed_lookup_is_recorded_and_the_others_go_on(database):
    responses.get(reconcile.WIKIDATA_API, status=503)
    entries = reconcile.review_entries([{"entity_id": "a", "name": "Donald Trump"}], lambda name: reconcile.search_wikidata(name))
    assert entries[0]["candidates"] == [] and entries[0]["error"].startswith("HTTPError: 503")


def test_reconcile_refuses_without_a_built_database(tmp_path):
    (tmp_path / "dataset" / "raw").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["reconcile", "--project", str(tmp_path)])
    assert result.exit_code != 0 and "run `sino-russian-news build` first" in result.output
