"""Oracle, timer and profiler for the pure extraction path, ``kg.pipeline.ingest.article_quads``.

    python benchmarks/profile_extract.py --snapshot out.nq   # record today's output
    python benchmarks/profile_extract.py --check out.nq      # byte-for-byte comparison with it
    python benchmarks/profile_extract.py --profile           # one-time load cost, ms/article, profile
    python benchmarks/profile_extract.py --time              # the same without the profile
    python benchmarks/profile_extract.py --time --baseline DIR
        # DIR holds another version of the ``kg`` package (e.g. ``git archive HEAD kg | tar -x -C
        # DIR``): both are timed, in turn, in fresh processes, and compared

The corpus is every article under tests/data (articles, heldout, blind2, samples) and seeds/,
read with ``kg.articles.read_paths``, plus variants of each (no publication date, no language tag,
paragraphs reversed, lower-cased), mixtures of paragraphs from several articles, and per language
all articles joined into one long text, so that the oracle also covers the date-inference,
language-detection and long-article paths.
Timing uses the real articles only. ``--check`` runs the corpus forwards and then backwards: a
cache that leaked state from one article into the next would show as a difference. With
``--kg DIR`` any of the modes runs another copy of the package (e.g. to snapshot the code before
a change).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import io
import pstats
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASE = "https://w3id.org/newskg/"
TODAY = date(2026, 11, 25)  # fixed, so that date-less articles resolve the same way every day
FOLDERS = [
    ROOT / "tests/data/articles",
    ROOT / "tests/data/heldout/articles",
    ROOT / "tests/data/blind2/articles",
    ROOT / "tests/data/samples",
    ROOT / "tests/data/robustness",  # read only if present
    ROOT / "seeds",
]


def load_cost() -> dict[str, float]:
    """Milliseconds for the one-time work a fresh process does before its first article."""
    t0 = time.perf_counter()
    import kg.pipeline.ingest  # noqa: F401  (imports the extractor and the graph builder)
    from kg import gazetteer, lexicon

    t1 = time.perf_counter()
    gazetteer.default()
    t2 = time.perf_counter()
    for language in lexicon.available():
        lexicon.load(language)
    t3 = time.perf_counter()
    return {"import": (t1 - t0) * 1e3, "gazetteer": (t2 - t1) * 1e3, "lexicons": (t3 - t2) * 1e3}


def articles():
    from kg.articles import ArticleError, read_paths

    out = []
    for item in read_paths([f for f in FOLDERS if f.exists()]):
        if isinstance(item, ArticleError):
            print(f"skipped {item.source}: {item.reason}", file=sys.stderr)
        else:
            out.append(item)
    return out


def variants(originals):
    """Changed copies of the articles that take other paths through the extractor."""
    out = []
    for a in originals:
        paragraphs = [p for p in a.text.split("\n") if p.strip()]
        out.append(dataclasses.replace(a, id=a.id + "-nodate", source=a.source + "#nodate", published=None))
        out.append(dataclasses.replace(a, id=a.id + "-nolang", source=a.source + "#nolang", language=None))
        out.append(dataclasses.replace(a, id=a.id + "-rev", source=a.source + "#rev", text="\n".join(reversed(paragraphs))))
        out.append(dataclasses.replace(a, id=a.id + "-lower", source=a.source + "#lower", text=a.text.lower()))
    # Paragraphs of different articles, languages and casings side by side (a fixed seed: the
    # same mixtures every run).
    rng = random.Random(20261125)
    paragraphs = [p for a in originals for p in a.text.split("\n") if p.strip()]
    for n in range(40):
        picked = rng.sample(paragraphs, min(len(paragraphs), rng.randint(1, 6)))
        text = "\n".join(p.upper() if rng.random() < 0.2 else p for p in picked)
        a = originals[n % len(originals)]
        out.append(dataclasses.replace(a, id=f"mixed-{n}", source=f"mixed-{n}", text=text, language=None if n % 4 == 0 else a.language))
    by_language: dict[str, list] = {}
    for a in originals:
        by_language.setdefault(a.language or "?", []).append(a)
    for language, group in sorted(by_language.items()):
        text = "\n".join(a.text for a in group)
        out.append(dataclasses.replace(group[0], id=f"joined-{language}", source=f"joined-{language}", text=text, published=None))
    return out


def nquads(article) -> str:
    import pyoxigraph as ox

    from kg.pipeline.ingest import article_quads

    name, quads = article_quads(article, BASE, TODAY)
    serialized = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    # The sorted quads to compare and read, and a digest of them in the order they came out.
    order = hashlib.sha256(serialized.encode("utf-8")).hexdigest()
    lines = sorted(serialized.splitlines())
    return f"# graph {name} order {order}\n" + "".join(f"{line}\n" for line in lines)


def render(corpus) -> dict[str, str]:
    return {a.source: nquads(a) for a in corpus}


def dump(results: dict[str, str]) -> str:
    return "".join(f"### {source}\n{text}" for source, text in results.items())


def parse(text: str) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines(keepends=True):
        if line.startswith("### "):
            current = line[4:].rstrip("\n")
            out[current] = []
        else:
            out[current].append(line)
    return {k: "".join(v) for k, v in out.items()}


def compare(expected: dict[str, str], actual: dict[str, str], label: str, shown: int = 5) -> int:
    """Number of articles whose output differs; prints the first differing lines of a few."""
    bad = 0
    for source in sorted(set(expected) | set(actual)):
        want, got = expected.get(source), actual.get(source)
        if want == got:
            continue
        bad += 1
        if bad > shown:
            continue
        print(f"[{label}] DIFFERS: {source}")
        if want is None or got is None:
            print("   only in", "the snapshot" if got is None else "this run")
            continue
        w, g = set(want.splitlines()), set(got.splitlines())
        for line in sorted(w - g)[:4]:
            print("   - " + line[:300])
        for line in sorted(g - w)[:4]:
            print("   + " + line[:300])
    return bad


def timing(corpus, repetitions: int) -> float:
    """Milliseconds per article, best of ``repetitions`` passes over the corpus after a warm-up."""
    from kg.pipeline.ingest import article_quads

    for a in corpus:
        article_quads(a, BASE, TODAY)
    best = float("inf")
    for _ in range(repetitions):
        t0 = time.perf_counter()
        for a in corpus:
            article_quads(a, BASE, TODAY)
        best = min(best, time.perf_counter() - t0)
    return best / len(corpus) * 1e3


def profile(corpus, repetitions: int) -> None:
    from kg.pipeline.ingest import article_quads

    def work():
        for _ in range(repetitions):
            for a in corpus:
                article_quads(a, BASE, TODAY)

    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
    if Profiler is not None:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        work()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    # Own time per function, which pyinstrument's call tree spreads over many branches.
    prof = cProfile.Profile()
    prof.enable()
    work()
    prof.disable()
    stream = io.StringIO()
    pstats.Stats(prof, stream=stream).sort_stats("tottime").print_stats(25)
    print(stream.getvalue())


def compare_versions(args) -> int:
    """Time this checkout and ``--baseline`` in turn, each in fresh processes: the best of each."""
    versions = {"baseline": args.baseline.resolve(), "this checkout": args.kg.resolve()}
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for label, folder in versions.items():
            command = [sys.executable, __file__, "--time", "--kg", str(folder), "--repetitions", str(args.repetitions)]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            print(f"{label}: {output.splitlines()[-1]}")
            ms = float(output.split(" ms/article")[0].rsplit(" ", 1)[1])
            best[label] = min(best.get(label, ms), ms)
    before, after = best["baseline"], best["this checkout"]
    print(f"best: baseline {before:.2f} ms/article, this checkout {after:.2f} ms/article: {before / after:.1f}x faster")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--snapshot", metavar="FILE", type=Path, help="write the corpus' sorted N-Quads to FILE")
    mode.add_argument("--check", metavar="FILE", type=Path, help="compare with a snapshot, byte for byte")
    mode.add_argument("--profile", action="store_true", help="print load cost, ms/article and a profile")
    mode.add_argument("--time", action="store_true", help="print load cost and ms/article")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--kg", metavar="DIR", type=Path, default=ROOT, help="the folder holding the kg package to run (this checkout)")
    parser.add_argument("--baseline", metavar="DIR", type=Path, help="with --time: also time the kg package in DIR, alternating")
    parser.add_argument("--rounds", type=int, default=3, help="with --baseline: timed processes per version")
    args = parser.parse_args(argv)
    if args.baseline:
        return compare_versions(args)
    sys.path.insert(0, str(args.kg.resolve()))  # ahead of the editable install

    cost = load_cost()
    originals = articles()
    corpus = originals + variants(originals)

    if args.snapshot:
        args.snapshot.write_text(dump(render(corpus)), encoding="utf-8")
        print(f"wrote {len(corpus)} articles ({len(originals)} real, {len(corpus) - len(originals)} variants) to {args.snapshot}")
        return 0
    if args.check:
        expected = parse(args.check.read_text(encoding="utf-8"))
        forwards = render(corpus)
        backwards = dict(reversed(list(render(list(reversed(corpus))).items())))
        bad = compare(expected, forwards, "forwards") + compare(expected, backwards, "backwards")
        if dump(forwards) != dump(expected) and not bad:
            bad = 1
            print("the articles match but their order or framing differs")
        print(f"{len(corpus)} articles, {sum(t.count(chr(10)) for t in forwards.values())} quads: " + ("IDENTICAL" if not bad else f"{bad} DIFFER"))
        return 0 if not bad else 1

    import kg

    print(f"kg from {Path(kg.__file__).parent}")
    chars = sum(len(a.text) for a in originals) / len(originals)
    print(f"one-time load: import {cost['import']:.0f} ms, gazetteer {cost['gazetteer']:.0f} ms, lexicons {cost['lexicons']:.0f} ms")
    ms = timing(originals, args.repetitions)
    print(f"{len(originals)} articles, {chars:.0f} characters on average: {ms:.2f} ms/article ({1e3 / ms:.0f} articles/s), best of {args.repetitions}")
    if args.profile:
        profile(originals, args.repetitions)
        print(f"{ms:.2f} ms/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
