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
  const FONT = "system-ui, sans-serif";
  const LINE = 1.2; // line height, in font sizes
  const PAD = 10; // at least this much between a label and its node's outline
  const MIN_HEIGHT = 54;
  // Each kind's box: its width and its label's font (the subject's stands out).
  const BOXES = {
    other: { width: 168, size: 13, weight: "normal" },
    organisation: { width: 210, size: 13, weight: "normal" },
    group: { width: 210, size: 13, weight: "bold" },
    contract: { width: 250, size: 13, weight: "normal" },
    supplier: { width: 260, size: 13, weight: "normal" },
    subject: { width: 200, size: 16, weight: "bold", height: 76 },
  };
  // The room a shape leaves a label that reaches y of its half-height (0 to 1) from the
  // middle: half the width it may take and where its middle goes, as shares of the node's
  // half-width. Slanted sides (hexagons, rhomboids) and a contract's pointed tag take room.
  const ROOM = {
    "hexagon": (y) => [1 - y / 2, 0],
    "concave-hexagon": () => [0.75, 0],
    "rhomboid": (y) => [(2 - y) / 3, 0],
    "tag": (y) => [1 - 0.375 * y, -0.375 * y],
    "ellipse": (y) => [Math.sqrt(1 - y * y), 0],
  };
  const measure = document.createElement("canvas").getContext("2d");

  // The places a label may break: at a space, after a hyphen or a slash, never inside a word.
  function words(text) {
    return text.split(/ +/).flatMap((part, index) => part.split(/(?<=[-/])/).map((word, at) => ({
      text: word, space: index > 0 && at === 0,
    })));
  }

  // A word cut to ``width`` px with an ellipsis: one longer than the node is wide.
  function shortened(word, width) {
    let kept = word;
    while (kept.length > 1 && measure.measureText(kept + "…").width > width) kept = kept.slice(0, -1);
    return kept + "…";
  }

  // Lines of at most ``width`` px, broken between words.
  function wrapped(text, width) {
    const lines = [];
    let line = "";
    words(text).forEach((word) => {
      const longer = line + (line && word.space ? " " : "") + word.text;
      if (!line || measure.measureText(longer).width <= width) line = longer;
      else { lines.push(line); line = word.text; }
      if (measure.measureText(line).width > width) line = shortened(line, width);
    });
    return lines.concat(line ? [line] : []);
  }

  // The room for a label of ``count`` lines in a node of ``box`` drawn as ``shape``: the
  // node's height, the lines' width and how far their middle moves off the node's.
  function room(count, box, shape) {
    const tall = count * box.size * LINE;
    const height = Math.max(box.height || MIN_HEIGHT, tall + 2 * PAD);
    const [half, middle] = (ROOM[shape] || (() => [1, 0]))(tall / height);
    return { height: height, width: Math.floor(half * box.width - 2 * PAD), shift: middle * box.width / 2 };
  }

  // A label that fits its node's shape: its name (cut with an ellipsis past MAX_LABEL, and
  // marked when the node has unexplained findings) and caption in lines that fit, and the
  // node's size for them. The more lines, the less room a slanted shape leaves each: wrapped
  // again, narrower, until the number of lines holds (it does by one word a line at most).
  function fitted(text, caption, conformance, box, shape) {
    const cut = text.length > MAX_LABEL ? text.slice(0, MAX_LABEL - 1).trimEnd() + "…" : text;
    const marked = conformance === "violation" || conformance === "unexplained" ? "⚠ " + cut : cut;
    const parts = [marked].concat(caption);
    measure.font = box.weight + " " + box.size + "px " + FONT;
    for (let count = parts.length; ; ) {
      const fits = room(count, box, shape);
      const lines = parts.flatMap((part) => wrapped(part, fits.width));
      if (lines.length <= count) {
        return { label: lines.join("\n"), height: fits.height, width: box.width,
          textWidth: fits.width + 2, shift: fits.shift };
      }
      count = lines.length;
    }
  }

  function looks(kind, conformance) {
    const [colour, width, line] = style.borders[conformance];
    return {
      shape: style.shapes[kind] || style.shapes.other, border: colour, borderWidth: width, line: line,
    };
  }

  const groupOf = new Map();
  picture.groups.forEach((group) => group.folded.forEach((iri) => groupOf.set(iri, group.id)));

  function boxOf(kind, subject) {
    return subject ? BOXES.subject : BOXES[kind] || BOXES.other;
  }

  const elements = picture.nodes.map((node) => {
    const subject = node.iri === picture.subject;
    const look = looks(node.kind, node.conformance);
    const box = boxOf(node.kind, subject);
    return {
      data: Object.assign(look, fitted(node.label, node.caption, node.conformance, box, look.shape), {
        id: node.iri, name: node.label, page: node.page, kind: node.kind, fill: node.fill,
        subject: subject ? "yes" : "no", size: box.size, weight: box.weight,
      }),
    };
  }).concat(picture.groups.map((group) => {
    const look = looks("group", group.conformance);
    const text = group.label + " (" + group.members.length + ")";
    const box = boxOf("group", false);
    return {
      data: Object.assign(look, fitted(text, [], group.conformance, box, look.shape), {
        id: group.id, name: group.label, members: group.members.length, kind: "group",
        fill: "#ffffff", subject: "no", size: box.size, weight: box.weight,
      }),
    };
  })).concat(picture.summaries.map((summary) => {
    const look = looks("applications", "uncounted");
    const box = boxOf("applications", false);
    return {
      data: Object.assign(look, fitted(summary.label, [], "uncounted", box, look.shape), {
        id: summary.id, name: summary.label, page: summary.page, kind: "applications",
        fill: "#ffffff", subject: "no", size: box.size, weight: box.weight,
      }),
    };
  })).concat(picture.edges.map((edge, index) => ({
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
      // Each label comes in lines that fit its node's shape (``fitted``).
      { selector: "node", style: {
        "label": "data(label)", "shape": "data(shape)", "background-color": "data(fill)",
        "border-color": "data(border)", "border-width": "data(borderWidth)",
        "border-style": "data(line)", "width": "data(width)", "height": "data(height)",
        "font-size": "data(size)", "font-weight": "data(weight)", "color": "#111",
        "text-wrap": "wrap", "text-max-width": "data(textWidth)", "text-margin-x": "data(shift)",
        "text-valign": "center", "text-halign": "center", "font-family": FONT,
        "line-height": LINE,
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
  // A label shortened to fit its node is named in full on hover (and in the table below).
  cy.on("mouseover", "node", (event) => { container.title = event.target.data("name"); });
  cy.on("mouseout", "node", () => { container.removeAttribute("title"); });
  let resized = null;
  window.addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(layout, 200);
  });

  showOpenGroups();
  layout();
  window.ndsgraphPicture = cy; // for the browser tests and the console
})();
