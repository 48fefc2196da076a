"""graph.html in a real headless Chromium: it draws every entity, runs offline and stays un-pwned.

Chromium comes from Debian's package (playwright's own browser download is not available here); if it
is missing the fixture installs it and fails loudly when it cannot. This test never skips.
"""

from __future__ import annotations

from pathlib import Path

from conftest import SCREENSHOT, make_extraction
from playwright.sync_api import Browser

from kg.views import render_html

def test_graph_html_in_chromium(browser: Browser, tmp_path: Path) -> None:
    ex = make_extraction()
    html = render_html(ex, tmp_path / "graph.html")
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("request", lambda req: requests.append(req.url))
    page.goto(html.as_uri())
    page.wait_for_function("window.kgStabilized === true", timeout=30_000)

    assert errors == []
    assert requests == [html.as_uri()]  # nothing fetched from anywhere else
    assert page.evaluate("network.body.data.nodes.length") == len(ex.entities)
    assert page.evaluate("network.body.data.edges.length") == len(ex.relations)
    assert page.evaluate("network.physics.options.enabled") is False  # physics stopped after stabilising
    assert page.evaluate("typeof window.__pwned") == "undefined"

    # the hostile sentence reaches the tooltip as text, not markup
    tip = page.evaluate("network.body.data.edges.get('e0').title.textContent")
    assert '<img src=x onerror="window.__pwned=1">' in tip and "<script>window.__pwned=1</script>" in tip
    assert page.evaluate("network.body.data.edges.get('e0').title.querySelectorAll('img, script').length") == 0

    # hovering the edge shows the tooltip; the search box selects and focuses an entity
    box = page.locator("#mynetwork").bounding_box()
    assert box is not None
    mid = page.evaluate("""(() => {  // the middle of the (curved) edge, in page pixels
        const p = network.canvasToDOM(network.body.edges['e0'].edgeType.getPoint(0.5));
        return [p.x, p.y]; })()""")
    page.mouse.move(box["x"] + mid[0], box["y"] + mid[1])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert "Putin met Xi in Beijing" in page.inner_text("div.vis-tooltip")
    page.fill("#kg-search", "russian federation")
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["russia"]
    page.fill("#kg-search", "atlantis")
    page.press("#kg-search", "Enter")
    assert page.inner_text("#kg-search-status") == "not found"
    assert page.evaluate("typeof window.__pwned") == "undefined"

    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    page.close()
