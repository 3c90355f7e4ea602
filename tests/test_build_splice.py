"""Spliced exports: an incremental build's CSVs and Parquet files equal a whole write, byte for byte."""

import sqlite3

import pyarrow.parquet as pq

from sino_russian_news.pipeline import parquet, splice
from sino_russian_news.schema import TABLES_BY_NAME

HEADER = ["article_id", "published_date", "n", "text"]
ORDER = "published_date, article_id, n"


def database(rows):
    conn = sqlite3.connect(":memory:")
    conn.execute("create table t (article_id text, published_date text, n integer, text text)")
    conn.executemany("insert into t values (?, ?, ?, ?)", rows)
    return conn


def whole(conn, path):
    return splice.write_csv(conn.execute(f"select * from t order by {ORDER}"), HEADER, path, ("published_date", "article_id"))


OLD_ROWS = [
    ("a1", "2024-01-02", 1, "first"),
    ("a1", "2024-01-02", 2, 'quoted "text", with a comma'),
    ("a2", None, 1, "undated, so first"),
    ("a3", "2023-05-01", 1, "two\nlines"),
    ("a4", "2024-03-01", 1, "é and 中文"),
]


def test_block_keys_are_the_leading_article_columns():
    assert splice.block_columns("mentions", ("article_id", "start_char", "end_char")) == ("article_id",)
    assert splice.block_columns("article_list", ("published_date", "article_id")) == ("published_date", "article_id")
    assert splice.block_columns("quotes_by_side", ("quotes desc", "words_quoted desc", "speaker")) is None
    assert splice.block_columns("entities", ("entity_id",)) is None
    assert splice.block_columns("syndication_pairs", ("article_id", "other_article_id")) is None  # rebuilt whole


def test_whole_write_records_each_articles_byte_range(tmp_path):
    blocks = whole(database(OLD_ROWS), tmp_path / "t.csv")
    data = (tmp_path / "t.csv").read_bytes()
    assert blocks == [
        [None, "a2", 33, 59],
        ["2023-05-01", "a3", 59, 87],
        ["2024-01-02", "a1", 87, 157],
        ["2024-03-01", "a4", 157, 187],
    ]
    assert data[:33] == b"article_id,published_date,n,text\n"
    assert data[59:87] == b'a3,2023-05-01,1,"two\nlines"\n'
    assert data[157:187].decode() == "a4,2024-03-01,1,é and 中文\n"  # byte offsets, not characters


def test_splice_drops_changes_and_inserts_articles_like_a_whole_write(tmp_path):
    old = tmp_path / "old.csv"
    old_blocks = whole(database(OLD_ROWS), old)
    # a1 changed (new date and rows), a3 removed, a0 and a5 new; a2 and a4 untouched.
    new_rows = [r for r in OLD_ROWS if r[0] in ("a2", "a4")] + [
        ("a1", "2023-01-01", 1, "moved earlier"),
        ("a0", None, 7, "new, undated"),
        ("a5", "2024-03-01", 1, "same date as a4"),
    ]
    conn = database(new_rows)
    dirty = {"a0", "a1", "a3", "a5"}
    cursor = conn.execute(f"select * from t where article_id in ({', '.join('?' * len(dirty))}) order by {ORDER}", sorted(dirty))

    blocks = splice.splice_csv(cursor, HEADER, ("published_date", "article_id"), old, old_blocks, dirty, tmp_path / "new.csv")

    expected_blocks = whole(conn, tmp_path / "expected.csv")
    assert (tmp_path / "new.csv").read_bytes() == (tmp_path / "expected.csv").read_bytes()
    assert blocks == expected_blocks
    assert [b[1] for b in blocks] == ["a0", "a2", "a1", "a4", "a5"]


def test_dirty_articles_are_recorded_by_inserts_updates_and_deletes():
    conn = sqlite3.connect(":memory:")
    for name in splice.TRACKED_TABLES:
        conn.execute(f'create table "{name}" (article_id text, entity_id text)')
    conn.executemany("insert into mentions values (?, ?)", [("old1", "e1"), ("old2", "e2"), ("old3", "e3")])
    splice.track_dirty_articles(conn)

    conn.execute("insert into paragraphs values ('new', null)")
    conn.execute("update mentions set entity_id = 'e9' where entity_id = 'e2'")  # an entity merge
    conn.execute("delete from mentions where article_id = 'old3'")

    assert splice.dirty_articles(conn) == {"new", "old2", "old3"}


def test_parquet_splice_equals_a_whole_write(tmp_path):
    table = TABLES_BY_NAME["removed_lines"]
    columns = ", ".join(table.columns)

    def db(ids):
        conn = sqlite3.connect(":memory:")
        conn.execute(f"create table removed_lines ({columns})")
        conn.executemany(
            "insert into removed_lines values (?, ?, ?, ?)",
            [(a, line, f"{a} line {line}", "boilerplate") for a in ids for line in (3, 1, 2)],
        )
        conn.execute("create temp table dirty_articles (article_id text primary key)")
        return conn

    parquet.write_table(db(["a1", "a2", "a3"]), table, tmp_path / "old")
    conn = db(["a0", "a1", "a3", "a4"])  # a2 removed, a0 and a4 added
    conn.executemany("insert into temp.dirty_articles values (?)", [("a0",), ("a2",), ("a4",)])

    parquet.splice_table(conn, table, tmp_path / "new", tmp_path / "old", {"a0", "a2", "a4"})
    parquet.write_table(conn, table, tmp_path / "whole")

    new = tmp_path / "new" / "removed_lines" / "part-0.parquet"
    assert new.read_bytes() == (tmp_path / "whole" / "removed_lines" / "part-0.parquet").read_bytes()
    rows = pq.read_table(new).to_pylist()
    assert [(r["article_id"], r["line_number"]) for r in rows][:4] == [("a0", 1), ("a0", 2), ("a0", 3), ("a1", 1)]
    assert len(rows) == 12


def test_few_changed_articles_are_named_in_the_export_query_many_are_read_from_the_dirty_table():
    assert splice.dirty_filter({"b", "a"}) == ("article_id in (?, ?)", ["a", "b"])
    assert splice.dirty_filter({str(i) for i in range(splice.DIRTY_IDS_INLINE + 1)}) == (
        "article_id in (select article_id from temp.dirty_articles)",
        [],
    )


def test_one_articles_rows_of_the_per_article_views_are_read_by_index_not_by_scanning_every_article():
    # An incremental build exports only the changed articles' view rows; a view that scans
    # every quote or groups every paragraph first makes adding one article cost the whole corpus.
    from pathlib import Path

    release = Path(__file__).resolve().parents[1] / "dataset" / "sino_russian_news.db"
    conn = sqlite3.connect(f"file:{release}?mode=ro", uri=True)
    per_article = ("SCAN a ", "SCAN q ", "SCAN m ", "SCAN pf ", "SCAN p ", "MATERIALIZE")  # frames (f) is ten rows
    for view in ("quotes_attributed", "frames_per_article", "mentions_named", "paragraph_frames_labelled"):
        plan = [row[3] for row in conn.execute(f"explain query plan select * from {view} where article_id in (?)", ["x"])]
        assert [step for step in plan if step.startswith(per_article)] == [], view
        assert any(step.startswith("SEARCH") and "(article_id=?" in step for step in plan), view
