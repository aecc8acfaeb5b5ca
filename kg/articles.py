"""Reading articles: plain text, news-please JSON records and JSONL files.

Every reader yields :class:`Article` values or :class:`ArticleError` values, never raises for a
broken input, so that a batch can report what it skipped and load the rest. Besides files that
cannot be read or parsed, two kinds of article are reported instead of yielded:

* **empty** ones: no text, or only whitespace, even when the record has a title (the title is
  not extracted from, so such an article would become a graph that says nothing);
* **oversized** ones: more than ``max_article_bytes`` of UTF-8 text (default 1 MiB).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath

SUFFIXES = (".txt", ".json", ".jsonl")

# Real news articles have far less than 100 KB of text, while extraction grows faster than the
# text (a 5 MB article took 3.9 GB and 346 s): one pathological record must not stall a batch.
DEFAULT_MAX_ARTICLE_BYTES = 1 << 20
# A .txt or .json file, or a JSONL line, larger than this many times the limit is reported without
# being read: JSON takes at most 6 bytes to escape one byte of text, so such a record is not an
# article within the limit, and reading it to find out could take gigabytes of memory.
READ_FACTOR = 8
_SKIP_CHUNK = 1 << 20


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


def read_paths(paths: list[str | Path], max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[Article | ArticleError]:
    """Articles from files and folders (folders are walked for .txt/.json/.jsonl, sorted).

    An article with more than ``max_article_bytes`` of UTF-8 text (0: no limit) is reported.
    """
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            for file in files:
                yield from read_file(file, max_article_bytes)
        elif path.is_file():
            yield from read_file(path, max_article_bytes)
        elif path.exists():  # a FIFO or a device could block or never end
            yield ArticleError(str(path), "not a regular file")
        else:
            yield ArticleError(str(path), "no such file or directory")


def count_articles(paths: list[str | Path]) -> int:
    """How many articles ``read_paths`` will yield (errors included), for progress display."""
    total = 0
    for path in map(Path, paths):
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".jsonl" and file.is_file():
                try:
                    with file.open("rb") as f:
                        total += _count_lines(f)
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def _count_lines(f) -> int:
    """Lines that are not blank, read in chunks: a single line may be larger than memory."""
    count, content = 0, False
    while chunk := f.read(_SKIP_CHUNK):
        *ended, rest = chunk.split(b"\n")
        for part in ended:
            count += content or bool(part.strip())
            content = False
        content = content or bool(rest.strip())
    return count + content


def read_file(path: Path, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[Article | ArticleError]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield ArticleError(str(path), f"unsupported file type {suffix or '(none)'}; expected .txt, .json or .jsonl")
    elif suffix == ".jsonl":
        yield from _read_jsonl(path, max_article_bytes)
    else:
        yield _read_whole(path, suffix, max_article_bytes)


def _read_whole(path: Path, suffix: str, max_bytes: int) -> Article | ArticleError:
    """The one article of a .txt or .json file."""
    cap = READ_FACTOR * max_bytes
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if cap and size > cap:
                return ArticleError(str(path), _not_read("file", size, max_bytes))
            raw = f.read(cap + 1) if cap else f.read()
        if cap and len(raw) > cap:  # it grew, or its size was not known
            return ArticleError(str(path), _not_read("file", len(raw), max_bytes))
        content = _decode(raw)
    except (OSError, ValueError) as exc:
        return ArticleError(str(path), f"cannot read: {exc}")
    if suffix == ".json":
        item = _from_json_text(path, path.name, content)
    else:
        item = from_text(content, source=path.name, article_id=path.stem)
    return _checked(item, str(path), max_bytes)


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | ArticleError]:
    """One article per line, read a line at a time: a JSONL batch may be larger than memory."""
    try:
        with path.open("rb") as f:
            for number, line, size in _lines(f, READ_FACTOR * max_bytes):
                where = f"{path}:{number}"
                if line is None:
                    yield ArticleError(where, _not_read("line", size, max_bytes))
                    continue
                try:
                    text = _decode(line)
                except ValueError as exc:
                    yield ArticleError(where, f"cannot read: {exc}")
                    continue
                if text.strip():
                    yield from_jsonl_line(text, str(path), number, max_bytes)
    except OSError as exc:
        yield ArticleError(str(path), f"cannot read: {exc}")


def from_jsonl_line(line: str, name: str, number: int, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Article | ArticleError:
    """Line ``number`` (from 1, not blank) of the JSONL file ``name``, as :func:`read_file` takes it.

    For readers that split the lines themselves (the Spark job in docs/scaling.md).
    """
    where = f"{name}:{number}"
    item = _from_json_text(PurePath(name), f"{PurePath(name).name}#{number}", line, where=where)
    return _checked(item, where, max_article_bytes)


def _lines(f, cap: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(number, line, size)`` for each line of binary file ``f``, counted from 1.

    A line longer than ``cap`` bytes (0: no cap) comes as ``None`` with its size; it is skipped
    in chunks, never held whole.
    """
    number = 0
    while line := (f.readline(cap + 1) if cap else f.readline()):
        number += 1
        if not cap or len(line) <= cap or line.endswith(b"\n"):
            yield number, line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := f.readline(_SKIP_CHUNK)):
            size += len(line)
        yield number, None, size


