"""The WebGL overview (sigma.js) in headless Chromium: how soon it answers, how much a person can read.

    .venv/bin/python benchmarks/view_overview.py --store OUT/store [--screenshot docs/overview-bbc.png]
    .venv/bin/python benchmarks/view_overview.py --synthetic 50000 --relations 100000 [--screenshot ...]

The page is written by kg.views from the store (``kg build`` output) or from a synthetic graph
(a preferential-attachment tree, as news has hubs, plus random relations up to ``--relations``, one
evidence sentence each). Times are measured inside the page from navigation start
(``performance.now()``), each on a fresh page in one browser, median of ``--repeats`` loads:

- ready: the first frame is drawn and the page handles input;
- interactive: ready, then a search for the most central entity answered and a click on it has
  isolated its neighbourhood (what a person does first); this is the figure the targets are about
  (whole BBC corpus < 3 s, synthetic 50,000 entities / 100,000 relations < 5 s).

Also: readable labels on the first screen (drawn, inside the graph area, overlapping no other label,
13 px), whether an entity without relations is drawn (it must not be), the file size, and for the
synthetic page a pan and zoom sequence that must raise no JavaScript error. Machine load changes the
absolute times; the report prints the load average next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from kg.views import ViewEdge, ViewEvidence, render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu"]  # WebGL through SwiftShader, as in the test suite

READABLE = """() => {
  const r = kg.renderer, dims = r.getDimensions(), ctx = document.createElement("canvas").getContext("2d");
  ctx.font = "600 13px system-ui, Arial, sans-serif";
  const boxes = [];
  for (const key of r.getNodeDisplayedLabels()) {
    const d = r.getNodeDisplayData(key), p = r.framedGraphToViewport(d), s = r.scaleSize(d.size);
    const w = ctx.measureText(d.label).width;
    boxes.push([p.x + s + 3, p.y - 10, p.x + s + 3 + w, p.y + 4]);
  }
  const inside = b => b[0] >= 0 && b[2] <= dims.width && b[1] >= 0 && b[3] <= dims.height;
  const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  return boxes.filter((b, i) => inside(b) && !boxes.some((o, j) => j !== i && overlaps(b, o))).length;
}"""

#: Runs in the page as soon as it is ready (queued behind whatever the page still has to do): a search
#: for the most central entity, then a click on one of its neighbours (the handler sigma calls on a
#: click), each done when the frame that shows it is on screen: when the frame after it begins, as
#: Chromium first waits for the WebGL drawing of the one before (in SwiftShader, on the CPU). Measured
#: in the page, so the time the benchmark's own calls take to reach a busy browser is not counted.
FIRST_STEPS = """name => document.addEventListener("kg-ready", () => setTimeout(async () => {
  const onScreen = async () => { await new Promise(requestAnimationFrame); await new Promise(requestAnimationFrame); };
  const hit = window.kgFocus(name, 0);
  await onScreen();
  const searched = performance.now(), shown = kgShown();
  const other = kg.renderer.getGraph().nodes().find(k => k !== kg.renderer.getGraph().nodes()[0] && k !== "n" + kg.data.nodes.findIndex(n => n[0] === hit)) || null;
  if (other) { kg.focusNode(other); await onScreen(); }
  window.kgFirstSteps = [hit, shown[0], shown[1], searched, performance.now(), kgShown()[0]];
}, 0))"""

PAN_ZOOM = """async () => {
  const cam = kg.renderer.getCamera();
  for (const s of [{ratio: 0.3}, {x: 0.2, y: 0.3}, {ratio: 0.05}, {x: 0.8, y: 0.7}, {ratio: 1.5}, {x: 0.5, y: 0.5, ratio: 1}]) {
    await cam.animate(s, {duration: 150});
  }
  return kg.renderer.getCamera().getState();
}"""


def synthetic_graph(n: int, m: int, seed: int = 7):
    """n entities and m relations: a preferential-attachment tree plus random relations."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from view_2000 import PREDICATES, synthetic

    vg = synthetic(n, seed)
    rng = random.Random(seed)
    while len(vg.edges) < m:
        u, v = rng.randrange(n), rng.randrange(n)
        k = len(vg.edges)
        ev = ViewEvidence(f"Sentence {k} says entity {u} and entity {v} are linked <b>here</b>.", f"Article {k % 997}",
                          f"20{k % 20 + 4:02d}-{k % 12 + 1:02d}-01")
        vg.edges.append(ViewEdge(f"e{u}", f"e{v}", PREDICATES[k % len(PREDICATES)], [ev]))
    return vg


