// Starts YASGUI on this server's endpoint and opens every stored query as a tab.
(async function () {
  if (typeof Yasgui === "undefined") return;
  const endpoint = new URL("/sparql", window.location.href).href;
  localStorage.removeItem("yagui__config");
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
  });
  const stored = await (await fetch("/api/queries")).json();
  for (const query of stored) {
    const bound = query.parameters.map((p) => `# ?${p.name} (${p.type}): ${p.description}`).join("\n");
    const text = bound ? `# Bind the parameters, e.g. with VALUES:\n${bound}\n${query.text}` : query.text;
    yasgui.addTab(false, { name: query.title, yasqe: { value: text } });
  }
  window.ndsgraphStoredTabs = stored.length;
})();
