"""The published release: tables, keys, full text, offsets, validation, determinism, safety."""

import filecmp
import json
import shutil
import sqlite3

import pytest

from sino_russian_news.pipeline import publish
from sino_russian_news.pipeline.build import build
from sino_russian_news.pipeline.raw import RawFileError
from sino_russian_news.schema import TABLES
from sino_russian_news.views import VIEWS

OFFSET_TABLES = ("paragraphs", "mentions", "quotes", "paragraph_frames", "date_mentions")


def test_every_table_and_column_of_the_contract_exists(db):
    for table in TABLES:
        assert db[table.name].exists()
        assert [c.name for c in db[table.name].columns] == table.columns


def test_five_clean_articles(db):
    assert db["articles"].count == 5
    bodies = [r["body"] for r in db["articles"].rows]
    for needle in ("Source link", "Read More", "You May Also Like", "Leave A Reply", "Copyright ©", "Share if you like"):
        assert not any(needle in body for body in bodies)


def test_removed_lines_by_reason(db):
    counts = {r["reason"]: r["n"] for r in db.query("select reason, count(*) n from removed_lines group by reason")}
    assert counts == {
        "byline": 1,
        "comment-count": 1,
        "comments": 2,
        "copyright": 1,
        "dateline": 1,
        "disclaimer": 2,
        "headline": 4,
        "newsletter": 6,
        "photo-caption": 2,
        "related-posts": 25,
        "share-widget": 1,
        "site-chrome": 6,
        "site-name": 2,
        "source-link": 2,
        "subheadline": 1,
        "syndication-note": 1,
        "timestamp": 1,
        "update-note": 1,
        "video-stub": 2,
    }


@pytest.mark.parametrize("table", OFFSET_TABLES)
def test_offsets_index_the_body(db, table):
    text_column = "evidence" if table == "paragraph_frames" else "text"
    rows = list(
        db.query(
            f"select t.start_char, t.end_char, t.{text_column} as text, a.body from {table} t join articles a using (article_id)"
        )
    )
    assert rows
    for row in rows:
        assert row["body"][row["start_char"] : row["end_char"]] == row["text"]


def test_paragraph_index_matches_offsets(db):
    for table in ("mentions", "quotes", "date_mentions"):
        bad = list(
            db.query(f"""select t.* from {table} t join paragraphs p
            on p.article_id = t.article_id and p.paragraph_index = t.paragraph_index
            where t.start_char < p.start_char or t.end_char > p.end_char""")
        )
        assert bad == [], table


def test_foreign_keys_declared_indexed_and_valid(db):
    for table in TABLES:
        declared = {(fk.column, fk.other_table, fk.other_column) for fk in db[table.name].foreign_keys}
        assert declared == {(fk.columns[0], fk.table, fk.references[0]) for fk in table.foreign_keys}
        indexed = {tuple(i.columns) for i in db[table.name].indexes}
        for fk in table.foreign_keys:
            assert fk.columns in indexed
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_full_text_search(db):
    hits = [r["article_id"] for r in db["articles"].search("Kursk")]
    assert hits == ["004_6f773ce998831c97"]
    assert [r["article_id"] for r in db["paragraphs"].search("junior partner")] == ["003_4156b6fe17ca2892"]
    # The speaker is written "who" (as in the text); the entity is the antecedent, Kuleba.
    assert any(r["speaker_entity_id"] == "dmytro-kuleba" for r in db["quotes"].search("territorial integrity"))


def test_dataset_info(db):
    info = {r["key"]: r["value"] for r in db["dataset_info"].rows}
    assert info["version"] == "2.5.5"
    assert info["spacy_model"] == "en_core_web_sm"
    assert info["spacy_model_version"] == "3.8.0"
    assert info["article_count"] == "5"
    assert len(info["raw_sha256_combined"]) == 64


