// Starts YASGUI on this server's endpoint and opens every question people ask (the stored
// queries not marked `audience: internal`) as a tab, titled in the page's language.
//
// Results read as values, not as RDF syntax: a typed literal shows its value (4, not
// "4"^^xsd:integer; numbers and dates in the page's language), an IRI is a link to its page
// named by the server (/api/names) where it has a name; the exact term shows on hover.
//
// YASGUI's own completers call out: the class and property completers send what is typed to
// lov.linkeddata.es, and the prefix completer offers a bundled list from prefix.cc (spam
// included). Here all three read this server instead: our prefixes (/api/prefixes) and the
// classes and properties of our ontology (the stored query ontology-terms). Nothing typed
// leaves the page, and the editor works offline. A shared link cannot point the page elsewhere,
// and the endpoint list offers only this server.
(async function () {
  if (typeof Yasgui === "undefined") return;
  const LANGUAGE = document.documentElement.lang === "en" ? "en" : "nl";
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

  installReadableTable(Yasgui.Yasr, LANGUAGE);
  nameLinks(document.getElementById("yasgui"), LANGUAGE);
  accessible(document.getElementById("yasgui"), LANGUAGE);

  localStorage.removeItem("yagui__config");
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { ...Yasgui.defaults.endpointCatalogueOptions, getData: () => [{ endpoint }] },
    // a shared link (/#query=…) runs at once: on this endpoint, whatever endpoint it names
    populateFromUrl: (tab) => ({ ...tab, requestConfig: { ...tab.requestConfig, endpoint } }),
    copyEndpointOnNewTab: true,
    persistenceId: null,
    tabName: LANGUAGE === "nl" ? "Vraag" : "Query", // a new tab's name
  });
  const stored = await json(`/api/queries?lang=${LANGUAGE}`, "application/json");
  const asked = stored.filter((query) => query.audience !== "internal");
  for (const query of asked) {
    const bound = query.parameters.map((p) => `# ?${p.name} (${p.type}): ${p.description}`).join("\n");
    const text = bound ? `# Bind the parameters, e.g. with VALUES:\n${bound}\n${query.text}` : query.text;
    yasgui.addTab(false, { name: query.title, yasqe: { value: text } });
  }
  window.ndsgraphStoredTabs = asked.length;
})();

const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMERIC = new Set([
  "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
  "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
  "unsignedShort", "unsignedByte",
].map((name) => XSD + name));
const LOCALES = { nl: "nl-NL", en: "en-GB" };

function escaped(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML.replace(/"/g, "&quot;");
}

// A number's lexical form in the language's notation, digit for digit (no rounding): a
// decimal comma in Dutch, and thousands grouped from five digits on (a year stays 2026).
function number(lexical, language) {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(lexical);
  if (!match) {
    const value = Number(lexical);
    return Number.isNaN(value) ? lexical : value.toLocaleString(LOCALES[language]);
  }
  const parts = new Intl.NumberFormat(LOCALES[language]).formatToParts(12345.5);
  const group = parts.find((part) => part.type === "group").value;
  const decimal = parts.find((part) => part.type === "decimal").value;
  const [, sign, whole, fraction] = match;
  const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, group) : whole;
  return sign + grouped + (fraction ? decimal + fraction : "");
}

// A date or time as people read it: a time with a zone in Dutch time, one without as written.
function moment(lexical, datatype, language) {
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(lexical);
  const parsed = Date.parse(datatype === XSD + "date" ? lexical.slice(0, 10) + "T00:00:00Z"
    : zoned ? lexical : lexical + "Z");
  if (Number.isNaN(parsed)) return lexical;
  const options = datatype === XSD + "date" ? { dateStyle: "long", timeZone: "UTC" }
    : { dateStyle: "long", timeStyle: "medium", timeZone: zoned ? "Europe/Amsterdam" : "UTC" };
  return new Intl.DateTimeFormat(LOCALES[language], options).format(new Date(parsed));
}

// The prefixed name of an IRI under the query's prefixes, else the IRI itself.
function prefixed(iri, prefixes) {
  for (const [prefix, namespace] of Object.entries(prefixes || {})) {
    if (namespace && iri.startsWith(namespace)) return `${prefix}:${iri.slice(namespace.length)}`;
  }
  return iri;
}

