// Draws a dependency or landscape picture with Cytoscape.js from the nodes and edges the
// page embeds (#picture-data): colour by lifecycle, border by findings, click opens the page.
(function () {
  "use strict";
  const picture = JSON.parse(document.getElementById("picture-data").textContent);
  // Lifecycle and portfolio phases by the last segment of their IRI.
  const LIFECYCLE = {
    "verkenning": "#8fcae7", "in-ontwikkeling": "#8fcae7", "in-implementatie": "#b2d7ee",
    "opschaling": "#76d2b6", "standaard": "#39870c", "in-beheer": "#007bc7",
    "in-productie": "#01689b", "uit-te-faseren": "#e17000", "uitgefaseerd": "#a90061",
  };
  const SHAPE = {
    "building-block": "round-rectangle", "application": "ellipse", "legacy-system": "diamond",
    "organisation": "hexagon", "supplier": "triangle", "other": "ellipse",
  };
  const BORDER = { unexplained: ["#d52b1e", 5], explained: ["#e17000", 4], none: ["#333333", 1] };

  function lifecycleColour(node) {
    const key = node.lifecycle ? node.lifecycle.replace(/\/$/, "").split("/").pop() : "";
    return LIFECYCLE[key] || "#cccccc";
  }

  const elements = picture.nodes.map((node) => ({
    data: {
      id: node.iri, label: node.label, page: node.page, kind: node.kind,
      colour: lifecycleColour(node), shape: SHAPE[node.kind] || "ellipse",
      border: BORDER[node.conformance][0], width: BORDER[node.conformance][1],
      subject: node.iri === picture.subject ? "yes" : "no",
    },
  })).concat(picture.edges.map((edge, index) => ({
    data: { id: "edge-" + index, source: edge.source, target: edge.target, relation: edge.relation },
  })));

  const cy = cytoscape({
    container: document.getElementById("picture"),
    elements: elements,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000 },
    style: [
      { selector: "node", style: {
        "label": "data(label)", "background-color": "data(colour)", "shape": "data(shape)",
        "border-color": "data(border)", "border-width": "data(width)",
        "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120, "color": "#111",
      } },
      { selector: "node[subject = 'yes']", style: { "width": 50, "height": 50, "font-weight": "bold" } },
      { selector: "edge", style: {
        "width": 1.5, "line-color": "#767676", "target-arrow-color": "#767676",
        "target-arrow-shape": "triangle", "curve-style": "bezier",
      } },
      { selector: "edge[relation = 'adopts']", style: { "line-style": "dashed" } },
    ],
  });
  // The legend names the lifecycle colours this picture uses.
  const legend = document.getElementById("picture-legend");
  const phases = new Map(picture.nodes.filter((node) => node.lifecycle)
    .map((node) => [node.lifecycle_label || node.lifecycle, lifecycleColour(node)]));
  phases.forEach((colour, name) => {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colour;
    item.append(swatch, " " + name);
    legend.append(item);
  });

  cy.on("tap", "node", (event) => { window.location.href = event.target.data("page"); });
  window.ndsgraphPicture = cy;  // for the browser tests and the console
})();
