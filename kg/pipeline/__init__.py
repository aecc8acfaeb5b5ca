"""The batch stages, article -> extraction -> graph -> store: :mod:`.ingest` (one process or several),
:mod:`.shards` (extraction to N-Quads shards), :mod:`.load` (shards into a store), :mod:`.distributed`
(shards on a Dask cluster) and :mod:`.shared` (the entities and claims graphs every write keeps up to date)."""
