"""Query answers as an HTML page, for people who open a query URL in a browser.

Only the first ``max_rows`` rows are shown (a browser tab is not the place for a million rows);
the page says so and links the same query in CSV or N-Triples for the full answer. Every value
is escaped: literals come from news text and may contain anything.

Readable, not raw (:mod:`kg.labels`): an IRI shows its label (``skos:prefLabel`` in the reader's
language, else ``rdfs:label``) or else a prefixed name, and links to its page, the full IRI in its
title; literals show their value, with the datatype only where it says something (not for
numbers, dates, booleans, plain strings). The page is the same for every reader, so answers stay
cacheable: the English choice is printed, the other languages' choices ride along in a
``data-labels`` attribute and a few lines of script pick the reader's (``navigator.languages``).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

import json

import pyoxigraph as ox

from kg import labels as readable

Link = Callable[[str], str]
LabelSource = Callable[[list[str]], dict]  # IRIs -> kg.labels.Labels
DEFAULT_LANGUAGES = ["en"]

_HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Query results</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;max-width:100%}
td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{background:#f3f3f3}.dt,.lang{color:#777;font-size:.8em}td.num{text-align:right;white-space:nowrap}
a{text-decoration:none}a:hover{text-decoration:underline}</style></head><body>
"""
# Swaps each label for the reader's language where the page carries one (see the module doc).
_SCRIPT = """<script>(function(){var w=(navigator.languages||[navigator.language||"en"]).map(function(l){return l.toLowerCase()});
document.querySelectorAll("[data-labels]").forEach(function(a){var m=JSON.parse(a.getAttribute("data-labels"));
for(var i=0;i<w.length;i++){var t=m[w[i]]||m[w[i].split("-")[0]];if(t!==undefined){a.textContent=t;return}if(w[i].split("-")[0]==="en")return}});})();</script>
"""


def write_html(result, out, *, max_rows: int, link: Link, full_query: str, labels: LabelSource | None = None,
               base: str | None = None) -> None:
    """Write ``result`` (solutions, triples or a boolean) to the binary file ``out``.

    ``labels(iris)`` gives the labels of the IRIs shown (none when omitted); ``base`` is the
    instance base, for prefixed names such as ``person:…``.
    """
    put = lambda text: out.write(text.encode("utf-8"))
    put(_HEAD)
    if isinstance(result, ox.QueryBoolean):
        put(f"<h1>ASK</h1><p><strong>{'true' if bool(result) else 'false'}</strong></p>")
    elif not hasattr(result, "variables"):  # triples of a CONSTRUCT or DESCRIBE
        _table(put, ["subject", "predicate", "object"], (tuple(t) for t in result), max_rows, link, full_query, "ntriples", labels, base)
    else:
        names = [v.value for v in result.variables]
        rows = (tuple(solution[name] for name in names) for solution in result)
        _table(put, names, rows, max_rows, link, full_query, "csv", labels, base)
    put(_SCRIPT + "</body></html>\n")


def _table(put, names, rows, max_rows, link, full_query, full_format, labels=None, base=None) -> None:
    shown_rows, more = [], False
    for row in rows:  # at most max_rows are kept: their IRIs' labels are fetched in one go
        if len(shown_rows) == max_rows:
            more = True
            break
        shown_rows.append(row)
    iris = sorted({t.value for row in shown_rows for t in row if isinstance(t, ox.NamedNode)})
    found = labels(iris) if labels is not None and iris else {}
    cell = lambda term: term_html(term, link, found, base)
    put("<table><thead><tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr></thead><tbody>\n")
    for row in shown_rows:
        put("<tr>" + "".join(cell(term) for term in row) + "</tr>\n")
    shown = len(shown_rows)
    put("</tbody></table>\n")
    href = escape("?" + urlencode({"query": full_query, "format": full_format}))
    if more:
        put(f'<p>Showing the first {shown} rows only. <a href="{href}">Download the whole answer ({full_format})</a>.</p>')
    else:
        put(f"<p>{shown} row{'s' if shown != 1 else ''}. <a href=\"{href}\">Download ({full_format})</a>.</p>")


def term_html(term, link: Link, found: dict | None = None, base: str | None = None) -> str:
    """One ``<td>`` for ``term``."""
    numeric = isinstance(term, ox.Literal) and not term.language and term.datatype.value in readable.NUMERIC
    return f'<td class="num">{_term(term, link, found, base)}</td>' if numeric else f"<td>{_term(term, link, found, base)}</td>"


def _term(term, link: Link, found: dict | None, base: str | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        if not term.value.lower().startswith(("http://", "https://")):
            return escape(term.value)  # javascript:, data: and the like are shown, never linked
        candidates = (found or {}).get(term.value)
        chosen = readable.choose(candidates, DEFAULT_LANGUAGES)
        text = chosen[0] if chosen else readable.compact(term.value, base)
        others = {}
        for lang in sorted({c[1].lower() for c in candidates or [] if c[1]}):
            alternative = readable.choose(candidates, [lang])
            if alternative and alternative[0] != text:
                others[lang] = alternative[0]
        data = f' data-labels="{escape(json.dumps(others, ensure_ascii=False))}"' if others else ""
        return f'<a href="{escape(link(term.value))}" title="{escape(term.value)}"{data}>{escape(text)}</a>'
    if isinstance(term, ox.BlankNode):
        return f"_:{escape(term.value)}"
    if isinstance(term, ox.Literal):
        text = escape(term.value)
        if term.language:
            return f'{text} <span class="lang">@{escape(term.language)}</span>'
        datatype = readable.datatype_shown(term, base)
        if datatype:
            return f'{text} <span class="dt" title="{escape(term.datatype.value)}">^^{escape(datatype)}</span>'
        return text
    if isinstance(term, ox.Triple):
        return "&lt;&lt; " + " ".join(_term(t, link, found, base) for t in term) + " &gt;&gt;"
    return escape(str(term))


def page_link(base: str, root: str) -> Link:
    """Links in HTML answers: IRIs minted under ``base`` go to this server's page (under ``root``)."""

    def link(iri: str) -> str:
        return root + iri[len(base):] if iri.startswith(base) else iri

    return link
