import asyncio
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
RAW = ROOT / "dataset" / "raw"
SEED_FILES = sorted(p.name for p in RAW.glob("*.txt"))


def copy_project(destination: Path) -> Path:
    """A project directory holding copies of the raw layer and curation, ready to build."""
    (destination / "dataset").mkdir(parents=True)
    shutil.copytree(ROOT / "dataset" / "raw", destination / "dataset" / "raw")
    shutil.copytree(ROOT / "dataset" / "curated", destination / "dataset" / "curated")
    shutil.copyfile(ROOT / "dataset" / "datasette_site.yml", destination / "dataset" / "datasette_site.yml")
    return destination


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The seeds built once, without cache, into a scratch project."""
    from sino_russian_news.pipeline.build import build

    project = copy_project(tmp_path_factory.mktemp("built"))
    report = build(project, use_cache=False, log=lambda m: None)
    return project, report


@pytest.fixture(scope="session")
def db(built):
    import sqlite_utils

    project, _ = built
    return sqlite_utils.Database(project / "dataset" / "sino_russian_news.db")


@pytest.fixture(scope="session")
def articles(db):
    return {row["article_id"]: row for row in db["articles"].rows}


@pytest.fixture()
def project(tmp_path):
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="module")
def attribute():
    """(text, speaker entity, speaker as written, cue, kind) of each quote in a text, through the
    build's pipeline and gazetteer."""
    from sino_russian_news.pipeline import curation, nlp
    from sino_russian_news.pipeline.entities import find_mentions
    from sino_russian_news.pipeline.quotes import extract_quotes

    gazetteer = curation.entities(ROOT / "dataset" / "curated" / "entities.yml")
    pipeline = nlp.load_pipeline(gazetteer)
    by_id = {e["id"]: e for e in gazetteer}

    def run(text):
        doc = pipeline(text)
        return [
            (q.text, q.speaker_entity_id, q.speaker_text, q.cue, q.kind) for q in extract_quotes(doc, find_mentions(doc, by_id))
        ]

    return run


@pytest.fixture(scope="module")
def module_loop():
    """One event loop for a module's Datasette requests, as a server has: a table page with
    facets leaves Datasette's facet coroutines to the loop, and asyncio.run per request
    cancelled them ("coroutine … was never awaited")."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
