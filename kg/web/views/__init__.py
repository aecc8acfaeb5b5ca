"""Pages for exploring without SPARQL: ``/search``, ``/figures``, ``/map``, and ``/labels``.

Each page is HTML for browsers and JSON for programs (``Accept`` or ``format=json``). Charts and
maps are drawn in the browser by Vega-Lite from the data embedded in the page, with the world
outline from npm ``world-atlas``, all installed by ``kg install-ui`` (:mod:`kg.web.assets`); without
those assets every page still shows its data as a table. The store queries are in :mod:`.queries`.
"""

from .common import bp

__all__ = ["bp"]

from . import figures, maps, search  # noqa: E402, F401  (their routes register on the blueprint
