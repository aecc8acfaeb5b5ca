"""An opt-in, cached, rate-limited client for Wikidata's search API and SPARQL service.

Nothing here touches the network on import, and there is no default client: a request is only
made by a :class:`WikidataClient` that the caller created, and only for an answer that is not
already in its on-disk cache. See ``docs/linking.md`` for the rules and the etiquette.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..text import fold
from .cache import JsonCache, default_cache_dir

log = logging.getLogger(__name__)

API_URL = "https://www.wikidata.org/w/api.php"
SPARQL_URL = "https://query.wikidata.org/sparql"
ENTITY = "http://www.wikidata.org/entity/"

# Wikimedia's User-Agent policy: "<client>/<version> (<contact information>) <library>/<version>".
# The contact is a placeholder: whoever runs look-ups at volume should pass their own.
CONTACT_PLACEHOLDER = "https://w3id.org/newskg/; newskg@example.org"


def user_agent(contact: str = CONTACT_PLACEHOLDER) -> str:
    """A User-Agent as Wikimedia's policy asks: project, version, contact, library."""
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"newskg/{__version__} ({contact}) Python-urllib/{python}"


DEFAULT_USER_AGENT = user_agent()

QID = re.compile(r"^Q[1-9][0-9]*$")

# Wikidata classes whose instances (through wdt:P31/wdt:P279*) may carry each newskg type.
TYPE_CLASSES: dict[str, tuple[str, ...]] = {
    "Person": ("Q5",),  # human
    "Organization": ("Q43229",),  # organization
    "MilitaryUnit": ("Q176799", "Q8473"),  # military unit, military (armed forces)
    "Country": ("Q6256", "Q3624078"),  # country, sovereign state
    "Location": ("Q2221906", "Q56061"),  # geographic location, administrative territorial entity
}


class WikidataError(Exception):
    """A look-up that could not be answered (network, HTTP status, API error, bad JSON)."""


@dataclass(frozen=True)
class Candidate:
    """One hit of ``wbsearchentities``, with the fields the API returns."""

    id: str
    label: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()
    match_type: str | None = None  # label, alias, entityId, …
    match_language: str | None = None
    match_text: str | None = None
    concepturi: str | None = None
    url: str | None = None
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, hit: dict) -> Candidate:
        match = hit.get("match") or {}
        display = (hit.get("display") or {}).get("label") or {}
        label = hit.get("label") or display.get("value")
        return cls(
            id=str(hit.get("id", "")),
            label=label,
            description=hit.get("description"),
            aliases=tuple(a for a in hit.get("aliases") or () if isinstance(a, str)),
            match_type=match.get("type"),
            match_language=match.get("language"),
            match_text=match.get("text"),
            concepturi=hit.get("concepturi"),
            url=hit.get("url"),
            raw=hit,
        )

    def names(self) -> list[str]:
        """The names this hit is known by in the answer: its label, the label or alias the
        search matched, and the aliases listed. An ``entityId`` match (the search text was a
        QID) is not a name."""
        out = [self.label] if self.label else []
        if self.match_type in ("label", "alias") and self.match_text:
            out.append(self.match_text)
        out.extend(self.aliases)
        return out


def name_key(text: str) -> str:
    """Case- and diacritics-folded name with runs of white space collapsed."""
    return " ".join(fold(text).split())


