"""Hostile articles, through the real ``kg build`` and spaCy, opened in headless Chromium.

Names spaCy tags with markup in them ("Emmanuel Macron</b>"), sentences full of script, event-handler
and SVG payloads, an HTML page whose title is a payload: graph.html must show all of it as text. No
script runs (a window flag stays unset, no dialog opens), no element is injected into the network,
its tooltips or the search panel, and the page raises no JavaScript error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from kg.model import Article, Entity, Evidence, Extraction, Relation
from kg.views import render_html

KG = Path(sys.executable).parent / "kg"
PWN = "window.__pwned=1"

HOSTILE_TEXT = f"""Summit <img src=x onerror="{PWN}"> in Paris

President Emmanuel Macron</b> met Angela Merkel in Berlin on Tuesday.

Chancellor Olaf Scholz</title> met Pedro Sanchez in Madrid on Friday.

Prime Minister Rishi Sunak</style> met Giorgia Meloni in Rome on Sunday.

Officials said Margaret <img src=x onerror="{PWN}"> Thatcher met Boris Johnson in London.

Xavier<svg/onload={PWN}>Dupont, the head of Acme<script>{PWN}</script>Corp, met Angela Merkel in Berlin.

Jean-Luc D\\Amato, chief executive of AT&T, met Mohammed \U0001F600 Salah and Sean O'Brien in Paris.

Boris Johnson said "</script><script>{PWN};alert(1)</script>" after he met Giorgia Meloni in Rome.

Pedro Sanchez met Olaf Scholz in Madrid, "><iframe src=javascript:alert(1)></iframe> officials said.

The company Acme"Corp hired Sean O'Neill in Dublin on Friday.

Chancellor Alexander Schallenberg'><b>x</b> met Pedro Sanchez in Madrid on Friday.
"""

HOSTILE_PAGE = f"""<!doctype html><html><head>
<title>Leaders meet &lt;img src=x onerror=&quot;{PWN}&quot;&gt; in Vienna</title></head><body><article>
<h1>Leaders meet &lt;img src=x onerror=&quot;{PWN}&quot;&gt; in Vienna</h1>
<p>Chancellor Karl Nehammer met Viktor Orban in Vienna on Monday, &lt;script&gt;{PWN}&lt;/script&gt; the
government said in a statement after the talks, which lasted most of the afternoon.</p>
<p>Viktor Orban said &lt;a href="javascript:alert(1)"&gt;the talks&lt;/a&gt; had gone well, officials said.</p>
</article></body></html>"""

EMBEDDED = "img, svg, iframe, object, embed, video, audio, a[href^='javascript'], base, meta[http-equiv]"
DANGEROUS = f"script, style, {EMBEDDED}"
ON_ATTRS = "[...el.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("hostile")
    (corpus / "summit.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (corpus / "vienna.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run([str(KG), "build", str(corpus), "--out", str(out)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out / "graph.html"


def benign_html(folder: Path) -> Path:
    """The same page template over plain data: the element counts a clean page has."""
    a = Article(id="a1", path="a1.txt", text="Anna Berg met Carl Holm.", title="Plain")
    ents = {"anna-berg": Entity("anna-berg", "Anna Berg", "Person"), "carl-holm": Entity("carl-holm", "Carl Holm", "Person")}
    rel = Relation("anna-berg", "metWith", "carl-holm", [Evidence("a1", "Anna Berg met Carl Holm.", 0, 24, "svo", 0.9)])
    return render_html(Extraction(articles=[a], entities=ents, relations=[rel]), folder / "benign.html")


def open_page(browser: Browser, html: Path) -> tuple[Page, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(html.as_uri())
    page.wait_for_function("window.kgStabilized === true", timeout=60_000)
    return page, errors, dialogs


def element_counts(page: Page) -> dict[str, int]:
    """Active or embedded content in the whole document."""
    return page.evaluate(f"""(() => {{
        const el = document;
        return {{scripts: document.scripts.length, styles: document.querySelectorAll("style").length,
                 embedded: document.querySelectorAll("{EMBEDDED}").length, onAttrs: {ON_ATTRS}}};
    }})()""")


def test_hostile_articles_render_as_text(browser: Browser, hostile_html: Path, tmp_path: Path) -> None:
    benign_page, _, _ = open_page(browser, benign_html(tmp_path))
    clean = element_counts(benign_page)
    benign_page.close()

    page, errors, dialogs = open_page(browser, hostile_html)
    assert errors == [] and dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert element_counts(page) == clean  # no script, image, frame or event handler added anywhere

    # what the page shows of each entity: its label and its tooltip's text (every name it goes by)
    shown = page.evaluate("network.body.data.nodes.get().map(n => n.label + '\\n' + n.title.textContent)")
    for name in ("AT&T", "Sean O'Brien", "Mohammed \U0001F600 Salah", 'Acme"Corp', "Alexander Schallenberg'><b>"):
        assert any(name in text for text in shown), shown  # the hostile names made it through, verbatim

    # every tooltip is an element whose text holds the payloads and whose tree holds no active content
    tips = page.evaluate(f"""(() => {{
        const all = [...network.body.data.nodes.get(), ...network.body.data.edges.get()];
        return all.map(x => {{ const el = x.title; return {{
            kind: el instanceof HTMLElement ? "element" : typeof el, text: el.textContent,
            dangerous: el.querySelectorAll("{DANGEROUS}").length, onAttrs: {ON_ATTRS} }}; }});
    }})()""")
    assert tips and all(t["kind"] == "element" for t in tips)
    assert all(t["dangerous"] == 0 and t["onAttrs"] == 0 for t in tips), tips
    text = " ".join(t["text"] for t in tips)
    for payload in ("Emmanuel Macron</b>", f"<svg/onload={PWN}>", f"<script>{PWN}</script>"):
        assert payload in text, payload
    assert f'<img src=x onerror="{PWN}">' in text  # the HTML page's title, decoded by trafilatura

    # the search panel lists the hostile names as option values, not markup
    options = page.evaluate("[...document.querySelectorAll('#kg-names option')].map(o => o.value)")
    labels = page.evaluate("network.body.data.nodes.get().map(n => n.label)")
    assert "Alexander Schallenberg'><b>" in labels and set(labels) <= set(options), set(labels) - set(options)  # quotes did not end an attribute
    assert page.evaluate("[...document.querySelectorAll('#kg-names option')].every(o => o.attributes.length == 1)")
    assert page.evaluate("document.getElementById('kg-names').querySelectorAll(':not(option)').length") == 0

    # hover every node: vis shows each tooltip in its popup; still nothing runs or appears
    positions = page.evaluate("""(() => { const pos = network.getPositions();
        return Object.keys(pos).map(id => { const p = network.canvasToDOM(pos[id]); return [id, p.x, p.y]; }); })()""")
    box = page.locator("#mynetwork").bounding_box()
    assert box is not None
    shown = 0
    for _, x, y in positions:
        if 0 < x < box["width"] and 0 < y < box["height"]:
            page.mouse.move(box["x"] + x, box["y"] + y)
            page.wait_for_timeout(200)
            if page.locator("div.vis-tooltip").is_visible():
                shown += 1
                assert page.evaluate(f"document.querySelector('div.vis-tooltip').querySelectorAll(\"{DANGEROUS}\").length") == 0
    assert shown > 0
    page.fill("#kg-search", "Emmanuel Macron</b>")
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes().length") == 1
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert errors == [] and dialogs == []
    page.close()
