"""Where the graph lives: an embedded Oxigraph store (:mod:`.local`) or a remote SPARQL 1.1 store
(:mod:`.remote`), behind one interface; :func:`open_store` picks one from a folder or a URL."""

from .local import Store
from .remote import RemoteStore, is_url, open_store

__all__ = ["Store", "RemoteStore", "is_url", "open_store"]
