"""Parsing on a Dask cluster (``kg build --dask ADDRESS``): for corpora too big for one machine.

The parse (spaCy plus the search for name mentions) is nearly all of a build's work and needs nothing
from other articles, so it is what runs on the cluster: batches of (key, text) are scattered to the
workers, each worker loads the spaCy pipeline once (a worker plugin), and parses come back as they
finish (``as_completed``) to this process, the one writer of the cache and the store. Resolution across
articles and the relation frames (a few per cent of the work) then run here, as in a local build.

Workers need kg and the same spaCy pipeline installed; they share no files with the client.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from kg import components

IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: enough to keep it busy, few enough to bound memory


class SpacyPipeline(WorkerPlugin):
    """Loads the spaCy pipeline once per worker, before any batch arrives."""

    name = "kg-spacy-pipeline"

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: object) -> None:
        components.load(self.model)  # the pipeline parse_batch uses


def connect(target: object, stack: ExitStack, workers: int = 1) -> Client:
    """A client for an address, ``"local"`` (a LocalCluster of *workers* processes) or an existing Client."""
    if isinstance(target, Client):
        return target
    if target == "local":
        cluster = stack.enter_context(LocalCluster(n_workers=max(workers, 1), threads_per_worker=1,
                                                   dashboard_address=None))
        return stack.enter_context(Client(cluster))
    return stack.enter_context(Client(str(target)))


def parse_on_dask(target: object, model: str, batches: list[list[tuple[str, str]]],
                  workers: int = 1, tensors: bool = False) -> Iterator[tuple[str, bytes, bytes, bytes | None]]:
    """Parse *batches* on the cluster; yield (key, DocBin bytes, pickled mentions, token vectors) as they
    come back."""
    from kg.pipeline import parse_batch

    with ExitStack() as stack:
        client = connect(target, stack, workers)
        client.register_plugin(SpacyPipeline(model))
        n_workers = max(len(client.scheduler_info().get("workers", {})), 1)
        queue = iter(batches)
        pending = as_completed()
        for batch in queue:
            pending.add(client.submit(parse_batch, model, client.scatter([batch])[0], tensors, pure=False))
            if pending.count() >= IN_FLIGHT_PER_WORKER * n_workers:
                break
        for future in pending:
            results = future.result()
            future.release()
            yield from results
            nxt = next(queue, None)
            if nxt is not None:
                pending.add(client.submit(parse_batch, model, client.scatter([nxt])[0], tensors, pure=False))
