"""Query answers as an HTML page, for people who open a query URL in a browser.

Only the first ``max_rows`` rows are shown (a browser tab is not the place for a million rows);
the page says so and links the same query in CSV or N-Triples for the full answer. Every value
is escaped: literals come from news text and may contain anything.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

import pyoxigraph as ox

Link = Callable[[str], str]

_HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Query results</title>
<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3}.dt,.lang{color:#777;font-size:.85em}</style></head><body>
"""


def write_html(result, out, *, max_rows: int, link: Link, full_query: str) -> None:
    """Write ``result`` (solutions, triples or a boolean) to the binary file ``out``."""
    put = lambda text: out.write(text.encode("utf-8"))
    put(_HEAD)
    if isinstance(result, ox.QueryBoolean):
        put(f"<h1>ASK</h1><p><strong>{'true' if bool(result) else 'false'}</strong></p>")
    elif not hasattr(result, "variables"):  # triples of a CONSTRUCT or DESCRIBE
        _table(put, ["subject", "predicate", "object"], (tuple(t) for t in result), max_rows, link, full_query, "ntriples")
    else:
        names = [v.value for v in result.variables]
        rows = (tuple(solution[name] for name in names) for solution in result)
        _table(put, names, rows, max_rows, link, full_query, "csv")
    put("</body></html>\n")


def _table(put, names, rows, max_rows, link, full_query, full_format) -> None:
    put("<table><thead><tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr></thead><tbody>\n")
    shown, more = 0, False
    for row in rows:
        if shown == max_rows:
            more = True
            break
        put("<tr>" + "".join(f"<td>{term_html(term, link)}</td>" for term in row) + "</tr>\n")
        shown += 1
    put("</tbody></table>\n")
    href = escape("?" + urlencode({"query": full_query, "format": full_format}))
    if more:
        put(f'<p>Showing the first {shown} rows only. <a href="{href}">Download the whole answer ({full_format})</a>.</p>')
    else:
        put(f"<p>{shown} row{'s' if shown != 1 else ''}. <a href=\"{href}\">Download ({full_format})</a>.</p>")


def term_html(term, link: Link) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        if not term.value.lower().startswith(("http://", "https://")):
            return escape(term.value)  # javascript:, data: and the like are shown, never linked
        return f'<a href="{escape(link(term.value))}">{escape(term.value)}</a>'
    if isinstance(term, ox.BlankNode):
        return f"_:{escape(term.value)}"
    if isinstance(term, ox.Literal):
        text = escape(term.value)
        if term.language:
            return f'{text} <span class="lang">@{escape(term.language)}</span>'
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f'{text} <span class="dt">^^{escape(term.datatype.value)}</span>'
        return text
    if isinstance(term, ox.Triple):
        return "&lt;&lt; " + " ".join(term_html(t, link) for t in term) + " &gt;&gt;"
    return escape(str(term))


def page_link(base: str, root: str) -> Link:
    """Links in HTML answers: IRIs minted under ``base`` go to this server's page (under ``root``)."""

    def link(iri: str) -> str:
        return root + iri[len(base):] if iri.startswith(base) else iri

    return link
