"""What the browser tests share: a stored query's answer over HTTP to check a page against,
axe-core's WCAG 2.1 A/AA check, and a full-page screenshot into tests/artifacts/."""

import json
import re
import urllib.parse
import urllib.request

from .conftest import ARTIFACTS, ROOT

AXE = ROOT / "server" / "ui" / "node_modules" / "axe-core" / "axe.min.js"


def answer(site: str, name: str, **parameters: str) -> list[dict[str, str]]:
    """A stored query's answer from the API, as the SPARQL JSON results' plain values."""
    query = f"?{urllib.parse.urlencode(parameters)}" if parameters else ""
    request = urllib.request.Request(
        f"{site}/api/queries/{name}{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        bindings = json.load(response)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def axe_violations(browser) -> list[dict]:
    assert AXE.is_file(), "axe-core is missing: `make test` installs the UI's npm packages"
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
           .then((r) => done(r.violations.map((v) => ({id: v.id, nodes: v.nodes.length,
                                                       target: v.nodes[0].target}))));
        """
    )
    return result


def full_page_screenshot(browser, name: str) -> None:
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(height + 100, 8000))
    browser.save_screenshot(str(ARTIFACTS / name))
    browser.set_window_size(1400, 1000)


IDENTIFIER = re.compile(r"https?://\S+|\b_:\S+|\b[0-9a-f]{16,}\b")


def shown_identifiers(browser) -> list[str]:
    """IRIs and blank-node labels in the text a person reads on the page: the page's visible
    text, leaving out elements that show an IRI on purpose (``class="iri"``, e.g. the IRI
    under a page's title) and the SPARQL editor. A page that names things shows none."""
    text = browser.execute_script(
        """
        const copy = document.body.cloneNode(true);
        copy.querySelectorAll(".iri, .yasgui, script, style, [hidden]").forEach((e) => e.remove());
        copy.querySelectorAll("td, th").forEach((cell) => cell.append(" "));  // detached: no layout
        return copy.innerText;
        """
    )
    return IDENTIFIER.findall(text)
