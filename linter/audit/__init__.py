"""`copydesk audit`: the engine over a whole archive, on local cores or a Dask cluster.

A face beside `serve` and `cli`. An archive is split into partitions
(``sources``); each partition is read, checked article by article with the
pure core (``article``) and written as Parquet by whoever runs it
(``partition``), so nothing but small counts travels back and memory stays
bounded. ``execute`` runs partitions in a local process pool or through
dask.bag; ``manifest`` lets an interrupted run resume; ``summary`` aggregates
the Parquet with DuckDB; ``html`` and ``terminal`` present it.
"""
