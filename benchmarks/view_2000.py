"""How fast a 2,000-entity pyvis graph.html becomes interactive in headless Chromium, against a 50-entity page.

The pyvis page is what graphs up to kg.views.WEBGL_THRESHOLD entities and ego views get; this
benchmark renders it past that size on purpose, to show where vis-network slows (one redraw).

    .venv/bin/python benchmarks/view_2000.py [--nodes 2000] [--baseline 50] [--repeats 3]

Both pages are synthetic news-like graphs (a few hub entities, many small ones, ~1.5 relations per
entity, one evidence sentence per relation) rendered by kg.views. "Interactive" is the moment the page
sets ``window.kgReady``: the layout has stabilised and physics stopped (small page), or, for a page past
kg.views.LAYOUT_THRESHOLD, positions came precomputed with physics off and the first frame is drawn.
Times are measured inside the page from navigation start (``performance.now()``), medians of
``--repeats`` loads. Target (issue 6): the 2,000-entity page under 5 s. The ratio to the baseline is
what compares across machines.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import Browser, sync_playwright

from kg.views import LAYOUT_THRESHOLD, ViewEdge, ViewEvidence, ViewGraph, ViewNode, render_html

CHROMIUM = "/usr/bin/chromium"
TYPES = ["Person", "Organization", "Country", "City", "Region", "Location", "Person", "Organization"]
PREDICATES = ["met with", "heads", "located in", "criticised", "works for", "visited", "sanctioned",
              "based in", "signed agreement with", "accused"]


def synthetic(n: int, seed: int = 7) -> ViewGraph:
    """A preferential-attachment tree (hubs, like countries in the news) plus n/2 random extra relations."""
    g = nx.barabasi_albert_graph(n, 1, seed=seed)
    extra = nx.gnm_random_graph(n, n // 2, seed=seed)
    vg = ViewGraph()
    for i in g:
        t = TYPES[i % len(TYPES)]
        vg.nodes[f"e{i}"] = ViewNode(f"e{i}", f"{t} {i}", t, [f"alias {i}"], types=[t])
    for k, (u, v) in enumerate([*g.edges(), *extra.edges()]):
        ev = ViewEvidence(f"Sentence {k} says entity {u} and entity {v} are linked <b>here</b>.", f"Article {k % 97}",
                          "2024-05-16")
        vg.edges.append(ViewEdge(f"e{u}", f"e{v}", PREDICATES[k % len(PREDICATES)], [ev]))
    return vg


def time_to_ready(browser: Browser, page_path: Path) -> tuple[float, float]:
    """(ms from navigation start to window.kgReady, ms to draw one more frame) for one fresh load."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(page_path.as_uri())
    page.wait_for_function("window.kgReady === true", timeout=120_000, polling=50)
    ready = page.evaluate("window.kgReadyAt")
    frame = page.evaluate("""() => new Promise(resolve => {
        const t = performance.now();
        network.once("afterDrawing", () => resolve(performance.now() - t));
        network.moveTo({scale: network.getScale() * 1.2});
    })""")
    page.close()
    if errors:
        raise SystemExit(f"{page_path.name}: JavaScript errors: {errors}")
    return ready, frame


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--baseline", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        pages = {}
        for n in (a.baseline, a.nodes):
            vg = synthetic(n)
            t = time.perf_counter()
            pages[n] = render_html(vg, Path(tmp) / f"graph-{n}.html", renderer="pyvis")
            mode = "precomputed layout, physics off" if n > LAYOUT_THRESHOLD else "physics, stabilise then stop"
            print(f"{n:>5} entities, {len(vg.edges):>5} relations: page written in {time.perf_counter() - t:.2f} s "
                  f"({pages[n].stat().st_size / 1e6:.1f} MB, {mode})")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        time_to_ready(browser, pages[a.baseline])  # warm the browser outside the timings
        results = {}
        for n, path in pages.items():
            runs = [time_to_ready(browser, path) for _ in range(a.repeats)]
            results[n] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
            print(f"{n:>5} entities: interactive after {results[n][0] / 1000:.2f} s, "
                  f"one redraw {results[n][1]:.0f} ms (median of {a.repeats})")
        browser.close()
    big, base = results[a.nodes][0], results[a.baseline][0]
    print(f"ratio {a.nodes}/{a.baseline}: {big / base:.2f}; {a.nodes} entities interactive in {big / 1000:.2f} s "
          f"(target < 5 s: {'met' if big < 5000 else 'NOT met'})")


if __name__ == "__main__":
    main()
