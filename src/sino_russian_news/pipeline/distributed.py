"""Cleaning, spaCy and annotation, a batch of raw files at a time: on worker processes (a
local pool's or a Dask cluster's), or in the build's own process.

`build --processes N` (N > 1) starts N local worker processes; `build --workers N` starts a
Dask LocalCluster; `build --scheduler tcp://host:8786` uses a cluster someone already runs
(Dask's own deployment tools start it: `dask scheduler`/`dask worker`, SSHCluster,
dask-jobqueue, dask-kubernetes; see the README). This module has no cluster code of its
own beyond that choice.

- Every worker runs `annotate_batch`: raw bytes to article records, cleaning results and
  annotations, with its own spaCy pipeline loaded once (a Dask WorkerPlugin's `setup`, a
  local process's start), so tasks never ship a pickled model (spaCy #2397). spaCy
  pipelines are not meant to be shared between threads, so each worker has its own. A
  build without workers runs the same function in its own process (`annotated_here`).
- The main process reads the raw bytes and sends them in batches (Dask workers need no
  shared filesystem) and only writes rows. It never loads spaCy: on a two-core machine the
  workers have the cores to themselves, parsed Docs are not serialised back to it (spaCy's
  own `n_process` sends every Doc back as bytes), and the process tree holds the model
  once per worker, not once more in the main process.
- Results are written in the batches' order (the raw files' sorted order), with at most a
  window of batches in flight, so memory stays flat and the output is the same as a build
  in one process, byte for byte.
- A local worker (or the build's own process) reads the enrichment cache
  (dataset/.cache/enrichment/) before parsing; the main process writes what was parsed.
  Dask workers may run on other machines, so they parse every article.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from spacy.language import Language

PLUGIN_NAME = "sino-russian-news-pipeline"
# What a worker gets per raw file: its name, its bytes, and its lines that other raw files of
# the build print too (recurrence.py; computed over the whole batch, so by the main process).
Item = tuple[str, bytes, frozenset[int]]
Recurring = Mapping[str, frozenset[int]]
NO_RECURRING: Recurring = MappingProxyType({})  # a build that computed none (read-only: a safe default)
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
    # Set when the annotations are new (parsed here, not read from the enrichment cache): the
    # key the main process caches them under, computed once, by the worker that looked it up.
    cache_key: str | None = None

    @property
    def parsed(self) -> bool:
        return self.cache_key is not None


class WorkerState:
    """What every batch needs on a worker: curation, settings, and a spaCy pipeline of its own
    (`in_process`: the build's own process, whose pipeline is the cached one, loaded once
    however many builds the process runs)."""

    def __init__(self, curation: Any, max_chars: int, batch_size: int, cache_dir: Path | None = None, in_process: bool = False):
        self.curation, self.max_chars, self.batch_size, self.cache_dir = curation, max_chars, batch_size, cache_dir
        self.in_process = in_process
        self.nlp: Language | None = None

    def pipeline(self) -> Language:
        global _preloaded
        if self.nlp is None:
            from . import nlp as nlp_module

            if self.in_process:
                self.nlp = nlp_module.load_pipeline(self.curation.gazetteer)
            else:
                # Not the lru_cached pipeline: each worker (thread or process) gets its own, on
                # the model a local worker loaded while the build was starting, if there is one.
                model, _preloaded = _preloaded or nlp_module.model_without_gazetteer(), None
                self.nlp = nlp_module.with_gazetteer(model, self.curation.gazetteer)
        return self.nlp


def annotate_batch(items: Sequence[Item], state: WorkerState) -> list[Outcome]:
    """Raw bytes (named by file name, with the page's recurring lines) to records, cleaning
    results and annotations, in the items' order."""
    from . import enrich, raw
    from . import nlp as nlp_module
    from .build import prepare_article

    cur = state.curation
    gazetteer = {e["id"]: e for e in cur.gazetteer}
    cache = enrich.EnrichmentCache(state.cache_dir)
    fingerprint, version = nlp_module.gazetteer_fingerprint(cur.gazetteer), nlp_module.model_version()
    outcomes: dict[str, Outcome] = {}
    english: list[tuple[str, str]] = []
    for name, data, recurring in items:
        try:
            record, cleaned = prepare_article(Path(name), cur, state.max_chars, data=data, recurring=recurring)
        except raw.RawFileError as error:
            outcomes[name] = Outcome(name, error=error.reason)
            continue
        if record["language"] != ENGLISH:
            outcomes[name] = Outcome(name, record, cleaned)
            continue
        key = enrich.cache_key(record["body"], fingerprint, version)
        if state.cache_dir and (cached := cache.get(key)) is not None:
            outcomes[name] = Outcome(name, record, cleaned, cached)
        else:
            outcomes[name] = Outcome(name, record, cleaned, cache_key=key)
            english.append((name, record["body"]))
    if english:
        for name, annotations in enrich.parse_and_annotate(english, state.pipeline(), gazetteer, state.batch_size):
            done = outcomes[name]
            outcomes[name] = Outcome(name, done.record, done.cleaned, annotations, cache_key=done.cache_key)
    return [outcomes[name] for name, _, _ in items]


def _worker_plugin_class() -> Any:
    from distributed import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        """The worker's state, set up on every current and future worker of the cluster."""

        name = PLUGIN_NAME

        def __init__(self, curation: Any, max_chars: int, batch_size: int):
            self.state = WorkerState(curation, max_chars, batch_size)

        def setup(self, worker: Any) -> None:
            self.state.pipeline()  # loaded once, before the first task

    return PipelinePlugin


def process_batch(items: Sequence[Item]) -> list[Outcome]:
    """A Dask task: annotate_batch with the state the plugin set up on this worker."""
    from distributed import get_worker

    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    return annotate_batch(items, plugin.state)


_preloaded: Language | None = None  # a local worker's model, loaded when it started (_preload_model)
_local_states: dict[bytes, WorkerState] = {}  # a local worker's state, by the pickle it came as


def _preload_model() -> None:
    global _preloaded
    from . import nlp as nlp_module
    from .worker_pool import keep_freed_memory

    keep_freed_memory()  # a local worker's own process: see NLP_WORKER_MALLOPT

    _preloaded = nlp_module.model_without_gazetteer()


def local_workers(processes: int) -> ProcessPoolExecutor:
    """`processes` local worker processes, each loading spaCy's model as it starts.

    Started before the build has read its raw files and curation (what the workers need
    besides the model comes with each batch), so the seconds of importing spaCy and
    loading the model overlap that reading instead of following it."""
    from .worker_pool import worker_pool

    pool = worker_pool(processes, _preload_model)
    # A pool of spawned processes starts a process at a submit that finds none idle: one
    # empty task per worker starts them all now.
    for _ in range(processes):
        pool.submit(_started)
    return pool


def _started() -> None:
    """An empty task: submitting it starts a worker (see local_workers)."""


def _local_batch(items: Sequence[Item], pickled_state: bytes) -> list[Outcome]:
    """annotate_batch on a local worker; the state comes pickled with every batch (a copy of
    bytes) and is unpickled once per worker."""
    if pickled_state not in _local_states:
        import pickle

        _local_states.clear()
        _local_states[pickled_state] = pickle.loads(pickled_state)
    return annotate_batch(items, _local_states[pickled_state])


def batches_of(files: Sequence[Path], per_task: int | None = None) -> list[Sequence[Path]]:
    per_task = per_task or ARTICLES_PER_TASK
    return [files[i : i + per_task] for i in range(0, len(files), per_task)]


def read_batch(batch: Sequence[Path], recurring: Recurring) -> tuple[list[Item], dict[str, Outcome]]:
    """The batch's (file name, raw bytes, recurring lines), read here after the size and kind
    checks, and an outcome for each file refused before reading (a worker never sees it)."""
    from . import raw

    items: list[Item] = []
    refused: dict[str, Outcome] = {}
    for path in batch:
        try:
            items.append((path.name, raw.read_raw(path), recurring.get(path.name, frozenset())))
        except raw.RawFileError as error:
            refused[path.name] = Outcome(path.name, error=error.reason)
    return items, refused


def in_batch_order(batch: Sequence[Path], outcomes: list[Outcome], refused: dict[str, Outcome]) -> list[Outcome]:
    by_name = {outcome.name: outcome for outcome in outcomes} | refused
    return [by_name[path.name] for path in batch]


def in_order(
    batches: Sequence[Sequence[Path]], submit: Callable[[list[Item]], Any], window: int, recurring: Recurring
) -> Iterator[Outcome]:
    """Outcomes of every batch, in the batches' order, with at most `window` batches in flight.

    `submit` takes a batch's items (file name, raw bytes, recurring lines) and returns a future (Dask's or
    concurrent.futures'): the oldest one is waited for while the later ones run, enough to
    keep every worker busy, few enough that finished-but-unwritten results stay small.
    """
    in_flight: deque[tuple[Sequence[Path], Any, dict[str, Outcome]]] = deque()
    for batch in batches:
        items, refused = read_batch(batch, recurring)
        in_flight.append((batch, submit(items), refused))
        if len(in_flight) >= window:
            done, future, done_refused = in_flight.popleft()
            yield from in_batch_order(done, future.result(), done_refused)
    while in_flight:
        done, future, done_refused = in_flight.popleft()
        yield from in_batch_order(done, future.result(), done_refused)


def annotated_here(
    files: Sequence[Path],
    curation: Any,
    max_chars: int,
    batch_size: int = 64,
    cache_dir: Path | None = None,
    articles_per_task: int | None = None,
    recurring: Recurring = NO_RECURRING,
) -> Iterator[Outcome]:
    """Outcomes for `files`, in their order, computed in this process a batch at a time (a
    build without workers): the workers' own function, so both give the same rows."""
    state = WorkerState(curation, max_chars, batch_size, cache_dir, in_process=True)
    yield from in_order(batches_of(files, articles_per_task), lambda items: _done(annotate_batch(items, state)), 1, recurring)


def _done(outcomes: list[Outcome]) -> Future[list[Outcome]]:
    """A future that already holds its result: a batch annotated in this process."""
    future: Future[list[Outcome]] = Future()
    future.set_result(outcomes)
    return future


def locally_annotated_articles(
    files: Sequence[Path],
    curation: Any,
    max_chars: int,
    pool: ProcessPoolExecutor,
    processes: int,
    batch_size: int = 64,
    cache_dir: Path | None = None,
    articles_per_task: int | None = None,
    recurring: Recurring = NO_RECURRING,
) -> Iterator[Outcome]:
    """Outcomes for `files`, in their order, computed by the `processes` workers of `pool` (local_workers)."""
    import pickle

    state = pickle.dumps(WorkerState(curation, max_chars, batch_size, cache_dir))
    yield from in_order(
        batches_of(files, articles_per_task),
        lambda items: pool.submit(_local_batch, items, state),
        2 * processes,
        recurring,
    )


def annotated_articles(
    files: Sequence[Path],
    curation: Any,
    max_chars: int,
    scheduler: str | None = None,
    workers: int | None = None,
    batch_size: int = 64,
    articles_per_task: int | None = None,
    recurring: Recurring = NO_RECURRING,
) -> Iterator[Outcome]:
    """Outcomes for `files`, in their order, computed on a Dask cluster.

    `scheduler` is the address of a running scheduler; otherwise a LocalCluster of
    `workers` single-threaded worker processes is started and closed afterwards.
    """
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        client.register_plugin(_worker_plugin_class()(curation, max_chars, batch_size))
        window = 2 * max(1, sum(client.nthreads().values()))
        yield from in_order(
            batches_of(files, articles_per_task),
            lambda items: client.submit(process_batch, items, pure=False),
            window,
            recurring,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
