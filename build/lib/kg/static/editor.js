// The query editor: POSTs the query to /query and shows the answer. Every value from the graph is put
// in the page with textContent, never as HTML.
"use strict";
(function () {
  const form = document.getElementById("editor");
  const query = document.getElementById("query");
  const accept = document.getElementById("accept");
  const status = document.getElementById("status");
  const results = document.getElementById("results");

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    td.appendChild(document.createTextNode(term.value));
    const extra = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? " ^^" + term.datatype.replace(/^.*[#/]/, "") : "";
    if (extra) {
      const span = document.createElement("span");
      span.className = term["xml:lang"] ? "lang" : "dt";
      span.textContent = extra;
      td.appendChild(span);
    }
    return td;
  }

  function table(doc) {
    if (typeof doc.boolean === "boolean") {
      const p = document.createElement("p");
      p.textContent = "ASK: " + doc.boolean;
      results.appendChild(p);
      return "boolean";
    }
    const vars = doc.head.vars || [];
    const tbl = document.createElement("table");
    const head = tbl.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = "?" + v;
      head.appendChild(th);
    }
    const body = tbl.createTBody();
    for (const b of doc.results.bindings) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cell(b[v]));
    }
    results.appendChild(tbl);
    const n = doc.results.bindings.length;
    return n + (n === 1 ? " row" : " rows");
  }

  function pre(text) {
    const p = document.createElement("pre");
    p.textContent = text;
    results.appendChild(p);
  }

  async function run(ev) {
    if (ev) ev.preventDefault();
    say("running…", false);
    results.replaceChildren();
    const started = performance.now();
    let response;
    try {
      response = await fetch("/query", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", "Accept": accept.value },
        body: query.value,
      });
    } catch (err) {
      say("request failed: " + err, true);
      return;
    }
    const text = await response.text();
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      say("error " + response.status, true);
      pre(text);
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    let summary = "";
    if (type.startsWith("application/sparql-results+json")) {
      summary = table(JSON.parse(text));
    } else {
      pre(text);
    }
    say((summary ? summary + ", " : "") + ms + " ms", false);
  }

  form.addEventListener("submit", run);
  query.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) run(ev);
  });
})();
