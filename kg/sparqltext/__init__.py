"""Reading SPARQL text where pyoxigraph gives no parsed query: below both the web layer and the stores.

* :mod:`.querytext`: the keywords the endpoint needs (``FROM``, the query form, ``USING`` clauses).
* :mod:`.guard`: what a text may ask of the server (network operations, parse limits).
"""