// One result cell: a literal as its value, an IRI as a link to its page (named later).
function cell(binding, prefixes, language) {
  if (binding.type === "uri") {
    const iri = binding.value;
    return `<a class="iri" data-iri="${escaped(iri)}" title="${escaped(iri)}"`
      + ` href="/doc?uri=${encodeURIComponent(iri)}">${escaped(prefixed(iri, prefixes))}</a>`;
  }
  if (binding.type === "bnode") return `<span>_:${escaped(binding.value)}</span>`;
  const datatype = binding.datatype || "";
  const exact = binding["xml:lang"] ? `"${binding.value}"@${binding["xml:lang"]}`
    : datatype ? `"${binding.value}"^^${prefixed(datatype, prefixes)}` : `"${binding.value}"`;
  let shown = binding.value;
  let kind = "value";
  if (NUMERIC.has(datatype)) {
    shown = number(binding.value, language);
    kind = "value value-number";
  } else if (datatype === XSD + "dateTime" || datatype === XSD + "date") {
    shown = moment(binding.value, datatype, language);
  }
  const lang = binding["xml:lang"] ? ` lang="${escaped(binding["xml:lang"])}"` : "";
  return `<span class="${kind}"${lang} title="${escaped(exact)}">${escaped(shown)}</span>`;
}

// YASR's table with readable cells, wrapping instead of cut off with an ellipsis.
// YASGUI has no translations: its result views are labelled here, in the page's language
// (a function declaration: the page's script calls it before any const below is set).
function installReadableTable(Yasr, language) {
  const LABELS = { table: { nl: "Tabel", en: "Table" }, response: { nl: "Antwoord", en: "Response" } };
  class ReadableTable extends Yasr.plugins.table {
    constructor(yasr) {
      super(yasr);
      this.label = LABELS.table[language];
    }
    getCellContent(binding, prefixes) {
      return `<div>${cell(binding, prefixes, language)}</div>`;
    }
  }
  class LabelledResponse extends Yasr.plugins.response {
    constructor(yasr) {
      super(yasr);
      this.label = LABELS.response[language];
    }
  }
  Yasr.registerPlugin("table", ReadableTable);
  Yasr.registerPlugin("response", LabelledResponse);
  Yasr.defaults.plugins.table.dynamicConfig = { isEllipsed: false };
}

// Names every IRI link a result shows (a[data-iri]) once it is drawn, a page at a time:
// the server gives each IRI's name in the language and its page.
function nameLinks(root, language) {
  const known = new Map();
  let waiting = null;
  const apply = (link) => {
    const found = known.get(link.dataset.iri);
    if (!found || found === "asked") return;
    link.dataset.named = "true";
    link.href = found.page;
    if (found.name) link.textContent = found.name;
  };
  const ask = async () => {
    waiting = null;
    const links = [...root.querySelectorAll("a[data-iri]:not([data-named])")];
    const unknown = [...new Set(links.map((link) => link.dataset.iri))]
      .filter((iri) => !known.has(iri)).slice(0, 1000);
    unknown.forEach((iri) => known.set(iri, "asked"));
    if (unknown.length) {
      const response = await fetch(`/api/names?lang=${language}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(unknown),
      });
      if (response.ok) Object.entries(await response.json()).forEach(([iri, found]) => known.set(iri, found));
    }
    root.querySelectorAll("a[data-iri]:not([data-named])").forEach(apply);
  };
  new MutationObserver(() => {
    if (!waiting && root.querySelector("a[data-iri]:not([data-named])")) {
      waiting = setTimeout(ask, 50);
    }
  }).observe(root, { childList: true, subtree: true });
}


// What YASGUI draws, made to pass WCAG 2.1 AA (axe-core) as it is drawn: the endpoint field,
// the page-size choice and the editor's scrolling area get a name and keyboard focus. (The
// "new tab" button, which YASGUI puts in the tab list where only tabs belong, is hidden by
// ndsgraph-results.css: the first tab, "Query", is the one for a query of one's own.)
function accessible(root, language) {
  const say = (nl, en) => (language === "en" ? en : nl);
  const named = (selector, name) => root.querySelectorAll(selector).forEach((element) => {
    if (!element.hasAttribute("aria-label")) element.setAttribute("aria-label", name);
  });
  const mend = () => {
    named(".controlbar .autocomplete", say("SPARQL-endpoint", "SPARQL endpoint"));
    named("select.tableSizer", say("Rijen per pagina", "Rows per page"));
    named(".CodeMirror textarea", say("SPARQL-query", "SPARQL query"));
    root.querySelectorAll(".CodeMirror-scroll:not([tabindex='0'])").forEach((area) => {
      area.setAttribute("tabindex", "0");  // CodeMirror's -1: scrolled by keyboard too
      area.setAttribute("aria-label", say("SPARQL-query (scrollen)", "SPARQL query (scroll)"));
    });
  };
  mend();
  new MutationObserver(mend).observe(root, { childList: true, subtree: true });
}