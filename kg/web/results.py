"""What the endpoint needs of query execution (:mod:`kg.execution`), and the Content-Type it sends."""

from __future__ import annotations

from kg.execution.answers import (  # noqa: F401 -- the endpoint's names for them
    GRAPH,
    GRAPH_FORMATS,
    OFFERED,
    RESULT_FORMATS,
    RESULTS,
    Busy,
    MemoryBudgetExceeded,
    NotAcceptable,
    WorkerCrashed,
)
from kg.execution.threads import primed  # noqa: F401


def content_type(media_type: str) -> str:
    """Every format served is text, all written by Oxigraph as UTF-8."""
    return f"{media_type}; charset=utf-8"
