"""The guard that refuses network operations and oversized queries before Oxigraph sees them.

The network check is fuzzed against Oxigraph itself: a canary HTTP server on 127.0.0.1 counts
the SERVICE calls Oxigraph makes while evaluating generated texts, and any text the guard let
through must not have made one. The texts mix SERVICE clauses with the constructions that fooled
or could fool a scan of the text (escapes in IRIs, '#' inside IRIs, quotes, '<' that is a
less-than, local-name escapes, keywords glued to the next token).
"""

from __future__ import annotations

import http.server
import random
import threading

import pyoxigraph as ox
import pytest

from kg.sparqltext.guard import Limits, Refused, check

ALLOWED = ("query.wikidata.org",)


def refused(text, **kw) -> int | None:
    try:
        check(text, **kw)
    except Refused as exc:
        return exc.status
    return None


# --- regressions: each of these reached the network past the old scan -------------------------


@pytest.mark.parametrize(
    "query",
    [
        # a \u escape in an IRI made the old scan stop reading the IRI, so its '#' opened a "comment"
        "SELECT * WHERE { ?s ?p <http://a/\\u0041#x> SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
        # keywords glued to the next token, which a PEG parser accepts
        "SELECT * WHERE { SERVICE<http://127.0.0.1:9/>{ ?a ?b ?c } }",
        "SELECT * WHERE { SERVICE?x{ ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p true SERVICE <http://127.0.0.1:9/> { } }",
        "SELECT * WHERE { ?s ?p trueSERVICE <http://127.0.0.1:9/> { } }",
        "select * where { sErViCe silent <http://127.0.0.1:9/> { } }",
        # a '<' that Oxigraph reads as less-than, with a quote inside what looks like an IRI
        "SELECT * { ?x ?p ?o FILTER(?x<'b>) ') SERVICE <http://127.0.0.1:9/> {} } #'",
        # a '#' inside what looks like an IRI, where Oxigraph reads '<' as less-than and '#' as a comment
        "PREFIX ex: <http://e/>\nSELECT * { ?x ?p ?o FILTER(?x<ex:a#b>)'''\n) SERVICE <http://127.0.0.1:9/> {} } #'''",
        # a local-name escape of '#' is no comment
        "PREFIX ex: <http://e/>\nSELECT * { ?s ?p ex:a\\# SERVICE <http://127.0.0.1:9/> {} }",
    ],
)
def test_disguised_service_is_refused(query):
    assert refused(query) == 403
    assert refused(query, allowed_hosts=ALLOWED) == 403


def test_allowed_service_passes_and_others_are_refused():
    ok = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    assert refused(ok) == 403  # federation off by default
    assert refused(ok, allowed_hosts=ALLOWED) is None
    assert refused(ok.replace("SERVICE", "SERVICE SILENT"), allowed_hosts=ALLOWED) is None
    for target in ("<https://evil.example/sparql>", "?endpoint", "wd:sparql", "<sparql>"):
        text = f"PREFIX wd: <https://query.wikidata.org/>\nSELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}"
        assert refused(text, allowed_hosts=ALLOWED) == 403, target


