// Starts YASGUI on this server's endpoint and opens every stored query as a tab.
//
// YASGUI's own completers call out: the class and property completers send what is typed to
// lov.linkeddata.es, and the prefix completer offers a bundled list from prefix.cc (spam
// included). Here all three read this server instead: our prefixes (/api/prefixes) and the
// classes and properties of our ontology (the stored query ontology-terms). Nothing typed
// leaves the page, and the editor works offline. A shared link cannot point the page elsewhere,
// and the endpoint list offers only this server.
(async function () {
  if (typeof Yasgui === "undefined") return;
  const endpoint = new URL("/sparql", window.location.href).href;
  const OWL = "http://www.w3.org/2002/07/owl#";
  const KINDS = {
    class: [OWL + "Class"],
    property: [OWL + "ObjectProperty", OWL + "DatatypeProperty"],
  };

  const json = async (path, accept) => {
    const response = await fetch(path, { headers: { Accept: accept } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
    return response.json();
  };
  const prefixes = json("/api/prefixes", "application/json");
  const terms = json("/api/queries/ontology-terms", "application/sparql-results+json").then(
    (answer) => answer.results.bindings,
  );

  // A completer over a fixed list; `token` narrows it while the list is still on its way.
  const fromList = (list) => (_yasqe, token) =>
    list.then((all) => {
      const start = token && token.autocompletionString;
      return start ? all.filter((item) => item.startsWith(start)) : all;
    });
  const Yasqe = Yasgui.Yasqe;
  Yasqe.registerAutocompleter({
    ...Yasqe.Autocompleters.prefixes,
    // not "prefixes": under that key the browser may still hold the bundled list
    persistenceId: undefined,
    get: fromList(
      prefixes.then((map) => Object.entries(map).map(([prefix, ns]) => `${prefix}: <${ns}>`)),
    ),
  });
  for (const [name, kinds] of Object.entries(KINDS)) {
    const iris = terms.then((rows) =>
      rows.filter((row) => kinds.includes(row.kind.value)).map((row) => row.term.value),
    );
    Yasqe.registerAutocompleter({ ...Yasqe.Autocompleters[name], bulk: true, get: fromList(iris) });
  }

  localStorage.removeItem("yagui__config");
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { ...Yasgui.defaults.endpointCatalogueOptions, getData: () => [{ endpoint }] },
    // a shared link (/#query=…) runs at once: on this endpoint, whatever endpoint it names
    populateFromUrl: (tab) => ({ ...tab, requestConfig: { ...tab.requestConfig, endpoint } }),
    copyEndpointOnNewTab: true,
    persistenceId: null,
  });
  const stored = await json("/api/queries", "application/json");
  for (const query of stored) {
    const bound = query.parameters.map((p) => `# ?${p.name} (${p.type}): ${p.description}`).join("\n");
    const text = bound ? `# Bind the parameters, e.g. with VALUES:\n${bound}\n${query.text}` : query.text;
    yasgui.addTab(false, { name: query.title, yasqe: { value: text } });
  }
  window.ndsgraphStoredTabs = stored.length;
})();
