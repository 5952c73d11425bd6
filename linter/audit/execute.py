"""Run partitions: a local process pool (default) or a Dask cluster through
dask.bag. Both call the same ``run_partition``, so the datasets are the same."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

from ..workspace.runner import stop_pool_now
from .options import AuditOptions
from .partition import run_partition
from .sources import Partition


def _worker_init(options: AuditOptions) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from ..engine import get_engine

    get_engine(options.config)  # compile the packs once per worker, before the first partition


def run_local(parts: list[Partition], options: AuditOptions, out: str, jobs: int | None) -> Iterator[dict]:
    """Yield each partition's counts as it finishes, on ``jobs`` processes."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(parts) == 1:
        for part in parts:
            yield run_partition(part, options, out)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # Spawned, not forked: the parent may already hold pyarrow's threads, which a
    # fork would copy mid-flight. Each worker loads the compiled packs from the cache.
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(options,),
    )
    try:
        queue = iter(parts)
        pending: set = set()
        # A bounded window of submitted partitions: the queue of work never holds the archive.
        for part in queue:
            pending.add(pool.submit(run_partition, part, options, out))
            if len(pending) >= jobs * 2:
                break
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(run_partition, nxt, options, out))
    except BaseException:
        stop_pool_now(pool)
        raise
    pool.shutdown()


def dask_client(address: str) -> tuple[Any, Callable[[], None]]:
    """A client for ``local[N]`` (a LocalCluster of N one-thread worker processes) or a scheduler address."""
    from distributed import Client, LocalCluster

    if address.startswith("local"):
        inside = address[len("local") :].strip("[]")
        workers = int(inside) if inside else (os.cpu_count() or 1)
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)

        def close() -> None:
            client.close()
            cluster.close()

        return client, close
    client = Client(address)
    return client, client.close


def run_dask(parts: list[Partition], options: AuditOptions, out: str, client) -> Iterator[dict]:
    """One dask.bag partition per archive partition; counts stream back as they finish."""
    import dask.bag as db
    from distributed import as_completed

    if not parts:
        return
    bag = db.from_sequence(parts, npartitions=len(parts)).map(run_partition, options, out)
    futures = client.compute(bag.to_delayed())
    try:
        for future in as_completed(futures):
            yield from future.result()
    except BaseException:
        client.cancel(futures)
        raise
