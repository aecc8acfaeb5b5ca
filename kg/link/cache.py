"""An on-disk cache of JSON answers, one file per request URL.

A file is named by the SHA-256 of the URL it answers and holds ``{"url": ..., "fetched": ...,
"body": ...}``. Writes are atomic (a temporary file in the same folder, then :func:`os.replace`),
so a crash or a second process never leaves a half-written answer behind; an unreadable file is
treated as a miss. Nothing expires: delete the folder (or one file) to ask again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

DEFAULT_CACHE_DIR = "data/cache/wikidata"


def default_cache_dir() -> Path:
    """Folder of the Wikidata cache: ``$KG_WIKIDATA_CACHE``, else ``data/cache/wikidata``
    (relative to the working directory, beside the default store ``data/store``)."""
    return Path(os.environ.get("KG_WIKIDATA_CACHE", DEFAULT_CACHE_DIR))


def cache_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


class JsonCache:
    """JSON answers keyed by the hash of their request URL, under ``folder``.

    The folder is created on the first write, not before: creating a cache touches nothing.
    """

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def path(self, url: str) -> Path:
        return self.folder / f"{cache_key(url)}.json"

    def get(self, url: str) -> Any | None:
        """The cached body for ``url``, or None when there is none (or it cannot be read)."""
        try:
            with self.path(url).open(encoding="utf-8") as f:
                record = json.load(f)
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("url") != url or "body" not in record:
            return None  # a hash collision or a foreign file: never answer for another URL
        return record["body"]

    def put(self, url: str, body: Any) -> Path:
        """Store ``body`` for ``url`` atomically; returns the file written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path(url)
        record = {"url": url, "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds"), "body": body}
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return target
