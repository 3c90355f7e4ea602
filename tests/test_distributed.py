"""Builds on worker processes (local ones, or a Dask cluster's) give the one-process build's release, byte for byte."""

import filecmp
import importlib.util
import sqlite3

import pytest
from click.testing import CliRunner

from sino_russian_news.cli import cli
from sino_russian_news.pipeline import distributed
from sino_russian_news.pipeline.build import build
from sino_russian_news.schema import TABLES

from .conftest import copy_project

needs_dask = pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="Dask is the scale extra")


def test_local_worker_processes_give_the_one_process_release(built, tmp_path, monkeypatch):
    local, local_report = built
    project = copy_project(tmp_path / "processes")
    # One article per task: five tasks finish in any order and must still be written in order.
    monkeypatch.setattr(distributed, "ARTICLES_PER_TASK", 1)

    result = CliRunner().invoke(cli, ["build", "--project", str(project), "--no-cache", "--processes", "2", "--timings"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("built 5 articles in ")
    assert "(enrichment cache: 0 hits, 5 parsed; skipped 0)" in result.output
    assert "cleaning + NLP in 2 worker processes (rows written as results stream back)" in result.output
    assert_same_release(local, project)


def test_local_workers_end_with_the_parse_not_with_the_build(tmp_path, monkeypatch):
    """Each worker holds a spaCy model; none is left while the release is written and checked."""
    import multiprocessing

    from sino_russian_news.pipeline import publish

    project = copy_project(tmp_path / "processes")
    children_when_staged = []
    monkeypatch.setattr(
        publish,
        "step_hook",
        lambda step: step == "staged" and children_when_staged.append(len(multiprocessing.active_children())),
    )

    build(project, use_cache=False, log=lambda m: None, n_process=2)

    assert children_when_staged == [0]


def test_local_workers_read_the_enrichment_cache_and_the_main_process_writes_it(tmp_path):
    from sino_russian_news.pipeline import enrich, nlp, raw
    from sino_russian_news.pipeline.build import MAX_ARTICLE_CHARS, Curation
    from sino_russian_news.pipeline.paths import ProjectPaths

    project = copy_project(tmp_path / "processes")
    paths = ProjectPaths(project)
    first = build(project, use_cache=True, log=lambda m: None, n_process=2)
    files = raw.raw_files(paths.raw)
    cur = Curation.load(paths.curated)

    with distributed.local_workers(2) as pool:
        again = list(distributed.locally_annotated_articles(files, cur, MAX_ARTICLE_CHARS, pool, 2, cache_dir=paths.cache))

    assert (first.cache_hits, first.cache_misses) == (0, 5)
    assert len(list(paths.cache.glob("*.json"))) == 5
    assert [(o.name, o.parsed, o.error) for o in again] == [(p.name, False, None) for p in files]
    fingerprint, version = nlp.gazetteer_fingerprint(cur.gazetteer), nlp.model_version()
    cached = enrich.EnrichmentCache(paths.cache)
    assert [o.annotations == cached.get(enrich.cache_key(o.record["body"], fingerprint, version)) for o in again] == [True] * 5


def table_contents(database):
    conn = sqlite3.connect(database)
    return {t.name: conn.execute(f'select * from "{t.name}" order by {", ".join(t.order_by)}').fetchall() for t in TABLES}


def assert_same_release(first, second):
    for directory in ("dataset/csv",):
        names = sorted(p.name for p in (first / directory).iterdir())
        assert {f"{t.name}.csv" for t in TABLES} <= set(names)
        match, mismatch, errors = filecmp.cmpfiles(first / directory, second / directory, names, shallow=False)
        assert (mismatch, errors) == ([], [])
    parquet = sorted(str(p.relative_to(first)) for p in (first / "dataset" / "parquet").rglob("*.parquet"))
    match, mismatch, errors = filecmp.cmpfiles(first, second, parquet, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert (first / "datapackage.json").read_bytes() == (second / "datapackage.json").read_bytes()
    assert table_contents(first / "dataset" / "sino_russian_news.db") == table_contents(
        second / "dataset" / "sino_russian_news.db"
    )


@needs_dask
def test_build_on_an_existing_cluster_equals_the_local_build(built, tmp_path, monkeypatch):
    from distributed import LocalCluster

    local, local_report = built
    project = copy_project(tmp_path / "dask")
    # One article per task: five tasks finish in any order and must still be written in order.
    monkeypatch.setattr(distributed, "ARTICLES_PER_TASK", 1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        report = build(project, use_cache=False, log=lambda m: None, scheduler=cluster.scheduler_address)
        # The model was loaded by the plugin, once on each worker.
        assert sorted(type(w.plugins[distributed.PLUGIN_NAME].state.nlp).__name__ for w in cluster.workers.values()) == [
            "English",
            "English",
        ]

    assert report.articles == local_report.articles == 5
    assert report.removed_by_reason == local_report.removed_by_reason
    assert_same_release(local, project)


@needs_dask
def test_build_workers_option_starts_a_local_cluster(built, tmp_path):
    local, _ = built
    project = copy_project(tmp_path / "dask")

    result = CliRunner().invoke(cli, ["build", "--project", str(project), "--no-cache", "--workers", "2"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("built 5 articles in ")
    assert_same_release(local, project)


@pytest.mark.parametrize(
    "workers",
    [{"n_process": 2}, pytest.param({"workers": 1}, marks=needs_dask)],
    ids=["local worker processes", "Dask LocalCluster"],
)
def test_a_bad_raw_file_is_skipped_by_workers_as_in_one_process(tmp_path, workers):
    project = copy_project(tmp_path / "workers")
    bad = project / "dataset" / "raw" / "005_empty.txt"
    bad.write_text("\n\n   \n")
    from sino_russian_news.pipeline import raw

    manifest = raw.read_manifest(bad.parent)
    manifest[bad.name] = raw.manifest_entry(bad)
    raw.write_manifest(bad.parent, manifest)
    messages = []

    report = build(project, use_cache=False, log=messages.append, **workers)

    assert messages == ["skipped 005_empty.txt: empty file"]
    assert report.articles == 5
