"""Extraction on a Dask cluster: ``kg ingest --dask ADDRESS --out DIR`` (docs/scaling.md).

This process reads the input, cuts it into partitions of ``shard_size`` items (the same cut as
:func:`kg.pipeline.shards.write_shards`) and submits :func:`kg.pipeline.shards.extract_partition`, the pure
function, once per partition. A task returns its shard: gzip N-Quads bytes and the manifest facts;
this process writes the file (``.part`` then rename) and, at the end, the manifest.

Why tasks return bytes instead of writing files themselves:

* workers need no file system shared with this process (a ``tcp://`` scheduler may run on
  other machines), and nothing needs credentials for object storage;
* there is one writer: a task that Dask runs twice (a worker lost mid-task is recomputed
  elsewhere) cannot leave two writers racing on one file, and the manifest lists exactly the
  files this process wrote and checked;
* the files are the ones the local path writes, byte for byte.

The cost is that shards travel over the network to this process: compressed, about 5-10 MB per
1,000 real articles, which one machine receives far faster than a cluster extracts them. At most
``2 x`` the cluster's threads partitions are in flight, so memory here stays bounded. For
corpora where even that is too much, the PySpark job in docs/scaling.md writes from the workers
to shared storage (:func:`kg.pipeline.shards.write_shard_file`) and sends back only the manifest entries.

Dask is optional (``pip install 'newskg[dask]'``) and imported only here, when used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from ..articles import DEFAULT_MAX_ARTICLE_BYTES
from .shards import DEFAULT_SHARD_SIZE, ShardReport, ShardWriter, extract_partition, partitions


def _distributed():
    try:
        import distributed
    except ImportError:
        raise RuntimeError("--dask needs Dask: pip install 'newskg[dask]' (dask[distributed])") from None
    return distributed


def connect(address: str):
    """A Dask client for ``address`` and a function that closes what was opened.

    ``local`` starts a ``LocalCluster`` with one single-threaded worker process per core
    (extraction is CPU-bound Python: processes, not threads); ``local:N`` with N workers; any
    other address (``tcp://host:8786``, ``tls://…``) connects to a running scheduler.
    """
    distributed = _distributed()
    if address == "local" or address.startswith("local:"):
        n = address.partition(":")[2]
        try:
            workers = int(n) if n else (os.cpu_count() or 1)
        except ValueError:
            raise ValueError(f"--dask {address}: expected local or local:N with N a number of workers") from None
        if workers < 1:
            raise ValueError(f"--dask {address}: at least one worker")
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = distributed.Client(cluster)

        def close():
            client.close()
            cluster.close()

        return client, close
    client = distributed.Client(address)
    return client, client.close


def write_shards_dask(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    base: str,
    address: str = "local",
    today: date | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    client=None,
    progress: Callable[[int, str], None] | None = None,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> ShardReport:
    """:func:`kg.pipeline.shards.write_shards`, with extraction on a Dask cluster; the same files.

    ``address`` is ``local``, ``local:N`` or a scheduler address (see :func:`connect`); pass a
    ``client`` instead to use one already connected (it is left open). Workers must run the
    same newskg version (checked: a shard extracted by another version is refused).
    ``progress(items done, shard file name)`` is called as shards arrive.
    """
    distributed = _distributed()
    today = today or date.today()
    writer = ShardWriter(out_dir, base, today, shard_size)  # checks the folder before any work
    close = None
    if client is None:
        client, close = connect(address)
    try:
        threads = sum(client.nthreads().values()) or 1
        window = max(2, 2 * threads)
        pending = distributed.as_completed()
        sizes: dict = {}
        done = 0

        def collect(future) -> None:
            nonlocal done
            shard = future.result()  # a task that failed raises here, and no manifest is written
            writer.add(shard)
            done += sizes.pop(future.key)
            future.release()
            if progress:
                progress(done, shard.name)

        for index, items in partitions(paths, shard_size, max_article_bytes):
            future = client.submit(extract_partition, index, items, base, today, pure=False, key=f"newskg-shard-{index:05d}-{os.urandom(4).hex()}")
            sizes[future.key] = len(items)
            pending.add(future)
            while pending.count() >= window:
                collect(next(pending))
        for future in pending:
            collect(future)
    finally:
        if close is not None:
            close()
    return writer.finish()
