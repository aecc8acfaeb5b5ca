"""Full-text search over sentences, statements and names (tantivy), beside the store.

* :mod:`.documents`: what is indexed, read from the store graph by graph (the model lives here);
* :mod:`.index`: the index, how every write keeps it current and how it reconciles after a crash;
* :mod:`.clause`: search clauses in SPARQL, turned into ``VALUES`` before evaluation.

``GET /search`` (kg/web/views/search.py) and ``kg index`` use them; docs/search.md says how.
"""

from .clause import NAMESPACE, SearchClauseError, expand
from .index import Filters, Hit, SearchIndex, SearchUnavailable, fold, open_index, word_spans

__all__ = ["NAMESPACE", "Filters", "Hit", "SearchClauseError", "SearchIndex", "SearchUnavailable", "expand", "fold", "open_index", "word_spans"]
