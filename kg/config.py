"""Settings read from the environment, each overridable on the command line."""

import os
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/newskg/"
DEFAULT_STORE = "data/store"


def base_iri() -> str:
    """Base under which instance IRIs are minted (``KG_BASE``); always ends with ``/``."""
    base = os.environ.get("KG_BASE", DEFAULT_BASE)
    return base if base.endswith("/") else base + "/"


def store_path() -> Path:
    """Folder of the on-disk Oxigraph store (``KG_STORE``)."""
    return Path(os.environ.get("KG_STORE", DEFAULT_STORE))


def update_token() -> str | None:
    """Bearer token for writes over HTTP (``KG_UPDATE_TOKEN``); None leaves the server read-only."""
    return os.environ.get("KG_UPDATE_TOKEN") or None
