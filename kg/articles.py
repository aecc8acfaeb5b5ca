"""Reading articles: plain text, news-please JSON records and JSONL files.

Every reader yields :class:`Article` values or :class:`ArticleError` values, never raises for a
broken input, so that a batch can report what it skipped and load the rest.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

SUFFIXES = (".txt", ".json", ".jsonl")


@dataclass(frozen=True)
class Article:
    id: str
    source: str  # file name, plus "#line" for a JSONL record
    text: str
    title: str | None = None
    published: datetime | date | None = None
    language: str | None = None
    url: str | None = None
    domain: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ArticleError:
    source: str
    reason: str


def read_paths(paths: list[str | Path]) -> Iterator[Article | ArticleError]:
    """Articles from files and folders (folders are walked for .txt/.json/.jsonl, sorted)."""
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            for file in files:
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield ArticleError(str(path), "no such file or directory")


def count_articles(paths: list[str | Path]) -> int:
    """How many articles ``read_paths`` will yield (errors included), for progress display."""
    total = 0
    for path in map(Path, paths):
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".jsonl" and file.exists():
                try:
                    with file.open("rb") as f:
                        total += sum(1 for line in f if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def read_file(path: Path) -> Iterator[Article | ArticleError]:
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
        content = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield ArticleError(str(path), f"cannot read: {exc}")
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, content)
    elif suffix == ".json":
        yield _from_json_text(path, path.name, content)
    elif suffix == ".txt":
        yield from_text(content, source=path.name, article_id=path.stem)
    else:
        yield ArticleError(str(path), f"unsupported file type {suffix or '(none)'}; expected .txt, .json or .jsonl")


def _read_jsonl(path: Path, content: str) -> Iterator[Article | ArticleError]:
    for number, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            yield _from_json_text(path, f"{path.name}#{number}", line, where=f"{path}:{number}")


def _from_json_text(path: Path, source: str, content: str, where: str | None = None) -> Article | ArticleError:
    where = where or str(path)
    try:
        record = json.loads(content)
    except json.JSONDecodeError as exc:
        return ArticleError(where, f"invalid JSON: {exc}")
    if not isinstance(record, dict):
        return ArticleError(where, "a news-please record must be a JSON object")
    try:
        return from_record(record, source=source, default_id=path.stem if "#" not in source else None)
    except ValueError as exc:
        return ArticleError(where, str(exc))


def from_text(text: str, source: str, article_id: str | None = None) -> Article:
    text = _normalise(text)
    return Article(id=_safe_id(article_id) if article_id else _digest(text), source=source, text=text)


def from_record(record: dict, source: str, default_id: str | None = None) -> Article:
    """An article from a news-please record; raises ``ValueError`` when it is unusable."""
    text = record.get("maintext")
    if text is None:
        text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("record has no 'maintext' string")
    url = record.get("url") or None
    if url is not None and not isinstance(url, str):
        raise ValueError("'url' must be a string")
    authors = record.get("authors") or ()
    if isinstance(authors, str):
        authors = (authors,)
    text = _normalise(text)
    article_id = _digest(url) if url else (_safe_id(default_id) if default_id else _digest(text))
    return Article(
        id=article_id,
        source=source,
        text=text,
        title=_clean(record.get("title")),
        published=parse_published(record.get("date_publish")),
        language=_clean(record.get("language")),
        url=url,
        domain=_clean(record.get("source_domain")),
        authors=tuple(a for a in authors if isinstance(a, str) and a.strip()),
    )


def parse_published(value) -> datetime | date | None:
    """news-please writes ``YYYY-MM-DD HH:MM:SS``; ISO forms and bare dates are accepted too."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"unreadable date_publish {value!r}") from None


def _normalise(text: str) -> str:
    # One newline convention keeps offsets stable whatever system wrote the file.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _clean(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def _safe_id(value: str) -> str:
    """An id usable as an IRI path segment: keep letters, digits, ``-`` and ``_``."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-")
    return safe or _digest(value)