def _decode(raw: bytes) -> str:
    """UTF-8 text, a leading byte-order mark dropped; ``ValueError`` saying why it is not."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValueError("UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8")
    if b"\0" in raw:  # decodes as UTF-8, but no text has NULs: UTF-16 (or binary) without a mark
        raise ValueError("it holds NUL bytes, so it is not UTF-8 text (UTF-16 without a byte-order mark?)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text: {exc}") from None


def _checked(item: Article | ArticleError, where: str, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Article | ArticleError:
    """``item``, or why the article is not worth extracting: no text, or more than ``max_bytes``."""
    if isinstance(item, ArticleError):
        return item
    if not item.text.strip():
        if item.title:
            return ArticleError(where, "empty article: it has a title but no text (maintext), and only the text is extracted")
        return ArticleError(where, "empty article: no text")
    if max_bytes and (size := len(item.text.encode("utf-8"))) > max_bytes:
        return ArticleError(where, f"too large: {_size(size)} of text, over the limit of {_size(max_bytes)} per article (--max-article-bytes)")
    return item


def _not_read(what: str, size: int, max_bytes: int) -> str:
    return (
        f"too large: the {what} is {_size(size)}, more than {READ_FACTOR} times the limit of {_size(max_bytes)} "
        "of text per article (--max-article-bytes); not read"
    )


def _size(n: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            return f"{n:,} bytes ({n / (1 << shift):.1f} {unit})"
    return f"{n:,} bytes"


def _from_json_text(path: PurePath, source: str, content: str, where: str | None = None) -> Article | ArticleError:
    where = where or str(path)
    try:
        record = json.loads(content)
    except RecursionError:  # json gives up on deep nesting this way; no news-please record nests
        return ArticleError(where, "invalid JSON: nested too deeply to parse (a news-please record nests a level or two)")
    except ValueError as exc:  # malformed, or an integer too long to convert
        return ArticleError(where, f"invalid JSON: {exc}")
    if not isinstance(record, dict):
        return ArticleError(where, "a news-please record must be a JSON object")
    try:
        return from_record(record, source=source, default_id=path.stem if "#" not in source else None)
    except (ValueError, TypeError) as exc:
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
    elif not isinstance(authors, list):
        authors = ()
    _unicode("maintext", text)
    for name in ("title", "url", "language", "source_domain"):
        _unicode(name, record.get(name))
    for author in authors:
        _unicode("authors", author)
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


def _unicode(name: str, value) -> None:
    """Refuse a string with a lone surrogate: JSON can escape one (``"\\ud800"``), but it is no
    text, and it would fail only when the graph is written."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{name!r} is not valid Unicode text: it holds a lone surrogate (an escape such as \\ud800)") from None


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
