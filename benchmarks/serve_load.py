"""Load test of ``kg serve``: concurrent clients sending a mix of typical queries on loopback, first
alone, then while an attacker sends hostile queries.

    .venv/bin/python benchmarks/serve_load.py [--out DIR] [--clients 8] [--seconds 30] [--no-attacker]

Builds the sample articles into a temporary folder (or uses the build in ``--out``), starts ``kg serve``
on a free loopback port, and runs CLIENTS threads, each sending queries from the mix (SELECT as JSON and
CSV, ASK, CONSTRUCT as Turtle, DESCRIBE as N-Triples, aggregates, label filters) one after the other
for SECONDS. That is the baseline; then the same clients run for SECONDS again while one more client,
the attacker, sends a memory bomb (nested CONCAT doublings: about 1 kB of query asking for 2^40 bytes)
and a SERVICE query nested five deep back to the endpoint itself, in turn (issue 17). Prints, for each
phase, the clients' request count, error count (anything but 200, or a failed connection) and p50/p99
latency, and the attacker's answers by status. Exits 1 if any of the clients' requests failed. Every
loop is bounded by the time limit and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"

MIX: list[tuple[str, str]] = [
    ("application/sparql-results+json", """
        SELECT ?who ?whom WHERE { ?a kg:metWith ?b . ?a rdfs:label ?who . ?b rdfs:label ?whom }"""),
    ("text/csv", """
        SELECT ?s ?p ?o ?sentence ?article WHERE {
          ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ;
              prov:wasDerivedFrom ?article } LIMIT 50"""),
    ("application/sparql-results+json", """
        SELECT ?p (COUNT(*) AS ?n) WHERE { ?st rdf:predicate ?p } GROUP BY ?p ORDER BY DESC(?n)"""),
    ("application/sparql-results+json", """
        SELECT ?e ?label WHERE { ?e rdfs:label ?label FILTER(CONTAINS(LCASE(?label), "an")) }"""),
    ("application/sparql-results+json", "ASK { ?p a kg:Person }"),
    ("text/turtle", """
        CONSTRUCT { ?a ?p ?b } WHERE { ?a a kg:Person ; ?p ?b . ?b rdfs:label ?l }"""),
    ("application/n-triples", "DESCRIBE ?a WHERE { ?a a kg:Country } LIMIT 3"),
    ("text/tab-separated-values", """
        SELECT ?org (COUNT(DISTINCT ?person) AS ?n) WHERE {
          ?person a kg:Person ; (kg:worksFor|kg:heads|kg:memberOf) ?org } GROUP BY ?org"""),
    ("application/sparql-results+json", """
        SELECT ?a ?b WHERE { ?a (kg:locatedIn|kg:basedIn)+ ?b }"""),
]


def build(out: Path) -> None:
    print(f"building {EXAMPLES} into {out} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "kg", "build", str(EXAMPLES), "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)


def start(out: Path, workers: int) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(out), "--port", "0",
                             "--workers", str(workers)], stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    if "listening on http://" not in line:
        proc.kill()
        sys.exit(f"kg serve did not start: {line}{proc.stderr.read()}")
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    return proc, line.split("listening on ", 1)[1].split()[0]


def memory_bomb(doublings: int = 34) -> str:
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(doublings))
    return f'SELECT (STRLEN(?a{doublings}) AS ?n) WHERE {{ BIND("{"x" * 64}" AS ?a0) {binds} }}'


def nested_service(url: str, depth: int = 5) -> str:
    """A query that asks the endpoint to ask itself, *depth* deep."""
    text = "SELECT * WHERE { ?s ?p ?o }"
    for _ in range(depth):
        inner = urllib.parse.quote(text, safe="")
        text = f"SELECT * WHERE {{ SERVICE <{url}query?query={inner}> {{ ?s ?p ?o }} }}"
    return text


def attacker(url: str, until: float, statuses: dict[str, int]) -> None:
    for query in itertools.cycle([memory_bomb(), nested_service(url)]):
        if time.monotonic() >= until:
            return
        data = urllib.parse.urlencode({"query": query}).encode()
        try:
            with urllib.request.urlopen(urllib.request.Request(url + "query", data=data), timeout=120) as resp:
                resp.read()
                key = str(resp.status)
        except urllib.error.HTTPError as err:
            key = str(err.code)
        except (urllib.error.URLError, OSError) as err:
            key = type(err).__name__
        statuses[key] = statuses.get(key, 0) + 1


def client(url: str, offset: int, until: float, latencies: list[float], errors: list[str]) -> None:
    for accept, query in itertools.islice(itertools.cycle(MIX), offset, None):
        if time.monotonic() >= until:
            return
        data = urllib.parse.urlencode({"query": query}).encode()
        req = urllib.request.Request(url + "query", data=data, headers={"Accept": accept})
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                resp.read()
                if resp.status != 200:
                    errors.append(f"HTTP {resp.status}")
        except (urllib.error.URLError, OSError) as err:
            errors.append(str(err))
        latencies.append(time.perf_counter() - t)


def run_phase(url: str, clients: int, seconds: float, attack: bool) -> tuple[list[float], list[str], dict, float]:
    """CLIENTS threads (and the attacker when *attack*) for SECONDS; latencies and errors of the clients."""
    latencies: list[float] = []
    errors: list[str] = []
    statuses: dict[str, int] = {}
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(url, i, until, latencies, errors)) for i in range(clients)]
    if attack:
        threads.append(threading.Thread(target=attacker, args=(url, until, statuses)))
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, statuses, time.perf_counter() - started


def report(name: str, clients: int, latencies: list[float], errors: list[str], elapsed: float) -> float:
    q = statistics.quantiles(latencies, n=100)
    print(f"{name}: {clients} clients, {elapsed:.1f} s, {len(MIX)} query shapes: {len(latencies)} requests "
          f"({len(latencies) / elapsed:.0f}/s), {len(errors)} errors, "
          f"p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")
    if errors:
        print("  first errors:", *sorted(set(errors))[:5], sep="\n    ")
    return q[98]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, help="an existing build directory (default: build the examples)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=4, help="kg serve --workers")
    ap.add_argument("--no-attacker", action="store_true", help="only the baseline phase")
    a = ap.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        out = a.out or Path(tmp) / "out"
        if a.out is None:
            build(out)
        proc, url = start(out, a.workers)
        try:
            latencies, errors, _, elapsed = run_phase(url, a.clients, a.seconds, attack=False)
            base = report("baseline", a.clients, latencies, errors, elapsed)
            failed = bool(errors)
            if not a.no_attacker:
                latencies, errors, statuses, elapsed = run_phase(url, a.clients, a.seconds, attack=True)
                p99 = report("under attack", a.clients, latencies, errors, elapsed)
                answers = ", ".join(f"{n}× {k}" for k, n in sorted(statuses.items()))
                print(f"  attacker (memory bomb, SERVICE nested 5 deep): {answers}; p99 {p99 / base:.2f}× baseline")
                failed = failed or bool(errors)
        finally:
            proc.terminate()
            proc.wait(30)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