def test_the_word_in_strings_iris_and_nowhere_else_is_fine():
    text = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?o WHERE {
  <https://w3id.org/newskg/id/organization/security-service-of-ukraine> skos:prefLabel ?o .
  FILTER(CONTAINS(?o, "Security Service") || ?o = '''service''' || ?o < 3)
}"""
    assert refused(text) is None


def test_load_is_checked_in_updates_and_service_too():
    assert refused("LOAD <http://127.0.0.1:9/x.ttl>", update=True) == 403
    assert refused("LOAD <https://query.wikidata.org/x.ttl>", update=True, allowed_hosts=ALLOWED) is None
    assert refused("load silent <http://127.0.0.1:9/x.ttl> INTO GRAPH <http://g>", update=True, allowed_hosts=ALLOWED) == 403
    assert refused("INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", update=True) == 403
    assert refused('INSERT DATA { <http://a> <http://b> "LOAD me" }', update=True) is None


@pytest.mark.parametrize(
    "text, status",
    [
        ("SELECT * WHERE " + "{" * 65 + "?s ?p ?o" + "}" * 65, 400),
        ("SELECT * { FILTER(" + "(" * 70 + "1" + ")" * 70 + ") }", 400),
        ("SELECT * { FILTER(" + "!" * 20000 + "true) }", 400),
        ("SELECT * { " + " UNION ".join(["{?s ?p ?o}"] * 300) + " }", 400),
        ("SELECT (" + "+".join(["1"] * 10000) + " AS ?x) {}", 400),
        ("SELECT * {} #" + "x" * (1 << 20), 413),
    ],
)
def test_limits(text, status):
    assert refused(text) == status


def test_limits_are_configurable():
    deep = "SELECT * WHERE " + "{" * 70 + "?s ?p ?o" + "}" * 70
    assert refused(deep, limits=Limits(max_depth=80)) is None
    assert Limits.parse("depth=80, unions=10") == Limits(max_depth=80, max_unions=10)
    with pytest.raises(ValueError):
        Limits.parse("depth=-1")


def test_queries_shipped_with_the_project_pass():
    from pathlib import Path

    for path in sorted(Path(__file__).parent.parent.joinpath("queries").glob("*.rq")):
        assert refused(path.read_text(encoding="utf-8"), allowed_hosts=ALLOWED) is None, path.name


# --- fuzzing against Oxigraph's own parser and evaluator ---------------------------------------


class _Canary(http.server.BaseHTTPRequestHandler):
    hits = 0

    def _answer(self):
        type(self).hits += 1
        body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def canary():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _valid(url: str) -> list[str]:
    return [
        f"SERVICE <{url}> {{ ?a ?b ?c }}",
        f"SERVICE<{url}>{{?a ?b ?c}}",
        f"sErViCe SILENT <{url}> {{ }}",
        "SERVICE ex:s { ?a ?b ?c }",
        "SERVICE ex:s{}",
        "?s ?p ?o .",
        "?s ?p true .",
        "?s ?p 1 .",
        "FILTER(?s != 'b')",
        "FILTER(?o < 3 || ?o > 'x')",
        "OPTIONAL { ?s ?p ?o }",
        "{ ?s ?p ?o } UNION { ?s ?p ?o }",
        r"BIND(<http://a/\u0041#x> AS ?i)",
        "BIND('''a'b''c''' AS ?l)",
        'BIND("""x"y""z""" AS ?m)',
        r"?s ?p ex:a\#b .",
        r"?s ?p ex:a\'b .",
    ]


def _twists() -> list[str]:
    return [
        "'", '"', "'''", '"""', "#", "\n", "<", ">", "\\", r"\u0023", r"\u0041", "<'x>", "<#frag>",
        r"<http://a/\u0041#", "?x<'b>) '", r"ex:a\#", "true", "1", ".", "}", "{", ")", "(",
        r"\u0053ERVICE", "?service", "'service'", "<http://service/>",
    ]


def _evaluate(store: ox.Store, text: str) -> bool:
    """Whether Oxigraph accepts ``text`` (and evaluates it)."""
    try:
        result = store.query(text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
        return True
    except SyntaxError:
        return False
    except (OSError, RuntimeError):  # evaluation errors (a failed SERVICE call, an unknown function): accepted
        return True


def test_fuzz_guard_against_oxigraph(canary):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.NamedNode("http://o")))
    valid, twists = _valid(canary), _twists()
    prologues = ["", f"PREFIX ex: <{canary}>\n", f"PREFIX ex: <{canary}>\nPREFIX service: <http://x/>\n"]
    rng = random.Random(20261207)
    parsed = with_service = 0
    for _ in range(20000):
        body = rng.choice(["", " ", "\n"]).join(rng.choice(valid) for _ in range(rng.randint(1, 4)))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):  # splice twists in anywhere, inside tokens too
            at = rng.randint(0, len(body))
            body = body[:at] + rng.choice(twists) + body[at:]
        text = rng.choice(prologues) + "SELECT * WHERE { ?s ?p ?o " + body + " }" + rng.choice(["", " #'''", " #'", "\n"])
        passed = refused(text) is None
        before = _Canary.hits
        if not _evaluate(store, text):
            continue
        parsed += 1
        if _Canary.hits > before:
            with_service += 1
            assert not passed, f"the guard let a SERVICE call through: {text!r}"
    assert parsed > 2000 and with_service > 1000  # the fuzzing reached both kinds of text