def test_corpus_summaries_read_their_rows_stored_at_publish(db):
    stored = [view for view in VIEWS if view.stored]
    assert [view.name for view in stored] == [
        "quotes_attributed",
        "quotes_by_side",
        "quotes_per_side",
        "entity_mentions",
        "person_cooccurrence",
        "frames_per_outlet",
        "removed_by_reason",
    ]
    for view in stored:
        assert db.execute("select type from sqlite_master where name = ?", [view.stored_table]).fetchall() == [("table",)]
        assert db.execute("select sql from sqlite_master where name = ?", [view.name]).fetchall() == [
            (f'CREATE VIEW "{view.name}" AS select * from "_stored_{view.name}"',)
        ]
        computed = db.execute(f"select * from ({view.sql}) order by {', '.join(view.order)}").fetchall()
        assert db.execute(f'select * from "{view.name}"').fetchall() == computed
    assert db.execute("select reason, lines from removed_by_reason limit 2").fetchall() == [
        ("related-posts", 25),
        ("newsletter", 6),
    ]


def test_datapackage_validates_with_frictionless(built):
    from frictionless import validate

    project, _ = built
    report = validate(str(project / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    descriptor = json.loads((project / "datapackage.json").read_text())
    assert descriptor["version"] == "2.5.5"
    assert [r["name"] for r in descriptor["resources"]] == [t.name for t in TABLES] + [v.name for v in VIEWS]
    for resource in descriptor["resources"]:
        assert resource["schema"].get("primaryKey") or resource["name"] in {v.name for v in VIEWS}
        assert all(f["description"] for f in resource["schema"]["fields"])
    per_side = next(r for r in descriptor["resources"] if r["name"] == "quotes_per_side")
    assert [(f["name"], f["type"]) for f in per_side["schema"]["fields"]] == [
        ("side", "string"),
        ("quotes", "integer"),
        ("words_quoted", "integer"),
        ("speakers", "integer"),
        ("share_of_words", "number"),
    ]


def test_rebuild_is_byte_identical(built, tmp_path):
    """A second build (from the enrichment cache) writes the same CSVs and table contents."""
    from .conftest import copy_project

    first, _ = built
    second = copy_project(tmp_path / "again")
    build(second, use_cache=True, log=lambda m: None)
    report = build(second, use_cache=True, log=lambda m: None)
    assert report.cache_misses == 0  # nothing parsed again (the release itself is reused: incremental build)
    names = sorted(p.name for p in (first / "dataset" / "csv").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(first / "dataset" / "csv", second / "dataset" / "csv", names, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert filecmp.cmp(first / "datapackage.json", second / "datapackage.json", shallow=False)
    for table in TABLES:
        a = sqlite3.connect(first / "dataset" / "sino_russian_news.db").execute(f"select * from {table.name}").fetchall()
        b = sqlite3.connect(second / "dataset" / "sino_russian_news.db").execute(f"select * from {table.name}").fetchall()
        assert a == b, table.name


def test_failed_build_leaves_last_good_release(built, tmp_path):
    from .conftest import copy_project

    project = copy_project(tmp_path / "p")
    build(project, log=lambda m: None)
    db_path = project / "dataset" / "sino_russian_news.db"
    before = db_path.read_bytes()
    csv_before = (project / "dataset" / "csv" / "articles.csv").read_bytes()
    raw_file = project / "dataset" / "raw" / "004_6f773ce998831c97.txt"
    raw_file.write_bytes(raw_file.read_bytes().replace(b"Kursk", b"Kurst"))
    with pytest.raises(RawFileError, match="004_6f773ce998831c97.txt: SHA-256"):
        build(project, log=lambda m: None)
    assert db_path.read_bytes() == before
    assert (project / "dataset" / "csv" / "articles.csv").read_bytes() == csv_before
    assert not list((project / "dataset").glob(".build-*"))


def test_failure_while_publishing_keeps_last_good_release(built, tmp_path, monkeypatch):
    from sino_russian_news.pipeline import publish

    from .conftest import copy_project

    project = copy_project(tmp_path / "p")
    build(project, log=lambda m: None)
    before = (project / "dataset" / "sino_russian_news.db").read_bytes()

    def broken(*args, **kwargs):
        raise publish.PublishError("datapackage.json", "not valid")

    monkeypatch.setattr(publish.Validation, "result", broken)
    with pytest.raises(publish.PublishError):
        build(project, use_cache=False, log=lambda m: None)  # a full build: it validates every CSV
    assert (project / "dataset" / "sino_russian_news.db").read_bytes() == before
    assert not list((project / "dataset").glob(".build-*"))


def test_an_invalid_release_found_by_background_validation_keeps_the_last_good_one(built, tmp_path, monkeypatch):
    """A large release is validated in two other processes while the build writes Parquet and
    checks the database; what they find still stops the build before the switch."""
    from sino_russian_news.pipeline import publish

    from .conftest import copy_project

    project = copy_project(tmp_path / "p")
    build(project, log=lambda m: None)
    current = (project / "dataset" / "current").readlink()
    describe = publish.datapackage_descriptor

    def stricter(*args, **kwargs):
        descriptor = describe(*args, **kwargs)
        articles = next(r for r in descriptor["resources"] if r["name"] == "articles")
        field = next(f for f in articles["schema"]["fields"] if f["name"] == "word_count")
        field.setdefault("constraints", {})["maximum"] = 10  # every seed is longer
        return descriptor

    monkeypatch.setattr(publish, "datapackage_descriptor", stricter)
    monkeypatch.setattr(publish, "PARALLEL_VALIDATION_BYTES", 0)  # validated by worker processes
    with pytest.raises(
        publish.PublishError,
        match=r'^datapackage.json: not valid: csv/articles.csv: The cell "\d+" in row at position "2" and field "word_count" '
        r'at position "\d+" does not conform to a constraint: constraint "maximum" is "10"',
    ):
        build(project, use_cache=False, log=lambda m: None)
    assert (project / "dataset" / "current").readlink() == current
    assert not list((project / "dataset").glob(".build-*"))


def test_two_fresh_builds_without_cache_are_byte_identical(built, tmp_path):
    """The release is a function of the inputs: a second build from scratch (no cache) writes
    the same CSVs, datapackage.json and metadata.yml, so the same release id."""
    from .conftest import copy_project

    first, _ = built
    second = copy_project(tmp_path / "fresh")
    build(second, use_cache=False, log=lambda m: None)
    names = sorted(p.name for p in (first / "dataset" / "csv").iterdir())
    assert len(names) == len(TABLES) + len(VIEWS)  # one CSV per table and per view
    match, mismatch, errors = filecmp.cmpfiles(first / "dataset" / "csv", second / "dataset" / "csv", names, shallow=False)
    assert (mismatch, errors) == ([], [])
    for name in ("datapackage.json", "dataset/metadata.yml"):
        assert filecmp.cmp(first / name, second / name, shallow=False), name
    assert (first / "dataset" / "current").readlink() == (second / "dataset" / "current").readlink()


@pytest.mark.parametrize("parallel_from_bytes", [10**9, 0], ids=["one process", "two processes"])
def test_validation_finds_a_dangling_foreign_key_in_one_process_and_in_two(built, tmp_path, monkeypatch, parallel_from_bytes):
    project, _ = built
    release = tmp_path / "release"
    shutil.copytree((project / "dataset" / "current").resolve(), release)
    publish.validate_datapackage(release)  # as built: valid
    quotes = release / "csv" / "quotes.csv"
    header, first, *rest = quotes.read_text(encoding="utf-8").split("\n")
    quote_id, article_id, remainder = first.split(",", 2)
    assert header.startswith("quote_id,article_id,")
    quotes.write_text("\n".join([header, f"{quote_id},999_not-an-article,{remainder}", *rest]), encoding="utf-8")
    monkeypatch.setattr(publish, "PARALLEL_VALIDATION_BYTES", parallel_from_bytes)

    with pytest.raises(publish.PublishError) as invalid:
        publish.validate_datapackage(release)

    assert str(invalid.value) == (
        'datapackage.json: not valid: csv/quotes.csv: Row at position "2" violates the foreign key: for "article_id": '
        'values "999_not-an-article" not found in the lookup table "articles" as "article_id"'
    )
