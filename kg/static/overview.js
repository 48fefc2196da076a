/* kg overview page: sigma.js (WebGL) over a graphology graph, data from the #kg-data JSON block.
 * Every string from an article reaches the DOM through textContent or the canvas, never as HTML. */
(function () {
  "use strict";
  var times = window.kgTimes = {start: performance.now()};
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  times.parsed = performance.now();
  // node row: [id, label, type, altLabels, types, sameAs, degree, x, y, pagerank, community, top]
  var NODES = DATA.nodes, EDGES = DATA.edges, PREDICATES = DATA.predicates, ARTICLES = DATA.articles;
  var COMMUNITIES = DATA.communities, TYPES = DATA.types, CO = DATA.comentions;
  var MAX_TIP_EVIDENCE = 5, MAX_LISTED = 100;
  // Sizes past which the whole-graph picture is drawn more cheaply (kg/views/overview.py explains them):
  // relations as 1 px lines (THIN_LIMIT), not drawn while the camera moves (MOVE_LIMIT), only the most
  // central relations (OVERVIEW_EDGES; a click or a search shows all of an entity's), entities as points
  // (POINT_LIMIT).
  var LIMITS = DATA.limits, THIN_LIMIT = LIMITS.thin, MOVE_LIMIT = LIMITS.hide_on_move;
  var OVERVIEW_EDGES = LIMITS.overview_edges, POINT_LIMIT = LIMITS.points;
  var $ = function (id) { return document.getElementById(id); };

  // --- the graph -------------------------------------------------------------------------------------
  var graph = new graphology.MultiDirectedGraph();
  var lone = [];  // entities without relations: counted, searchable, drawn only when asked for
  NODES.forEach(function (n, i) { if (n.length <= 7) { lone.push(i); } });
  var nodeType = NODES.length - lone.length > POINT_LIMIT ? "point" : "circle";
  NODES.forEach(function (n, i) {
    if (n.length <= 7) { return; }
    graph.addNode("n" + i, {i: i, x: n[7], y: n[8], label: n[1], size: 2.5 + 1.8 * Math.sqrt(n[6]),
                            zIndex: n[11] ? 2 : 1, top: n[11] === 1, type: nodeType});
  });
  var bigEdges = EDGES.length > THIN_LIMIT;
  // every relation of an entity, both directions (edge numbers), without asking graphology
  var adjStart = new Int32Array(NODES.length + 1), adj = new Int32Array(2 * EDGES.length);
  EDGES.forEach(function (e) { adjStart[e[0] + 1] += 1; adjStart[e[1] + 1] += 1; });
  for (var a0 = 0; a0 < NODES.length; a0++) { adjStart[a0 + 1] += adjStart[a0]; }
  (function () {
    var fill = adjStart.slice(0, NODES.length);
    EDGES.forEach(function (e, j) { adj[fill[e[0]]++] = j; if (e[1] !== e[0]) { adj[fill[e[1]]++] = j; } });
  })();
  function forEachRelation(i, fn) { for (var k = adjStart[i]; k < adjStart[i + 1]; k++) { fn(adj[k]); } }
  function edgeAttributes(j, type) {
    var e = EDGES[j];
    return {j: j, s: "n" + e[0], t: "n" + e[1], label: PREDICATES[e[2]], type: type, size: 1, color: "#b9c1ca"};
  }
  var inGraph = new Uint8Array(EDGES.length);  // the relations the whole-graph picture holds now
  function addRelation(j) {
    inGraph[j] = 1;
    graph.addDirectedEdgeWithKey("e" + j, "n" + EDGES[j][0], "n" + EDGES[j][1], edgeAttributes(j, bigEdges ? "thin" : "arrow"));
  }
  var someEdges = EDGES.length > OVERVIEW_EDGES;
  if (!someEdges) { for (var j0 = 0; j0 < EDGES.length; j0++) { addRelation(j0); } }
  // co-mentions are in the graph only while their layer is on: hidden, sigma would still reduce, index
  // and draw each of them (as nothing) on every frame
  var coInGraph = false;
  function syncComentions() {
    if (state.co === coInGraph) { return; }
    coInGraph = state.co;
    CO.forEach(function (c, j) {
      if (!coInGraph) { graph.dropEdge("c" + j); return; }
      graph.addDirectedEdgeWithKey("c" + j, "n" + c[0], "n" + c[1],
        {co: true, s: "n" + c[0], t: "n" + c[1], a: c[0], b: c[1], count: c[2], label: "co-mentioned " + c[2] + "×", type: "line", size: 0.5, color: "#dfe3e8"});
    });
  }

  times.graph = performance.now();
  // --- evidence: one JSON line per relation in #kg-evidence, each read when it is first shown ---------
  var evidenceText = null, evidenceStarts = null;
  function evidenceOf(j) {  // [[sentence, article number, date], ...]
    if (evidenceText === null) {
      evidenceText = $("kg-evidence").textContent;
      evidenceStarts = new Int32Array(EDGES.length + 1);
      for (var k = 0, at = 0; k < EDGES.length; k++) { evidenceStarts[k] = at; at = evidenceText.indexOf("\n", at) + 1; }
      evidenceStarts[EDGES.length] = evidenceText.length + 1;
    }
    return JSON.parse(evidenceText.slice(evidenceStarts[j], evidenceStarts[j + 1] - 1));
  }
  window.kgEvidence = evidenceOf;

  // --- time: each evidence date as a range of months -------------------------------------------------
  function months(date) {
    var m = /^(-?\d{4})(?:-(\d{2}))?/.exec(date || "");
    if (!m) { return null; }
    var lo = Number(m[1]) * 12 + (m[2] ? Number(m[2]) - 1 : 0);
    return [lo, m[2] ? lo : lo + 11];
  }
  // the months of each relation's evidence, read the first time the slider narrows the period
  var edgeMonths = null;
  var minMonth = DATA.period.length ? DATA.period[0] : Infinity, maxMonth = DATA.period.length ? DATA.period[1] : -Infinity;
  function monthText(m) { var y = Math.floor(m / 12), mm = m - y * 12 + 1; return y + "-" + (mm < 10 ? "0" : "") + mm; }

  // --- filter state ----------------------------------------------------------------------------------
  var state = {types: {}, preds: {}, from: minMonth, to: maxMonth, co: false, colour: "community",
               focus: null, focusSet: null, tempNode: null};
  var nodeShown = new Uint8Array(NODES.length), edgeShown = new Uint8Array(EDGES.length);
  var hoveredNode = null, hoveredEdge = null;  // under the pointer (an entity hides the relations beneath)

  function timeFull() { return !(minMonth <= maxMonth) || (state.from <= minMonth && state.to >= maxMonth); }
  function inTime(j) {
    if (timeFull()) { return true; }
    if (edgeMonths === null) {
      edgeMonths = EDGES.map(function (e, j) { return evidenceOf(j).map(function (ev) { return months(ev[2]); }).filter(Boolean); });
    }
    return edgeMonths[j].some(function (r) { return r[1] >= state.from && r[0] <= state.to; });
  }
  function computeShown() {
    var full = timeFull();
    NODES.forEach(function (n, i) { nodeShown[i] = state.types[n[2]] === false ? 0 : 1; });
    var touched = full ? null : new Uint8Array(NODES.length);
    EDGES.forEach(function (e, j) {
      edgeShown[j] = state.preds[e[2]] !== false && nodeShown[e[0]] && nodeShown[e[1]] && inTime(j) ? 1 : 0;
      if (touched && edgeShown[j]) { touched[e[0]] = touched[e[1]] = 1; }
    });
    if (touched) { graph.forEachNode(function (k, a) { if (!touched[a.i]) { nodeShown[a.i] = 0; } }); }
  }
  // the relations the whole-graph picture holds: all of them, or past OVERVIEW_EDGES the most central
  // of those shown (the others stay out of the graph the renderer works through)
  var byCentrality = null;
  function syncOverviewEdges() {
    if (!someEdges) { return; }
    if (byCentrality === null) {
      var score = new Float64Array(EDGES.length);
      EDGES.forEach(function (e, j) { score[j] = (NODES[e[0]][9] || 0) + (NODES[e[1]][9] || 0); });
      byCentrality = new Int32Array(EDGES.length);
      for (var k = 0; k < EDGES.length; k++) { byCentrality[k] = k; }
      byCentrality.sort(function (a, b) { return score[b] - score[a] || a - b; });
    }
    var want = new Uint8Array(EDGES.length), taken = 0;
    for (var n = 0; n < byCentrality.length && taken < OVERVIEW_EDGES; n++) {
      if (edgeShown[byCentrality[n]]) { want[byCentrality[n]] = 1; taken += 1; }
    }
    for (var d = 0; d < EDGES.length; d++) {
      if (inGraph[d] && !want[d]) { graph.dropEdge("e" + d); inGraph[d] = 0; }
    }
    for (var w = 0; w < EDGES.length; w++) { if (want[w] && !inGraph[w]) { addRelation(w); } }
  }
  function applyFilters() {
    computeShown();
    syncOverviewEdges();
    syncComentions();
    if (state.focus !== null && state.tempNode === null) {
      if (nodeShown[graph.getNodeAttribute(state.focus, "i")]) { focusNode(state.focus); return; }
      clearFocus();
      return;
    }
    if (state.tempNode !== null && state.types[NODES[Number(state.tempNode.slice(1))][2]] === false) { clearFocus(); return; }
    draw(renderer.getGraph(), camera.getState(), true);
    updateStats();
  }
  window.kgApplyFilters = applyFilters;

  function neighbourhood(key) {
    var set = new Set([key]);
    forEachRelation(Number(key.slice(1)), function (j) {
      if (edgeShown[j]) { set.add("n" + EDGES[j][0]); set.add("n" + EDGES[j][1]); }
    });
    return set;
  }

  function nodeColour(n) {
    if (state.colour === "type" || n.length <= 10) { return (TYPES[n[2]] || {}).color || "#9e9e9e"; }
    return COMMUNITIES[n[10]][0];
  }
  // what is drawn: the reducers and the counts in the panel read these two
  function nodeHidden(key, a) {
    if (NODES[a.i].length <= 7) { return state.focus !== key; }
    return !nodeShown[a.i] || (state.focusSet !== null && !state.focusSet.has(key));
  }
  function edgeHidden(a) {
    var off = state.focusSet !== null && a.s !== state.focus && a.t !== state.focus;
    if (a.co) { return off || !state.co || !nodeShown[a.a] || !nodeShown[a.b]; }
    return off || !edgeShown[a.j];
  }
  // sigma hands each reducer a copy of the attributes, which it changes and returns (a whole graph is
  // reduced at each refresh: one object less per entity and relation)
  function nodeReducer(key, out) {
    var n = NODES[out.i];
    out.color = nodeColour(n);
    out.hidden = nodeHidden(key, out);
    if (n.length <= 7) { out.highlighted = true; out.forceLabel = true; return out; }
    if (out.hidden) { return out; }
    out.forceLabel = labelled.has(key);
    if (key === state.focus) { out.highlighted = true; out.zIndex = 3; }
    return out;
  }
  function edgeReducer(key, out) {
    var label = out.label;
    out.label = "";
    out.hidden = edgeHidden(out);
    if (out.co) { return out; }
    if (state.focusSet !== null && !out.hidden) { out.label = label; out.forceLabel = true; out.color = "#7d8a97"; out.size = 4; }
    return out;
  }

  function drawLabel(ctx, d, s) {
    if (!d.label) { return; }
    ctx.font = s.labelWeight + " " + s.labelSize + "px " + s.labelFont;
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.strokeText(d.label, d.x + d.size + 3, d.y + s.labelSize / 3);
    ctx.fillStyle = "#1d2329";
    ctx.fillText(d.label, d.x + d.size + 3, d.y + s.labelSize / 3);
  }

  // --- where an entity is drawn, known before the frame that draws it --------------------------------
  // sigma frames a graph's coordinates into a unit square (the extent of all its entities) and its camera
  // maps that square onto the screen. The same public functions (Sigma.utils) place labels and frame the
  // camera here, for any graph and camera state, so neither waits for a frame (nor costs one) of its own:
  // each view change is one frame, drawn with its labels. (sigma's matrix is only brought up to date by a
  // frame: reading it between a camera change and the next frame placed labels for the old camera.)
  var framings = new WeakMap();  // graph -> its framing; an entity's position never changes in a graph
  function framing(g) {
    var f = framings.get(g);
    if (!f) {
      var extent = Sigma.utils.graphExtent(g);
      f = {framed: Sigma.utils.createNormalizationFunction(extent),
           dims: {width: extent.x[1] - extent.x[0] || 1, height: extent.y[1] - extent.y[0] || 1}};
      framings.set(g, f);
    }
    return f;
  }
  function projection(g, cam) {
    var f = framing(g);
    var matrix = Sigma.utils.matrixFromCamera(cam, renderer.getDimensions(), f.dims, renderer.getStagePadding());
    return {at: function (a) { return renderer.framedGraphToViewport(f.framed(a), {matrix: matrix}); },
            size: function (size) { return renderer.scaleSize(size, cam.ratio); }};
  }

  // --- labels: the most central entities first, each label whole on screen and clear of the others ------
  var MAX_LABELS = 150, labelled = new Set(), labelFont = "600 13px system-ui, Arial, sans-serif";
  var byRank = (function () {
    var idx = [], rank = new Float64Array(NODES.length);
    NODES.forEach(function (n, i) { if (n.length > 7) { idx.push(i); rank[i] = n[9]; } });
    idx.sort(function (a, b) { return rank[b] - rank[a] || a - b; });
    return idx.map(function (i) { return "n" + i; });
  })();
  function byRankOrder(a, b) {
    var i = Number(a.slice(1)), j = Number(b.slice(1));
    return (NODES[j][9] || 0) - (NODES[i][9] || 0) || i - j;
  }
  var measure = document.createElement("canvas").getContext("2d"), widths = new Map();
  measure.font = labelFont;  // set once: setting a font is dearer than measuring with it
  function labelWidth(key) {
    var w = widths.get(key);
    if (w === undefined) { w = measure.measureText(NODES[Number(key.slice(1))][1]).width; widths.set(key, w); }
    return w;
  }
  function overlaps(b) { return this[0] < b[2] && b[0] < this[2] && this[1] < b[3] && b[1] < this[3]; }
  // The labels of graph g seen with camera state cam; returns the entities whose label comes or goes.
  function chooseLabels(g, cam) {
    var dims = renderer.getDimensions(), proj = projection(g, cam), chosen = new Set(), boxes = [], tried = 0;
    var order = state.focusSet ? [state.focus].concat(Array.from(state.focusSet).filter(function (k) { return k !== state.focus; })
                                                       .sort(byRankOrder)) : byRank;
    for (var n = 0; n < order.length && chosen.size < MAX_LABELS && tried < 5000; n++) {
      var key = order[n];
      if (!g.hasNode(key)) { continue; }
      var a = g.getNodeAttributes(key);
      if (nodeHidden(key, a)) { continue; }
      var p = proj.at(a), r = proj.size(a.size);
      var box = [p.x + r + 1, p.y - 11, p.x + r + 5, p.y + 6];  // its width is measured last
      if (box[0] < 0 || box[0] > dims.width || box[1] < 0 || box[3] > dims.height) { continue; }  // off screen or cut
      tried += 1;
      if (boxes.some(overlaps, box)) { continue; }
      box[2] += labelWidth(key);
      if (box[2] > dims.width || boxes.some(overlaps, box)) { continue; }
      boxes.push(box);
      chosen.add(key);
    }
    var changed = [];
    labelled.forEach(function (k) { if (!chosen.has(k) && g.hasNode(k)) { changed.push(k); } });
    chosen.forEach(function (k) { if (!labelled.has(k)) { changed.push(k); } });
    labelled = chosen;
    return changed;
  }
  function redrawLabels(changed) {
    if (changed.length) { renderer.refresh({partialGraph: {nodes: changed}, skipIndexation: true, schedule: true}); }
  }
  // after the camera moved: the labels for where it stopped, drawn with the next frame
  var labelTimer = null;
  function relabel() {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(function () { redrawLabels(chooseLabels(renderer.getGraph(), camera.getState())); }, 120);
  }
  // Graph g seen with camera state cam, its labels chosen first: one frame. *full*: the filters changed,
  // so every entity and relation of g is looked at again.
  function draw(g, cam, full) {
    var changed = chooseLabels(g, cam);
    camera.setState(cam);  // asks for a frame, which setGraph and refresh draw now
    if (hoveredNode !== null && !g.hasNode(hoveredNode)) { hoveredNode = null; }  // sigma forgets it, silently
    if (hoveredEdge !== null && !g.hasEdge(hoveredEdge)) { hideTip(hoveredEdge); hoveredEdge = null; }
    if (renderer.getGraph() !== g) { renderer.setGraph(g); } else if (full) { renderer.refresh(); } else { redrawLabels(changed); }
  }

  computeShown();
  syncOverviewEdges();
  times.edges = performance.now();
  var programs = Sigma.rendering;
  // built over an empty graph, so its first frame is not one of the whole graph seen with no camera yet
  var renderer = new Sigma(new graphology.MultiDirectedGraph(), $("kg-graph"), {
    nodeProgramClasses: {circle: programs.NodeCircleProgram, point: programs.NodePointProgram},
    edgeProgramClasses: {arrow: programs.EdgeArrowProgram, line: programs.EdgeRectangleProgram, thin: programs.EdgeLineProgram},
    nodeReducer: nodeReducer, edgeReducer: edgeReducer, defaultDrawNodeLabel: drawLabel,
    enableEdgeEvents: false,  // relations under the pointer are found below, without a picking pass
    renderEdgeLabels: true, zIndex: true,
    labelFont: "system-ui, Arial, sans-serif", labelSize: 13, labelWeight: "600",
    labelRenderedSizeThreshold: Infinity,  // only the labels chooseLabels picks
    edgeLabelSize: 11, edgeLabelColor: {color: "#555"},
    hideEdgesOnMove: EDGES.length > MOVE_LIMIT, minCameraRatio: 0.003, maxCameraRatio: 4,
  });
  var camera = renderer.getCamera();
  times.sigma = performance.now();

  // --- camera ------------------------------------------------------------------------------------------
  window.kgMoving = false;
  // the camera state that frames these entities of the whole graph (null when none is in it)
  function frameOf(keys, margin) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, framed = framing(graph).framed;
    keys.forEach(function (k) {
      if (!graph.hasNode(k)) { return; }
      var d = framed(graph.getNodeAttributes(k));
      x0 = Math.min(x0, d.x); y0 = Math.min(y0, d.y); x1 = Math.max(x1, d.x); y1 = Math.max(y1, d.y);
    });
    if (!(x0 <= x1)) { return null; }
    return {x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio: Math.max(0.06, (margin || 1.5) * Math.max(x1 - x0, y1 - y0)), angle: 0};
  }
  function flyTo(cam, duration) {
    window.kgMoving = true;
    camera.animate(cam, {duration: duration}, function () { window.kgMoving = false; });
  }

  // --- panel: text only --------------------------------------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function evidenceNodes(j, limit) {
    var out = [], evidence = evidenceOf(j);
    evidence.slice(0, limit).forEach(function (ev) {
      out.push(el("hr"));
      out.push(el("div", "\u201c" + ev[0] + "\u201d"));
      out.push(el("i", ARTICLES[ev[1]] + (ev[2] ? " \u00b7 " + ev[2] : "")));
    });
    if (evidence.length > limit) { out.push(el("hr")); out.push(el("div", "\u2026 and " + (evidence.length - limit) + " more", "kg-muted")); }
    return out;
  }
  function factLine(e) {
    var p = el("div");
    p.appendChild(el("b", NODES[e[0]][1]));
    p.appendChild(document.createTextNode(" " + PREDICATES[e[2]] + " "));
    p.appendChild(el("b", NODES[e[1]][1]));
    return p;
  }
  function entityNodes(i) {
    var n = NODES[i], rels = n[6];
    var out = [el("b", n[1]),
               el("div", n[4].join(", ") + " \u00b7 " + rels + " relation" + (rels === 1 ? "" : "s") +
                         (n.length > 9 ? " \u00b7 PageRank " + n[9].toFixed(4) : ""))];
    if (n[3].length) { out.push(el("div", "also: " + n[3].join(", "))); }
    n[5].forEach(function (iri) { out.push(el("div", iri, "kg-muted")); });
    if (n.length > 10) {
      var c = COMMUNITIES[n[10]];
      out.push(el("div", "community: " + c[2].slice(0, 3).map(function (k) { return NODES[k][1]; }).join(", ") +
                          " (" + c[1] + ")", "kg-muted"));
    }
    return out;
  }
  function show(box, parts) { box.textContent = ""; parts.forEach(function (p) { box.appendChild(p); }); }

  var details = $("kg-details");
  function showNode(key) {
    var i = graph.getNodeAttribute(key, "i");
    show(details, entityNodes(i));
    var list = el("ul"), listed = 0;
    forEachRelation(i, function (j) {
      if (!edgeShown[j] || listed >= MAX_LISTED) { return; }
      var e = EDGES[j], li = el("li");
      li.appendChild(factLine(e));
      var evidence = evidenceOf(j);
      if (evidence.length) { li.appendChild(el("div", "\u201c" + evidence[0][0] + "\u201d", "kg-muted")); }
      list.appendChild(li);
      listed += 1;
    });
    if (listed) { details.appendChild(list); }
  }
  function showEdge(key) {
    var a = renderer.getGraph().getEdgeAttributes(key);
    if (a.co) { show(details, [el("div", NODES[a.a][1] + " and " + NODES[a.b][1] + " are named in the same sentence " +
                                         a.count + " times (not a stated relation)")]); return; }
    show(details, [factLine(EDGES[a.j])].concat(evidenceNodes(a.j, 50)));
  }

  // --- focus: a click isolates an entity's neighbourhood -----------------------------------------------
  // The renderer draws the whole graph, or (after a click or a search) a small graph of one
  // neighbourhood: swapping graphs costs the size of the neighbourhood, where re-filtering every
  // entity of a big graph would cost its whole size on each click.
  var overviewCamera = null;
  function showGraph(g) {
    if (renderer.getGraph() === graph) { overviewCamera = camera.getState(); }
    draw(g, {x: 0.5, y: 0.5, ratio: 1.15, angle: 0});
    updateStats();
  }
  function focusNode(key) {
    state.focus = key;
    state.focusSet = neighbourhood(key);
    // the entity in the middle, its neighbours evenly round it in the directions they lie in the overview
    var centre = graph.getNodeAttributes(key), around = [];
    state.focusSet.forEach(function (k) {
      if (k === key) { return; }
      var p = graph.getNodeAttributes(k);
      around.push([Math.atan2(p.y - centre.y, p.x - centre.x), k]);
    });
    around.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : 1); });
    var sub = new graphology.MultiDirectedGraph();
    // entities drawn as in the whole graph (discs, or past POINT_LIMIT points: each kind of shape costs
    // SwiftShader a compilation the first time it is drawn); relations as arrows
    sub.addNode(key, Object.assign({}, centre, {x: 0, y: 0}));
    around.forEach(function (item, n) {
      var angle = around.length > 1 ? around[0][0] + 2 * Math.PI * n / around.length : item[0];
      sub.addNode(item[1], Object.assign({}, graph.getNodeAttributes(item[1]), {x: Math.cos(angle), y: Math.sin(angle)}));
    });
    forEachRelation(Number(key.slice(1)), function (j) {
      var a = edgeAttributes(j, "arrow");
      if (!edgeHidden(a)) { sub.addDirectedEdgeWithKey("e" + j, a.s, a.t, a); }
    });
    graph.forEachEdge(key, function (e, a, s, t) {
      if (a.co && !edgeHidden(a)) { sub.addDirectedEdgeWithKey(e, s, t, Object.assign({}, a)); }
    });
    showGraph(sub);
    showNode(key);
  }
  // back to the whole graph, seen with camera state cam (by default as it was left)
  function clearFocus(cam) {
    state.focus = null;
    state.focusSet = null;
    state.tempNode = null;
    details.textContent = "";
    if (renderer.getGraph() !== graph) {
      draw(graph, cam || overviewCamera || camera.getState());  // drawn again with the filters as they are now
      updateStats();
    } else if (cam) { draw(graph, cam); }
  }
  function showLone(i) {
    var key = "n" + i, sub = new graphology.MultiDirectedGraph();
    sub.addNode(key, {i: i, x: 0, y: 0, label: NODES[i][1], size: 8, zIndex: 3, type: nodeType});
    state.tempNode = key;
    state.focus = key;
    state.focusSet = new Set([key]);
    showGraph(sub);
    show(details, entityNodes(i).concat([el("div", "no relation stated in any article", "kg-muted")]));
  }

  // --- search: exact name first, then a name containing the text; hidden types are not found ---------
  // lower-case names, built on the first search: each entity's name, and its other names where it has some
  var names = null, otherNames = null;
  function searchNames() {
    if (names !== null) { return; }
    names = new Array(NODES.length);
    otherNames = new Array(NODES.length);
    NODES.forEach(function (n, i) {
      names[i] = String(n[1]).toLowerCase();
      otherNames[i] = n[3].length ? n[3].map(function (s) { return String(s).toLowerCase(); }) : null;
    });
  }
  function findable(i) { return state.types[NODES[i][2]] !== false && (NODES[i].length <= 7 || nodeShown[i]); }
  function contains(s) { return s.indexOf(this) !== -1; }
  function matches(q, limit) {
    var exact = [], part = [];
    searchNames();
    for (var i = 0; i < NODES.length && exact.length + part.length < 5000; i++) {
      if (!findable(i)) { continue; }
      var other = otherNames[i];
      if (names[i] === q || (other !== null && other.indexOf(q) !== -1)) { exact.push(i); }
      else if (names[i].indexOf(q) !== -1 || (other !== null && other.some(contains, q))) { part.push(i); }
    }
    var byDegree = function (a, b) { return NODES[b][6] - NODES[a][6]; };
    return exact.sort(byDegree).concat(part.sort(byDegree)).slice(0, limit);
  }
  function focusIndex(i, duration) {
    if (NODES[i].length <= 7) { showLone(i); } else { focusNode("n" + i); }
    return NODES[i][0];
  }
  window.kgFocus = function (text, duration) {
    var q = String(text || "").trim().toLowerCase();
    var hit = q ? matches(q, 1)[0] : undefined;
    $("kg-search-status").textContent = hit !== undefined || !q ? "" : "not found";
    $("kg-suggestions").textContent = "";
    return hit === undefined ? null : focusIndex(hit, duration);
  };
  $("kg-search-form").addEventListener("submit", function (ev) { ev.preventDefault(); window.kgFocus($("kg-search").value); });
  $("kg-search").addEventListener("input", function () {
    var q = this.value.trim().toLowerCase(), box = $("kg-suggestions");
    box.textContent = "";
    if (q.length < 2) { return; }
    matches(q, 15).forEach(function (i) {
      var li = el("li", NODES[i][1] + " ");
      li.appendChild(el("span", NODES[i][2] + (NODES[i].length <= 7 ? ", no relations" : ""), "kg-muted"));
      li.addEventListener("click", function () { box.textContent = ""; focusIndex(i); });
      box.appendChild(li);
    });
  });

  // --- hover tooltips ---------------------------------------------------------------------------------
  var tip = $("kg-tooltip");
  var tipOwner = null;  // the entity or relation the tooltip is about: leaving another one keeps it
  function showTip(owner, parts, ev) {
    tipOwner = owner;
    show(tip, parts);
    var r = $("kg-graph").getBoundingClientRect();
    var x = r.left + ev.x + 14, y = r.top + ev.y + 14;
    tip.style.display = "block";
    tip.style.left = Math.min(x, window.innerWidth - tip.offsetWidth - 8) + "px";
    tip.style.top = Math.min(y, window.innerHeight - tip.offsetHeight - 8) + "px";
  }
  function hideTip(owner) {
    if (owner === undefined || owner === tipOwner) { tip.style.display = "none"; tipOwner = null; }
  }
  renderer.on("enterNode", function (p) {
    hoveredNode = p.node;
    if (hoveredEdge !== null) { hideTip(hoveredEdge); hoveredEdge = null; }
    showTip(p.node, entityNodes(renderer.getGraph().getNodeAttribute(p.node, "i")), p.event);
  });
  renderer.on("leaveNode", function (p) { hoveredNode = null; hideTip(p.node); });

  // Relations under the pointer are found by their distance to it, on screen. sigma would find them by
  // drawing every relation a second time on each frame, in colours that number them, and reading the
  // pixel under the pointer back: in SwiftShader that pass (and its shaders, compiled when first drawn)
  // took as long as the picture itself.
  var EDGE_HIT_PX = 4;
  function edgeAt(x, y) {
    var g = renderer.getGraph(), proj = projection(g, camera.getState()), best = null, bestDistance = EDGE_HIT_PX;
    g.forEachEdge(function (k, a, s, t, sa, ta) {
      if (edgeHidden(a)) { return; }
      var p = proj.at(sa), q = proj.at(ta), dx = q.x - p.x, dy = q.y - p.y, length2 = dx * dx + dy * dy;
      var u = length2 ? Math.max(0, Math.min(1, ((x - p.x) * dx + (y - p.y) * dy) / length2)) : 0;
      var distance = Math.sqrt(Math.pow(x - p.x - u * dx, 2) + Math.pow(y - p.y - u * dy, 2));
      if (distance < bestDistance) { best = k; bestDistance = distance; }
    });
    return best;
  }
  function edgeTip(key, ev) {
    var a = renderer.getGraph().getEdgeAttributes(key);
    if (a.co) { showTip(key, [el("div", a.label)], ev); return; }
    showTip(key, [factLine(EDGES[a.j])].concat(evidenceNodes(a.j, MAX_TIP_EVIDENCE)), ev);
  }
  // after sigma's own handler (registered when it was built), so an entity under the pointer comes first
  renderer.getMouseCaptor().on("mousemove", function (ev) {
    var key = hoveredNode === null && !renderer.getMouseCaptor().isMoving ? edgeAt(ev.x, ev.y) : null;
    if (key === hoveredEdge) { return; }
    if (hoveredEdge !== null) { hideTip(hoveredEdge); }
    hoveredEdge = key;
    if (key !== null) { edgeTip(key, ev); }
  });
  renderer.on("leaveStage", function () { if (hoveredEdge !== null) { hideTip(hoveredEdge); hoveredEdge = null; } });
  renderer.on("clickNode", function (p) { hideTip(); if (p.node !== state.tempNode) { focusNode(p.node); } });
  renderer.on("clickStage", function (p) {
    var key = edgeAt(p.event.x, p.event.y);
    if (key !== null) { showEdge(key); } else { clearFocus(); }
  });

  // --- panel contents -----------------------------------------------------------------------------------
  function counts(values) { var c = {}; values.forEach(function (v) { c[v] = (c[v] || 0) + 1; }); return c; }
  function checkbox(attr, value, text, count, swatch) {
    var label = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute(attr, value);
    label.title = text;
    label.appendChild(box);
    if (swatch) { var s = el("span", null, "kg-swatch"); s.style.background = swatch; label.appendChild(s); }
    label.appendChild(document.createTextNode(" " + text + " "));
    label.appendChild(el("span", "(" + count + ")", "kg-count"));
    return label;
  }
  var typeCount = counts(NODES.map(function (n) { return n[2]; }));
  Object.keys(typeCount).sort(function (a, b) { return typeCount[b] - typeCount[a] || (a < b ? -1 : 1); })
    .forEach(function (t) { $("kg-legend").appendChild(checkbox("data-kg-type", t, t, typeCount[t], (TYPES[t] || {}).color)); });
  var predCount = counts(EDGES.map(function (e) { return e[2]; }));
  Object.keys(predCount).sort(function (a, b) { return predCount[b] - predCount[a] || a - b; })
    .forEach(function (p) { $("kg-predicates").appendChild(checkbox("data-kg-predicate", PREDICATES[p], PREDICATES[p], predCount[p])); });
  document.querySelectorAll("input[data-kg-type]").forEach(function (box) {
    box.addEventListener("change", function () { state.types[box.getAttribute("data-kg-type")] = box.checked; applyFilters(); });
  });
  var predIndex = {};
  PREDICATES.forEach(function (p, k) { predIndex[p] = k; });
  document.querySelectorAll("input[data-kg-predicate]").forEach(function (box) {
    box.addEventListener("change", function () { state.preds[predIndex[box.getAttribute("data-kg-predicate")]] = box.checked; applyFilters(); });
  });
  document.querySelectorAll("button[data-kg-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("data-kg-all") === "on";
      document.querySelectorAll("input[" + button.getAttribute("data-kg-for") + "]").forEach(function (box) {
        box.checked = on;
        if (box.hasAttribute("data-kg-type")) { state.types[box.getAttribute("data-kg-type")] = on; }
        else { state.preds[predIndex[box.getAttribute("data-kg-predicate")]] = on; }
      });
      applyFilters();
    });
  });
  document.querySelectorAll("input[name=kg-colour]").forEach(function (radio) {
    radio.addEventListener("change", function () { state.colour = radio.value; renderer.refresh({skipIndexation: true}); });
  });
  COMMUNITIES.slice(0, 15).forEach(function (c, ci) {
    if (c[1] < 3) { return; }
    var row = el("div", null, "kg-community"), s = el("span", null, "kg-swatch");
    s.style.background = c[0];
    row.appendChild(s);
    row.appendChild(document.createTextNode(c[2].slice(0, 3).map(function (k) { return NODES[k][1]; }).join(", ") + " "));
    row.appendChild(el("span", "(" + c[1] + ")", "kg-count"));
    row.addEventListener("click", function () {
      clearFocus();
      var keys = [];
      graph.forEachNode(function (k, a) { if (NODES[a.i][10] === ci) { keys.push(k); } });
      var cam = frameOf(keys);
      if (cam) { flyTo(cam, 500); }
    });
    $("kg-communities").appendChild(row);
  });

  // time slider
  if (minMonth <= maxMonth) {
    ["kg-time-from", "kg-time-to"].forEach(function (id, k) {
      var input = $(id);
      input.min = minMonth; input.max = maxMonth; input.step = 1; input.value = k ? maxMonth : minMonth;
      input.addEventListener("input", function () {
        var a = Number($("kg-time-from").value), b = Number($("kg-time-to").value);
        state.from = Math.min(a, b); state.to = Math.max(a, b);
        timeLabel();
        applyFilters();
      });
    });
  } else { $("kg-time-box").style.display = "none"; }
  function timeLabel() {
    $("kg-time-label").textContent = minMonth <= maxMonth ? monthText(state.from) + " \u2013 " + monthText(state.to) : "";
  }
  window.kgSetTime = function (from, to) {  // "YYYY-MM" strings, for tests and links
    var a = months(from), b = months(to);
    $("kg-time-from").value = a[0]; $("kg-time-to").value = b[1];
    $("kg-time-to").dispatchEvent(new Event("input"));
  };
  timeLabel();

  // co-mentions
  if (CO.length) {
    $("kg-comention-count").textContent = "(" + CO.length + ", same sentence; not relations)";
    $("kg-comentions").addEventListener("change", function () { state.co = this.checked; applyFilters(); });
  } else { $("kg-comention-box").style.display = "none"; }

  // entities without relations
  var loneBox = $("kg-lone");
  loneBox.querySelector("summary").textContent = lone.length + " entities without relations (not drawn)";
  if (!lone.length) { loneBox.style.display = "none"; }
  loneBox.addEventListener("toggle", function () {
    var list = loneBox.querySelector("ul");
    if (!loneBox.open || list.childNodes.length) { return; }
    lone.slice().sort(function (a, b) { return NODES[a][1].localeCompare(NODES[b][1]); }).forEach(function (i) {
      var li = el("li", NODES[i][1] + " ");
      li.appendChild(el("span", NODES[i][2], "kg-muted"));
      li.addEventListener("click", function () { showLone(i); });
      list.appendChild(li);
    });
  });

  function shownCounts() {
    var nodes = 0, edges = 0;
    var drawnGraph = renderer.getGraph();
    drawnGraph.forEachNode(function (k, a) { if (!nodeHidden(k, a)) { nodes += 1; } });
    drawnGraph.forEachEdge(function (k, a) { if (!a.co && !edgeHidden(a)) { edges += 1; } });
    return [nodes, edges];
  }
  window.kgShown = shownCounts;
  function updateStats() {
    var drawn = NODES.length - lone.length, s = $("kg-stats");
    s.textContent = drawn + " entities \u00b7 " + EDGES.length + " relations drawn";
    var c = shownCounts();
    if (c[0] !== drawn || c[1] !== EDGES.length) {
      s.appendChild(el("span", " (showing " + c[0] + " \u00b7 " + c[1] + ")", "kg-muted"));
    }
    if (someEdges && renderer.getGraph() === graph) {
      s.appendChild(el("br"));
      s.appendChild(el("span", "the whole graph shows the " + OVERVIEW_EDGES + " most central relations of those the filters keep; " +
                               "a click or a search shows all of an entity's", "kg-muted"));
    }
    s.appendChild(el("br"));
    s.appendChild(el("span", "colour: community \u00b7 size: relations \u00b7 click an entity for its neighbourhood", "kg-muted"));
  }

  function firstCamera() {
    return frameOf(DATA.first.map(function (i) { return "n" + i; }), 1.1) || {x: 0.5, y: 0.5, ratio: 1, angle: 0};
  }
  function firstScreen() { clearFocus(firstCamera()); }
  window.kgFirstScreen = firstScreen;
  $("kg-all").addEventListener("click", function () { clearFocus({x: 0.5, y: 0.5, ratio: 1, angle: 0}); });
  $("kg-main").addEventListener("click", firstScreen);
  window.kg = {labelled: function () { return labelled; }, graph: graph, renderer: renderer, data: DATA, lone: lone, focusNode: focusNode, clearFocus: clearFocus};
  // the first frame: the largest parts, their labels chosen for it (every filter is open)
  draw(graph, firstCamera());
  times.drawn = performance.now();
  camera.on("updated", relabel);
  updateStats();
  window.kgReadyAt = performance.now();
  window.kgReady = true;
  document.dispatchEvent(new Event("kg-ready"));
})();
