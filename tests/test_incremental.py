"""Incremental builds: adding, changing and removing raw files reuses the release and equals a scratch build."""

import filecmp
import sqlite3

import pytest

from sino_russian_news.pipeline import build as build_module
from sino_russian_news.pipeline import curation, parquet, raw, splice
from sino_russian_news.schema import TABLES
from sino_russian_news.views import VIEWS

from .conftest import copy_project

SEED_REPOST = "003_4156b6fe17ca2892.txt"


def set_raw_file(project, name, text):
    raw_dir = project / "dataset" / "raw"
    manifest = raw.read_manifest(raw_dir)
    if text is None:
        (raw_dir / name).unlink()
        manifest.pop(name)
    else:
        (raw_dir / name).write_text(text, encoding="utf-8")
        manifest[name] = raw.manifest_entry(raw_dir / name)
    raw.write_manifest(raw_dir, manifest)


def table_contents(project):
    conn = sqlite3.connect(project / "dataset" / "sino_russian_news.db")
    contents = {t.name: conn.execute(f'select * from "{t.name}" order by {", ".join(t.order_by)}').fetchall() for t in TABLES}
    # The stored summaries, in their stored order (what Datasette shows).
    contents |= {v.name: conn.execute(f'select * from "{v.stored_table}" order by rowid').fetchall() for v in VIEWS if v.stored}
    # The full-text index answers the same as a freshly built one.
    contents["fts"] = conn.execute(
        "select a.article_id from articles_fts f join articles a on a.rowid = f.rowid where articles_fts match 'Putin OR Kursk OR trade' order by a.article_id"
    ).fetchall()
    return contents