def load(browser: Browser, path: Path, central: str | None = None) -> tuple[Page, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    if central is not None:
        page.add_init_script(f"({FIRST_STEPS})({json.dumps(central)})")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function("window.kgReady === true", timeout=180_000, polling=20)
    return page, errors


def measure(browser: Browser, path: Path, central: str) -> dict[str, float]:
    page, errors = load(browser, path, central)
    ready = page.evaluate("window.kgReadyAt")
    page.wait_for_function("window.kgFirstSteps !== undefined", timeout=180_000)
    hit, nodes, edges, searched, clicked, clicked_nodes = page.evaluate("window.kgFirstSteps")
    lone_drawn = page.evaluate("kg.lone.filter(i => kg.graph.hasNode('n' + i)).length")
    page.close()
    if errors or hit is None or nodes < 2 or clicked_nodes < 2:
        raise SystemExit(f"{path.name}: errors {errors}, search hit {hit}, neighbourhoods {nodes}, {clicked_nodes}")
    return {"ready": ready, "searched": searched, "interactive": clicked, "lone_drawn": lone_drawn,
            "nodes": nodes}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="a kg store (e.g. OUT/store of a kg build)")
    ap.add_argument("--synthetic", type=int, metavar="ENTITIES")
    ap.add_argument("--relations", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--screenshot", type=Path)
    ap.add_argument("--html", type=Path, help="keep the page here (default: a temp file)")
    a = ap.parse_args()
    if a.store:
        from kg import analysis

        vg = analysis.from_store(a.store)
    elif a.synthetic:
        vg = synthetic_graph(a.synthetic, a.relations)
    else:
        raise SystemExit("give --store or --synthetic")
    with tempfile.TemporaryDirectory() as tmp:
        path = a.html or Path(tmp) / "graph.html"
        t = time.perf_counter()
        render_html(vg, path)
        degree = vg.degree()
        lone = sum(1 for n in vg.nodes if not degree[n])
        print(f"{len(vg.nodes)} entities ({lone} without relations), {len(vg.edges)} relations: page written in "
              f"{time.perf_counter() - t:.1f} s, {path.stat().st_size / 1e6:.1f} MB")
        from kg.views import pagerank

        rank = pagerank(vg.subgraph(n for n in vg.nodes if degree[n]))
        central = vg.nodes[max(rank, key=lambda n: (rank[n], n))].label
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            runs = [measure(browser, path, central) for _ in range(a.repeats)]
            page, errors = load(browser, path)
            page.wait_for_timeout(1000)
            labels = page.evaluate(READABLE)  # the first screen, once drawn
            state = page.evaluate(PAN_ZOOM)
            if a.screenshot:
                page.evaluate("kgFirstScreen()")
                page.wait_for_timeout(400)
                page.screenshot(path=str(a.screenshot))
                page.evaluate(f"window.kgFocus({central!r}, 0)")
                page.wait_for_timeout(400)
                page.screenshot(path=str(a.screenshot.with_name(a.screenshot.stem + "-focus.png")))
            page.close()
            browser.close()
        if errors:
            raise SystemExit(f"JavaScript errors while panning and zooming: {errors}")
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; median of {a.repeats} loads:")
    print(f"  ready after {med['ready'] / 1000:.2f} s; search for {central!r} answered with its neighbourhood "
          f"({med['nodes']:.0f} entities) drawn at {med['searched'] / 1000:.2f} s; a click on a neighbour drawn "
          f"its neighbourhood at {med['interactive'] / 1000:.2f} s after navigation")
    print(f"  readable labels on the first screen: {labels}; entities without relations drawn: "
          f"{med['lone_drawn']:.0f}; pan and zoom: no errors (camera back at ratio {state['ratio']:.2f})")


if __name__ == "__main__":
    main()
