"""Oxigraph against rdflib's in-memory Dataset on a ~1M-triple graph shaped like kg's output, in one run.

    .venv/bin/python benchmarks/store_1m.py [--scale 1.0] [--repeats 5]

Generates N-Quads with kg's IRIs and predicates: entities (type, label, alt labels) and direct relation
triples in the default graph, each article's metadata and reified evidence statements in the article's
named graph. Then: load time into an on-disk Oxigraph store (``bulk_load``, as ``kg build`` does) and
into ``rdflib.Dataset(default_union=True)``; five typical queries on both (union default graph on both
sides), medians over repeats, each printed as a ratio. Targets (issue 5): Oxigraph loads 1M triples in
under 15 s and answers each query at least 20x faster than rdflib. Both engines must return the same
number of rows, or the run fails.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.ontology import KG, KGA, KGR, PREFIXES, load_properties

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ["Person", "Person", "Person", "Organization", "Organization", "City", "Country"]
SYLLABLES = ["al", "be", "ber", "ca", "do", "el", "fa", "gor", "ha", "in", "jo", "ka", "lin", "mo", "na", "or",
             "pa", "ri", "sa", "ta", "ul", "va", "wen", "xi", "yo", "zu"]


def name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title() for _ in range(2))


def generate(path: Path, scale: float, seed: int = 7) -> tuple[int, dict[str, str]]:
    """Write the graph as N-Quads; returns the quad count and the entity ids the queries start from."""
    rng = random.Random(seed)
    n_entities, n_articles, n_relations = int(50_000 * scale), int(5_000 * scale), int(60_000 * scale)
    predicates = list(load_properties())
    types = [rng.choice(TYPES) for _ in range(n_entities)]
    by_type: dict[str, list[int]] = {}
    for i, t in enumerate(types):
        by_type.setdefault(t, []).append(i)
    count = 0

    def e(i: int) -> str:
        return f"<{KGR}e{i}>"

    with path.open("w", encoding="utf-8") as out:
        def quad(s: str, p: str, o: str, g: str = "") -> None:
            nonlocal count
            out.write(f"{s} <{p}> {o} {g}.\n" if g else f"{s} <{p}> {o} .\n")
            count += 1

        for i, t in enumerate(types):
            label = name(rng)
            quad(e(i), RDF + "type", f"<{KG}{t}>")
            quad(e(i), RDFS + "label", f'"{label}"')
            quad(e(i), SKOS + "altLabel", f'"{label.split()[-1]}"')
        for p in predicates:
            quad(f"<{KG}{p}>", RDF + "type", "<http://www.w3.org/2002/07/owl#ObjectProperty>")
            quad(f"<{KG}{p}>", RDFS + "label", f'"{p}"@en')
        for a in range(n_articles):
            g = f"<{KGA}art{a}> "
            quad(f"<{KGA}art{a}>", RDF + "type", f"<{KG}Article>", g)
            quad(f"<{KGA}art{a}>", DCT + "title", f'"Story {a} {name(rng)}"', g)
            quad(f"<{KGA}art{a}>", DCT + "date", f'"2024-{1 + a % 12:02d}-{1 + a % 28:02d}"^^<{XSD}date>', g)
            quad(f"<{KGA}art{a}>", KG + "sourceFile", f'"articles/{a}.txt"', g)
        for r in range(n_relations):
            # places nest (city in country), people work for organisations based in cities: paths exist
            kind = r % 4
            if kind == 0:
                s, p, o = rng.choice(by_type["City"]), "locatedIn", rng.choice(by_type["Country"])
            elif kind == 1:
                s, p, o = rng.choice(by_type["Person"]), "worksFor", rng.choice(by_type["Organization"])
            elif kind == 2:
                s, p, o = rng.choice(by_type["Organization"]), "basedIn", rng.choice(by_type["City"])
            else:
                s, o = int(rng.paretovariate(1.2)) % n_entities, rng.randrange(n_entities)  # some hubs
                p = rng.choice(predicates)
            quad(e(s), KG + p, e(o))
            for _ in range(1 if rng.random() < 0.85 else 2):
                a = rng.randrange(n_articles)
                g = f"<{KGA}art{a}> "
                st = f"<{KGR}stmt/{r}-{a}>"
                start = rng.randrange(5000)
                quad(st, RDF + "type", f"<{RDF}Statement>", g)
                quad(st, RDF + "type", f"<{KG}Evidence>", g)
                quad(st, RDF + "subject", e(s), g)
                quad(st, RDF + "predicate", f"<{KG}{p}>", g)
                quad(st, RDF + "object", e(o), g)
                quad(st, PROV + "wasDerivedFrom", f"<{KGA}art{a}>", g)
                quad(st, KG + "sentence", f'"Sentence {r} about e{s} and e{o}."', g)
                quad(st, KG + "startOffset", f'"{start}"^^<{XSD}integer>', g)
                quad(st, KG + "endOffset", f'"{start + 80}"^^<{XSD}integer>', g)
                quad(st, KG + "rule", '"svo:verb"', g)
                quad(st, KG + "confidence", f'"0.{rng.randint(5, 9)}"^^<{XSD}decimal>', g)
    hub = 20  # pareto subjects: e1 has ~10k facts, e20 a couple of dozen like a typical news entity
    person = by_type["Person"][10]
    return count, {"hub": f"e{hub}", "person": f"e{person}"}


def queries(ids: dict[str, str]) -> dict[str, str]:
    return {
        # statements first: Oxigraph 0.5 plans "direct triple, then its statements" badly (~0.5 s here)
        "entity facts + evidence": f"""
            SELECT ?p ?o ?sentence ?article WHERE {{
              ?st rdf:subject kgr:{ids['hub']} ; rdf:predicate ?p ; rdf:object ?o ;
                  kg:sentence ?sentence ; prov:wasDerivedFrom ?article . ?o rdfs:label ?label . }}""",
        "2-hop neighbourhood": f"""
            SELECT DISTINCT ?n2 WHERE {{
              kgr:{ids['person']} ?p1 ?n1 . ?n1 rdfs:label ?l1 . ?n1 ?p2 ?n2 . ?n2 rdfs:label ?l2 . }}""",
        "counts per predicate": """
            SELECT ?p (COUNT(?st) AS ?n) WHERE { ?st rdf:predicate ?p } GROUP BY ?p ORDER BY DESC(?n) ?p""",
        "property path": f"""
            SELECT DISTINCT ?place WHERE {{ kgr:{ids['person']} kg:worksFor/kg:basedIn/kg:locatedIn* ?place }}""",
        "FILTER on labels": """
            SELECT ?e ?label WHERE { ?e rdfs:label ?label FILTER(STRSTARTS(LCASE(?label), "berxi")) }""",
    }


def timed(fn, repeats: int) -> tuple[float, int]:  # noqa: ANN001
    times, rows = [], -1
    for _ in range(repeats):
        t = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="1.0 is about 1M triples")
    ap.add_argument("--repeats", type=int, default=5, help="query repeats (rdflib: at most 3)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        data = Path(tmp) / "graph.nq"
        t = time.perf_counter()
        n, ids = generate(data, a.scale)
        print(f"generated {n:,} quads ({data.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")

        t, cpu = time.perf_counter(), time.process_time()
        store = ox.Store(str(Path(tmp) / "store"))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        store.flush()
        ox_load, ox_cpu = time.perf_counter() - t, time.process_time() - cpu
        t, cpu = time.perf_counter(), time.process_time()
        ds = Dataset(default_union=True)
        ds.parse(str(data), format="nquads")
        rdf_load, rdf_cpu = time.perf_counter() - t, time.process_time() - cpu
        # CPU seconds too: on a shared machine the wall time says more about the neighbours than the store
        print(f"load        oxigraph {ox_load:7.2f} s ({ox_cpu:.1f} s CPU)   rdflib {rdf_load:7.2f} s "
              f"({rdf_cpu:.1f} s CPU)   oxigraph {rdf_load / ox_load:6.1f}x faster  (target: oxigraph < 15 s)")

        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        worst = float("inf")
        for label, text in queries(ids).items():
            def run_ox(text: str = text) -> int:
                return sum(1 for _ in store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True))

            def run_rdflib(text: str = text) -> int:
                return len(list(ds.query(prologue + text)))

            ox_t, ox_rows = timed(run_ox, a.repeats)
            rl_t, rl_rows = timed(run_rdflib, min(3, a.repeats))
            if ox_rows != rl_rows:
                sys.exit(f"{label}: oxigraph returned {ox_rows} rows, rdflib {rl_rows}")
            ratio = rl_t / ox_t
            worst = min(worst, ratio)
            print(f"{label:24s} oxigraph {ox_t * 1000:9.2f} ms   rdflib {rl_t * 1000:10.1f} ms   "
                  f"{ratio:8.1f}x   ({ox_rows} rows)")
        print(f"slowest ratio {worst:.1f}x (target >= 20x); oxigraph load {ox_load:.1f} s (target < 15 s)")


if __name__ == "__main__":
    main()