def assert_same_release(first, second):
    names = sorted(p.name for p in (first / "dataset" / "csv").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(first / "dataset" / "csv", second / "dataset" / "csv", names, shallow=False)
    assert (mismatch, errors) == ([], [])
    parquet = sorted(str(p.relative_to(first)) for p in (first / "dataset" / "parquet").rglob("*.parquet"))
    parquet_second = sorted(str(p.relative_to(second)) for p in (second / "dataset" / "parquet").rglob("*.parquet"))
    assert parquet == parquet_second
    match, mismatch, errors = filecmp.cmpfiles(first, second, parquet, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert (first / "datapackage.json").read_bytes() == (second / "datapackage.json").read_bytes()
    assert table_contents(first) == table_contents(second)


def counting_prepare(monkeypatch):
    cleaned = []
    real = build_module.prepare_article

    def prepare(path, *args, **kwargs):
        cleaned.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(build_module, "prepare_article", prepare)
    return cleaned


def recording_splices(monkeypatch):
    """Names of the CSVs and Parquet tables an incremental build splices rather than rewrites."""
    spliced = []
    real_csv, real_parquet = splice.splice_csv, parquet.splice_table

    def splice_csv(cursor, header, key, old_path, old_blocks, dirty, path):
        spliced.append(path.name)
        return real_csv(cursor, header, key, old_path, old_blocks, dirty, path)

    def splice_table(conn, table, *args):
        spliced.append(f"parquet/{table.name}")
        return real_parquet(conn, table, *args)

    monkeypatch.setattr(splice, "splice_csv", splice_csv)
    monkeypatch.setattr(parquet, "splice_table", splice_table)
    return spliced


SPLICED = [
    # per-article tables and views: untouched articles' bytes are copied from the last release
    *(f"{name}.csv" for name in ("articles", "paragraphs", "removed_lines", "mentions", "quotes", "paragraph_frames")),
    *(f"{name}.csv" for name in ("date_mentions", "article_list", "quotes_attributed", "mentions_named")),
    *(f"{name}.csv" for name in ("paragraph_frames_labelled", "frames_per_article", "articles_timeline")),
    *(f"parquet/{name}" for name in ("articles", "paragraphs", "removed_lines", "mentions", "quotes", "paragraph_frames")),
    "parquet/date_mentions",
]


def test_add_change_remove_then_incremental_build_equals_a_scratch_build(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "incremental")
    build_module.build(project, log=lambda m: None)
    seed = (project / "dataset" / "raw" / SEED_REPOST).read_text(encoding="utf-8")
    # A repost of a seed (a syndication pair with an old article), a new story, a changed seed.
    set_raw_file(project, "005_repost.txt", seed.replace("\n", "\nShared from our partners.\n", 1))
    set_raw_file(
        project,
        "006_new.txt",
        (
            "Libraries get more money\n\nThe city council approved a new budget for public libraries on Thursday, the mayor said.\n\n"
            "The money will pay for longer opening hours and more books for children across the region, "
            "according to the council's finance committee.\n"
        ),
    )
    set_raw_file(
        project,
        "007_removed_later.txt",
        (
            "Harbour reopens\n\nThe harbour reopened to fishing boats on Monday after a week of storms, the port authority said.\n\n"
            "Repairs to the northern pier will continue until the end of the month, officials told reporters.\n"
        ),
    )
    changed = (project / "dataset" / "raw" / "001_72bc7103f3c47a61.txt").read_text(encoding="utf-8")
    set_raw_file(
        project, "001_72bc7103f3c47a61.txt", changed + "\nThe talks will resume in Beijing next month, officials said.\n"
    )
    cleaned = counting_prepare(monkeypatch)
    spliced = recording_splices(monkeypatch)

    report = build_module.build(project, log=lambda m: None)

    assert spliced == SPLICED
    assert cleaned == [
        "001_72bc7103f3c47a61.txt",
        "005_repost.txt",
        "006_new.txt",
        "007_removed_later.txt",
    ]  # the other four come from the release
    # Only these four reach the NLP stage (the repost's clean body is the seed's, so a cache hit).
    assert (report.cache_hits + report.cache_misses, report.skipped) == (4, [])
    assert report.cache_hits >= 1
    assert report.articles == 8
    conn = sqlite3.connect(project / "dataset" / "sino_russian_news.db")
    assert conn.execute(
        "select article_id, other_article_id from syndication_pairs where '005_repost' in (article_id, other_article_id)"
    ).fetchall() == [("003_4156b6fe17ca2892", "005_repost")]

    set_raw_file(project, "007_removed_later.txt", None)
    cleaned.clear()
    spliced.clear()
    report = build_module.build(project, log=lambda m: None)

    assert (cleaned, report.articles, spliced) == ([], 7, SPLICED)
    conn = sqlite3.connect(project / "dataset" / "sino_russian_news.db")  # the release file was replaced
    assert conn.execute("select count(*) from articles where article_id = '007_removed_later'").fetchone() == (0,)

    scratch = copy_project(tmp_path / "scratch")
    for name in ("005_repost.txt", "006_new.txt", "001_72bc7103f3c47a61.txt", raw.MANIFEST_NAME):
        (scratch / "dataset" / "raw" / name).write_bytes((project / "dataset" / "raw" / name).read_bytes())
    monkeypatch.undo()
    build_module.build(scratch, use_cache=False, log=lambda m: None)

    assert_same_release(project, scratch)


# Tables without a per-article order (or rebuilt whole each build); no view is among them.
WRITTEN_WHOLE_IN_A_NO_OP = [
    "entities",
    "entity_aliases",
    "frames",
    "events",
    "article_events",
    "syndication_pairs",
    "dataset_info",
]


def test_a_build_after_a_no_cache_build_splices_the_csvs_and_signs_only_the_new_article(tmp_path, monkeypatch):
    """`--no-cache` reads no cache, but leaves the raw files' hashes, the CSVs' block index and
    the signature store of the release it makes: the next `add` hashes, splices and signs only
    what it adds (after a `--no-cache` build of 10,000 articles the first add took 15.7 s
    instead of 6)."""
    from sino_russian_news.pipeline import syndication

    project = copy_project(tmp_path / "incremental")
    build_module.build(project, use_cache=False, log=lambda m: None)
    set_raw_file(
        project,
        "006_new.txt",
        "Libraries get more money\n\nThe city council approved a new budget for public libraries on Thursday.\n",
    )
    spliced = recording_splices(monkeypatch)
    signed = []
    real_signature = syndication.signature
    monkeypatch.setattr(syndication, "signature", lambda body: signed.append(body[:40]) or real_signature(body))
    hashed = []
    real_hash = raw.file_sha256
    monkeypatch.setattr(raw, "file_sha256", lambda path: hashed.append(path.name) or real_hash(path))

    build_module.build(project, log=lambda m: None)

    assert spliced == SPLICED
    assert signed == ["The city council approved a new budget f"]
    assert hashed == ["006_new.txt"]


def test_rebuild_without_changes_reads_and_parses_nothing(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "incremental")
    build_module.build(project, log=lambda m: None)
    before = table_contents(project)
    cleaned = counting_prepare(monkeypatch)
    hashed = []
    real_sha = raw.sha256_of
    monkeypatch.setattr(raw, "sha256_of", lambda data: hashed.append(len(data)) or real_sha(data))

    written_whole = []
    real_write = splice.write_csv
    monkeypatch.setattr(
        splice,
        "write_csv",
        lambda cursor, header, path, key: written_whole.append(path.stem) or real_write(cursor, header, path, key),
    )
    previous_csv = (project / "dataset" / "csv").resolve()
    schema_checks = []
    real_check = curation.check_schema
    monkeypatch.setattr(
        curation,
        "check_schema",
        lambda document, schema: schema_checks.append(document.path.name) or real_check(document, schema),
    )

    report = build_module.build(project, log=lambda m: None)

    assert (cleaned, hashed) == ([], [])  # the stat cache vouches for the raw files' hashes
    assert schema_checks == []  # the curated files the release was built from, checked then
    assert (report.cache_hits, report.cache_misses, report.articles) == (0, 0, 5)
    assert table_contents(project) == before
    # Whole-corpus tables are rewritten; no view is recomputed (all its inputs are unchanged)
    assert written_whole == WRITTEN_WHOLE_IN_A_NO_OP
    # and the copied views kept the bytes: the release id is the content hash, so it is unchanged
    assert (project / "dataset" / "csv").resolve() == previous_csv


def test_a_code_or_curation_change_rebuilds_everything(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "incremental")
    build_module.build(project, log=lambda m: None)
    sites = project / "dataset" / "curated" / "sites.yml"
    sites.write_text(sites.read_text(encoding="utf-8") + "\n# reviewed again\n", encoding="utf-8")
    cleaned = counting_prepare(monkeypatch)

    report = build_module.build(project, log=lambda m: None)

    assert len(cleaned) == 5
    assert (report.cache_hits, report.cache_misses) == (5, 0)  # NLP still comes from the enrichment cache
    # A changed curated file is checked against its schema again (it fails the build if wrong).
    entities_file = project / "dataset" / "curated" / "entities.yml"
    good = entities_file.read_text(encoding="utf-8")
    entities_file.write_text(good.replace("type: PERSON", "type: PERSN", 1), encoding="utf-8")
    with pytest.raises(curation.CurationError, match="entities.yml"):
        build_module.build(project, log=lambda m: None)
    entities_file.write_text(good, encoding="utf-8")

    # The comment changed no row, so the release equals the first one, still on disk; it is
    # published anew with this fingerprint, and the next build builds on it.
    cleaned.clear()
    build_module.build(project, log=lambda m: None)

    assert cleaned == []
    assert len(list((project / "dataset" / "releases").iterdir())) == 2


def release_database(body, paragraph, start_char, end_char):
    """The columns check_release reads: a one-article release with one paragraph span."""
    from sino_russian_news.pipeline.incremental import SPAN_TABLES
    from sino_russian_news.schema import TABLES_BY_NAME

    conn = sqlite3.connect(":memory:")
    required = [f.name for f in TABLES_BY_NAME["articles"].fields if f.required and f.name not in ("article_id", "body")]
    conn.execute("create table articles (article_id text, body text" + "".join(f', "{c}" text' for c in required) + ")")
    conn.execute(f"insert into articles values ('a1', ?{', ?' * len(required)})", (body, *["x"] * len(required)))
    for table, column in SPAN_TABLES:
        conn.execute(f'create table "{table}" (article_id text, start_char integer, end_char integer, "{column}" text)')
    conn.execute("insert into paragraphs values ('a1', ?, ?, ?)", (start_char, end_char, paragraph))
    return conn


def test_release_check_refuses_offsets_off_the_body_and_wrong_counts_with_a_publish_error():
    import pytest

    from sino_russian_news.pipeline.incremental import check_release
    from sino_russian_news.pipeline.publish import PublishError

    check_release(release_database("Putin met Xi.", "met Xi", 6, 12), ["a1"], 1)  # consistent: passes
    with pytest.raises(PublishError) as shifted:
        check_release(release_database("Putin met Xi.", "met Xi", 5, 11), ["a1"], 1)
    assert str(shifted.value) == "sino_russian_news.db: paragraphs: offsets do not index the body for [('a1', 5)]"
    with pytest.raises(PublishError) as miscounted:
        check_release(release_database("Putin met Xi.", "met Xi", 6, 12), ["a1"], 2)
    assert str(miscounted.value) == "sino_russian_news.db: articles: 1 rows but 2 expected"


class _UnreadableStore:
    def get_all(self, wanted: dict[str, str]) -> dict[str, object]:
        raise AssertionError("a build without new signatures must not read the signature store")


def test_syndication_pairs_without_new_signatures_keeps_the_surviving_pairs_and_regroups():
    from sino_russian_news.pipeline import incremental

    conn = sqlite3.connect(":memory:")
    conn.execute("create table articles (article_id text, raw_sha256 text, body text)")
    conn.execute("create table syndication_pairs (article_id text, other_article_id text, jaccard real, group_id text)")
    # a3–a1's group was a1; a2–a3 joins a2 to it. Stored out of order, with a stale group id.
    conn.executemany(
        "insert into syndication_pairs values (?, ?, ?, ?)",
        [("a2", "a3", 0.8, "stale"), ("a1", "a3", 0.6, "a1"), ("a4", "a5", 0.9, "a4")],
    )
    pairs = incremental.syndication_pairs(conn, {}, _UnreadableStore())  # type: ignore[arg-type]
    assert pairs == [
        {"article_id": "a1", "other_article_id": "a3", "jaccard": 0.6, "group_id": "a1"},
        {"article_id": "a2", "other_article_id": "a3", "jaccard": 0.8, "group_id": "a1"},
        {"article_id": "a4", "other_article_id": "a5", "jaccard": 0.9, "group_id": "a4"},
    ]
    assert conn.execute("select count(*) from syndication_pairs").fetchone() == (0,)  # the caller refills it