def searchable(name: str) -> bool:
    """Whether a name is worth asking about. Names shorter than three letters, and one-word
    all-capitals acronyms ("IDF", "RSF", "NIS"), are too ambiguous to link by name alone."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 3:
        return False
    words = name.split()
    if len(words) == 1 and name.isupper():
        return False
    return True


def _retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class WikidataClient:
    """Search Wikidata by name, check types over SPARQL, link a name to one QID.

    ``min_interval`` seconds separate the start of any two network requests of this client
    (cached answers are free). A 429 or 503 answer is retried up to ``max_retries`` times after
    the Retry-After the server asks for (or an exponential back-off from ``backoff`` seconds when
    it gives none); a wait longer than ``max_retry_wait`` is not made and the look-up fails.
    ``clock`` and ``sleep`` are injectable for tests (a fake clock whose ``sleep`` advances it).
    """

    def __init__(
        self,
        api_url: str = API_URL,
        sparql_url: str = SPARQL_URL,
        cache_dir: Path | str | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        min_interval: float = 1.0,
        timeout: float = 10,
        *,
        limit: int = 20,
        max_retries: int = 3,
        backoff: float = 1.0,
        max_retry_wait: float = 120.0,
        maxlag: int | None = 5,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.api_url = api_url
        self.sparql_url = sparql_url
        self.cache = JsonCache(cache_dir if cache_dir is not None else default_cache_dir())
        self.user_agent = user_agent
        self.min_interval = min_interval
        self.timeout = timeout
        self.limit = limit
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_retry_wait = max_retry_wait
        self.maxlag = maxlag
        self.clock = clock
        self.sleep = sleep
        self._last_request: float | None = None
        self.requests = 0  # network requests made (not cache hits)

    # --- the three look-ups -------------------------------------------------------------------

    def search(self, name: str, language: str) -> list[Candidate]:
        """Items whose label or alias starts like ``name`` (``wbsearchentities``), best first."""
        params = {
            "action": "wbsearchentities",
            "search": name,
            "language": language,
            "uselang": language,
            "type": "item",
            "limit": str(self.limit),
            "format": "json",
        }
        if self.maxlag is not None:
            params["maxlag"] = str(self.maxlag)
        url = f"{self.api_url}?{urllib.parse.urlencode(params)}"
        body = self._get_json(url, "application/json", api=True)
        hits = body.get("search") if isinstance(body, dict) else None
        if not isinstance(hits, list):
            raise WikidataError(f"wbsearchentities answered without a search list for {name!r}")
        return [Candidate.from_api(h) for h in hits if isinstance(h, dict) and QID.match(str(h.get("id", "")))]

    def types(self, qids: Iterable[str]) -> dict[str, set[str]]:
        """newskg types of each item: those of :data:`TYPE_CLASSES` whose classes the item is an
        instance of through ``wdt:P31/wdt:P279*``. Every asked QID is a key (maybe with no type)."""
        wanted = sorted(set(qids), key=lambda q: int(q[1:]) if QID.match(q) else 0)
        bad = [q for q in wanted if not QID.match(q)]
        if bad:
            raise ValueError(f"not QIDs: {bad}")
        out: dict[str, set[str]] = {q: set() for q in wanted}
        class_type = {c: t for t, classes in TYPE_CLASSES.items() for c in classes}
        for i in range(0, len(wanted), 50):
            url = f"{self.sparql_url}?{urllib.parse.urlencode({'query': _types_query(wanted[i : i + 50]), 'format': 'json'})}"
            body = self._get_json(url, "application/sparql-results+json")
            try:
                bindings = body["results"]["bindings"]
            except (KeyError, TypeError) as exc:
                raise WikidataError("SPARQL answer without results.bindings") from exc
            for row in bindings:
                item = _qid(row.get("item", {}).get("value"))
                cls = _qid(row.get("class", {}).get("value"))
                if item in out and cls in class_type:
                    out[item].add(class_type[cls])
        return out

    def link(self, name: str, language: str, expected_type: str) -> str | None:
        """The one QID for ``name`` of ``expected_type``, or None.

        Keeps the hits whose label or alias equals ``name`` after case and diacritics folding,
        then those of the expected type; links only when exactly one item is left.
        """
        if expected_type not in TYPE_CLASSES:
            raise ValueError(f"unknown type {expected_type!r}; expected one of {sorted(TYPE_CLASSES)}")
        if not searchable(name):
            return None
        key = name_key(name)
        exact: dict[str, Candidate] = {}
        for c in self.search(name, language):
            if any(name_key(n) == key for n in c.names()):
                exact.setdefault(c.id, c)
        if not exact:
            return None
        typed = self.types(list(exact))
        survivors = [q for q in exact if expected_type in typed.get(q, set())]
        if len(survivors) != 1:
            if len(survivors) > 1:
                log.info("no link for %r (%s): %d equally good items %s", name, expected_type, len(survivors), survivors)
            return None
        return survivors[0]

    # --- HTTP -----------------------------------------------------------------------------------

    def _get_json(self, url: str, accept: str, api: bool = False) -> Any:
        cached = self.cache.get(url)
        if cached is not None:
            return cached
        body = self._fetch(url, accept, api)
        self.cache.put(url, body)
        return body

    def _wait_turn(self) -> None:
        if self._last_request is not None:
            wait = self._last_request + self.min_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request = self.clock()

    def _fetch(self, url: str, accept: str, api: bool) -> Any:
        headers = {"User-Agent": self.user_agent, "Accept": accept, "Accept-Encoding": "gzip"}
        host = urllib.parse.urlsplit(url).netloc
        for attempt in range(self.max_retries + 1):
            self._wait_turn()
            self.requests += 1
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=self.timeout) as resp:
                    raw = resp.read()
                    if (resp.headers.get("Content-Encoding") or "").lower() == "gzip":
                        raw = gzip.decompress(raw)
                    retry_header = resp.headers.get("Retry-After")
                body = json.loads(raw.decode("utf-8"))
            except urllib.error.HTTPError as exc:
                retry_header = exc.headers.get("Retry-After") if exc.headers else None
                exc.close()
                if exc.code not in (429, 503):
                    raise WikidataError(f"HTTP {exc.code} from {host}") from exc
                why = f"HTTP {exc.code}"
            except (OSError, EOFError, ValueError) as exc:  # network, timeout, bad gzip or JSON
                raise WikidataError(f"no answer from {host}: {exc}") from exc
            else:
                error = body.get("error") if api and isinstance(body, dict) else None
                if not error:
                    return body
                if error.get("code") != "maxlag":
                    raise WikidataError(f"API error from {host}: {error.get('code')}: {error.get('info')}")
                why = "maxlag"
            if attempt == self.max_retries:
                raise WikidataError(f"{why} from {host}, still after {self.max_retries} retries")
            delay = _retry_after(retry_header)
            if delay is None:
                delay = self.backoff * 2**attempt
            if delay > self.max_retry_wait:
                raise WikidataError(f"{why} from {host}: asked to wait {delay:.0f}s, more than {self.max_retry_wait:.0f}s")
            log.info("%s from %s; retrying in %.1fs", why, host, delay)
            if delay > 0:
                self.sleep(delay)
        raise AssertionError("unreachable")


def _qid(uri: str | None) -> str | None:
    if not uri or not uri.startswith(ENTITY):
        return None
    q = uri[len(ENTITY) :]
    return q if QID.match(q) else None


def _types_query(qids: list[str]) -> str:
    classes = sorted({c for cs in TYPE_CLASSES.values() for c in cs}, key=lambda q: int(q[1:]))
    return (
        "PREFIX wd: <http://www.wikidata.org/entity/>\n"
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
        "SELECT DISTINCT ?item ?class WHERE {\n"
        f"  VALUES ?item {{ {' '.join('wd:' + q for q in qids)} }}\n"
        f"  VALUES ?class {{ {' '.join('wd:' + c for c in classes)} }}\n"
        "  ?item wdt:P31/wdt:P279* ?class .\n"
        "}"
    )
