"""A distributed build: cleaning, spaCy and annotation on the workers of a Dask cluster.

`build --workers N` starts a LocalCluster; `build --scheduler tcp://host:8786` uses a cluster
someone already runs (Dask's own deployment tools start it: `dask scheduler`/`dask worker`,
SSHCluster, dask-jobqueue, dask-kubernetes; see the README). This module has no cluster
code of its own beyond that choice.

- The model is loaded once per worker by a WorkerPlugin (`Client.register_plugin`): its
  `setup(worker)` runs on every current and future worker, so tasks never ship a pickled
  model (spaCy #2397). Each worker gets its own pipeline object, also when the workers are
  threads of one process (`LocalCluster(processes=False)`), as spaCy pipelines are not meant
  to be shared between threads. Worker processes are daemonic, so no `n_process` there.
- The main process reads the raw bytes and sends them in batches (the workers need no
  shared filesystem); each task returns, per raw file, the article record, its cleaning
  result and its annotations, or the reason the file was skipped.
- Results come back as tasks finish, in any order; the main process writes them in the
  batches' order (the raw files' sorted order), holding at most WINDOW batches, so memory
  stays flat and the output is the same as a local build's, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

PLUGIN_NAME = "sino-russian-news-pipeline"
ARTICLES_PER_TASK = 32
ENGLISH = "en"


@dataclass(frozen=True)
class Outcome:
    """One raw file's result: the article (annotations None when not English) or a skip."""

    name: str
    record: dict[str, Any] | None = None
    cleaned: Any = None
    annotations: dict[str, Any] | None = None
    error: str | None = None  # the reason the file is unusable


def _worker_plugin_class() -> Any:
    from distributed import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        """Holds what every task needs on a worker: curation, and a spaCy pipeline loaded once."""

        name = PLUGIN_NAME

        def __init__(self, curation: Any, max_chars: int, batch_size: int):
            self.curation, self.max_chars, self.batch_size = curation, max_chars, batch_size
            self.nlp: Language | None = None  # loaded in setup(), on the worker

        def setup(self, worker: Any) -> None:
            import json

            from . import nlp as nlp_module

            entries = self.curation.gazetteer
            # Not the lru_cached pipeline: each worker (thread or process) gets its own.
            self.nlp = nlp_module._load.__wrapped__(
                nlp_module.gazetteer_fingerprint(entries), json.dumps(nlp_module.gazetteer_patterns(entries))
            )

    return PipelinePlugin


def process_batch(items: Sequence[tuple[str, bytes]]) -> list[Outcome]:
    """Runs on a worker: raw bytes to records, cleaning results and annotations."""
    from distributed import get_worker

    from . import enrich, raw
    from .build import prepare_article

    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    cur = plugin.curation
    gazetteer = {e["id"]: e for e in cur.gazetteer}
    outcomes: dict[str, Outcome] = {}
    english: list[tuple[str, str]] = []
    for name, data in items:
        try:
            record, cleaned = prepare_article(Path(name), cur, plugin.max_chars, data=data)
        except raw.RawFileError as error:
            outcomes[name] = Outcome(name, error=error.reason)
            continue
        outcomes[name] = Outcome(name, record, cleaned)
        if record["language"] == ENGLISH:
            english.append((name, record["body"]))
    # The same chunking and re-joining as the local build, so the annotations are identical.
    chunks = ((chunk, name) for name, body in english for chunk in enrich.split_for_nlp(body))
    docs = plugin.nlp.pipe(chunks, as_tuples=True, batch_size=plugin.batch_size)
    for name, doc in enrich.join_chunks((name, doc) for doc, name in docs):
        done = outcomes[name]
        outcomes[name] = Outcome(name, done.record, done.cleaned, enrich.annotate(doc, gazetteer))
    return [outcomes[name] for name, _ in items]


def annotated_articles(
    files: Sequence[Path],
    curation: Any,
    max_chars: int,
    scheduler: str | None = None,
    workers: int | None = None,
    batch_size: int = 64,
    articles_per_task: int | None = None,
) -> Iterator[Outcome]:
    """Outcomes for `files`, in their order, computed on a Dask cluster.

    `scheduler` is the address of a running scheduler; otherwise a LocalCluster of
    `workers` single-threaded worker processes is started and closed afterwards.
    """
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        client.register_plugin(_worker_plugin_class()(curation, max_chars, batch_size))
        # Enough tasks in flight to keep every worker thread busy, few enough that
        # finished-but-unwritten results stay small.
        window = 2 * max(1, sum(client.nthreads().values()))
        per_task = articles_per_task or ARTICLES_PER_TASK
        batches = [files[i : i + per_task] for i in range(0, len(files), per_task)]
        submitted = 0
        finished: dict[int, list[Outcome]] = {}
        futures = as_completed()
        index_of = {}

        def submit_next() -> None:
            nonlocal submitted
            batch = batches[submitted]
            future = client.submit(process_batch, [(p.name, p.read_bytes()) for p in batch], pure=False)
            index_of[future.key] = submitted
            futures.add(future)
            submitted += 1

        while submitted < min(window, len(batches)):
            submit_next()
        next_to_write = 0
        for future in futures:
            finished[index_of.pop(future.key)] = future.result()
            future.release()
            while next_to_write in finished:
                yield from finished.pop(next_to_write)
                next_to_write += 1
            # Refill only as far as the writer has caught up, so memory stays bounded.
            while submitted < len(batches) and submitted - next_to_write < window:
                submit_next()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
