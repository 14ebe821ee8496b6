// Draws a dependency or landscape picture with Cytoscape.js and its dagre layout from what the
// page embeds (#picture-data): layered from left to right, so every arrow points from the user
// to what it uses; shapes, fills, borders and lines from the tables the legend is made of.
// Organisations of one type start gathered in one node; a click on it, or its button beside
// the picture, opens it into its members, and the button closes it again.
(function () {
  "use strict";
  const picture = JSON.parse(document.getElementById("picture-data").textContent);
  const style = picture.style;
  const container = document.getElementById("picture");
  const frame = container.parentElement;
  const PADDING = 24;
  const MIN_ZOOM = 0.6; // below this labels are hard to read: the frame scrolls instead
  const MAX_LABEL = 48;

  // A label that fits its box: cut with an ellipsis, breakable after hyphens and slashes and
  // within a word too long for a line, and marked when the node has unexplained findings.
  function label(text, conformance) {
    const cut = text.length > MAX_LABEL ? text.slice(0, MAX_LABEL - 1).trimEnd() + "…" : text;
    const marked = conformance === "violation" || conformance === "unexplained" ? "⚠ " + cut : cut;
    return marked.replace(/([-/])/g, "$1\u200b").replace(/(\S{20})(?=\S{3})/g, "$1\u200b");
  }

  function looks(kind, conformance) {
    const [colour, width, line] = style.borders[conformance];
    return { shape: style.shapes[kind] || style.shapes.other, border: colour, width: width, line: line };
  }

  const groupOf = new Map();
  picture.groups.forEach((group) => group.folded.forEach((iri) => groupOf.set(iri, group.id)));

  const elements = picture.nodes.map((node) => ({
    data: Object.assign(looks(node.kind, node.conformance), {
      id: node.iri, name: node.label, page: node.page, kind: node.kind,
      label: [label(node.label, node.conformance)].concat(node.caption).join("\n"),
      height: 54 + 16 * node.caption.length, fill: node.fill,
      subject: node.iri === picture.subject ? "yes" : "no",
    }),
  })).concat(picture.groups.map((group) => ({
    data: Object.assign(looks("group", group.conformance), {
      id: group.id, name: group.label, members: group.members.length,
      label: label(group.label + " (" + group.members.length + ")", group.conformance),
      kind: "group", fill: "#ffffff", subject: "no", height: 54,
    }),
  }))).concat(picture.summaries.map((summary) => ({
    data: Object.assign(looks("applications", "uncounted"), {
      id: summary.id, name: summary.label, page: summary.page, kind: "applications",
      label: label(summary.label, "uncounted"), fill: "#ffffff", subject: "no", height: 54,
    }),
  }))).concat(picture.edges.map((edge, index) => ({
    data: {
      id: "edge-" + index, source: edge.source, target: edge.target, relation: edge.relation,
      line: style.lines[edge.relation] || "solid", aggregate: "no",
    },
  }))).concat(picture.groups.concat(picture.summaries).flatMap((group) => group.edges.map((edge, index) => ({
    data: {
      id: group.id + "-edge-" + index, source: edge.source, target: edge.target,
      relation: edge.relation, line: style.lines[edge.relation] || "solid", aggregate: "yes",
      count: edge.count,
    },
  }))));

  const cy = cytoscape({
    container: container,
    elements: elements,
    userZoomingEnabled: false, // the page scrolls, not the picture
    userPanningEnabled: false,
    boxSelectionEnabled: false,
    autoungrabify: true,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "shape": "data(shape)", "background-color": "data(fill)",
        "border-color": "data(border)", "border-width": "data(width)", "border-style": "data(line)",
        "width": 168, "height": "data(height)", "font-size": 13, "color": "#111",
        "text-wrap": "wrap", "text-max-width": 152, "text-valign": "center", "text-halign": "center",
        "font-family": "system-ui, sans-serif", "line-height": 1.2,
      } },
      // Text keeps clear of the slanted sides of hexagons.
      { selector: "node[kind = 'organisation']", style: { "width": 210, "text-max-width": 150 } },
      { selector: "node[kind = 'group']", style: {
        "width": 190, "text-max-width": 124, "font-weight": "bold",
      } },
      { selector: "node[subject = 'yes']", style: {
        "width": 200, "height": 76, "font-size": 16, "font-weight": "bold", "text-max-width": 172,
      } },
      { selector: "edge", style: {
        "width": 1.5, "line-color": "#555", "target-arrow-color": "#555",
        "target-arrow-shape": "triangle", "arrow-scale": 1.1, "line-style": "data(line)",
        "curve-style": "bezier",
      } },
      { selector: "edge[relation = 'dependsOn']", style: {
        "width": 2.5, "line-color": "#222", "target-arrow-color": "#222",
      } },
      { selector: "edge[aggregate = 'yes']", style: { "width": "mapData(count, 1, 40, 2, 7)" } },
      { selector: ".hidden", style: { "display": "none" } },
    ],
  });

  const open = new Set();

  // Who is drawn: a closed group's node and edges instead of its members and theirs.
  function showOpenGroups() {
    cy.nodes().forEach((node) => {
      const group = node.data("kind") === "group" ? null : groupOf.get(node.id());
      node.toggleClass("hidden", group === null ? open.has(node.id())
        : group !== undefined && !open.has(group));
    });
    cy.edges().forEach((edge) => {
      edge.toggleClass("hidden", edge.source().hasClass("hidden") || edge.target().hasClass("hidden"));
    });
  }

  // The layered layout of what is drawn, at a readable size: the frame grows to the picture's
  // height, and scrolls sideways when the picture is wider than it even at MIN_ZOOM.
  function layout() {
    const drawn = cy.elements().not(".hidden");
    // Cytoscape applies a changed class lazily, and measures a node it still takes as hidden
    // as 1 by 1 px: reading its style applies the change before the layout measures it.
    drawn.nodes().forEach((node) => node.style("display"));
    drawn.layout({
      name: "dagre", rankDir: "LR", ranker: "network-simplex", nodeSep: 16, rankSep: 64,
      edgeSep: 12, nodeDimensionsIncludeLabels: true, useDagreEdgeControlPoints: true,
      fit: false, animate: false,
    }).run();
    const box = drawn.boundingBox();
    const room = frame.clientWidth - 2 * PADDING;
    const zoom = Math.max(MIN_ZOOM, Math.min(1, room / box.w));
    const width = Math.max(frame.clientWidth, box.w * zoom + 2 * PADDING);
    container.style.width = width + "px";
    container.style.height = Math.max(240, box.h * zoom + 2 * PADDING) + "px";
    cy.resize();
    cy.zoom(zoom);
    cy.pan({ x: (width - box.w * zoom) / 2 - box.x1 * zoom, y: PADDING - box.y1 * zoom });
    if (width > frame.clientWidth) frame.setAttribute("tabindex", "0"); // scrolls: by keyboard too
    else frame.removeAttribute("tabindex");
    placeHeadings();
  }

  // "is used by" left of the subject and "needs" right of it, over the columns they name.
  function placeHeadings() {
    const subject = cy.getElementById(picture.subject);
    const around = subject.renderedBoundingBox();
    const centre = subject.position("x");
    const drawn = cy.nodes().not(".hidden");
    const before = document.getElementById("picture-before");
    const after = document.getElementById("picture-after");
    before.hidden = !drawn.some((node) => node.position("x") < centre);
    after.hidden = !drawn.some((node) => node.position("x") > centre);
    before.style.right = (container.clientWidth - around.x1 + 8) + "px";
    after.style.left = (around.x2 + 8) + "px";
  }

  function toggle(id) {
    if (open.has(id)) open.delete(id); else open.add(id);
    document.querySelectorAll("button.picture-group[data-group='" + CSS.escape(id) + "']")
      .forEach((button) => button.setAttribute("aria-expanded", String(open.has(id))));
    showOpenGroups();
    layout();
  }

  document.querySelectorAll("button.picture-group").forEach((button) => {
    button.addEventListener("click", () => toggle(button.dataset.group));
  });
  cy.on("tap", "node", (event) => {
    const node = event.target;
    if (node.data("kind") === "group") toggle(node.id());
    else window.location.href = node.data("page");
  });
  let resized = null;
  window.addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(layout, 200);
  });

  showOpenGroups();
  layout();
  window.ndsgraphPicture = cy; // for the browser tests and the console
})();
