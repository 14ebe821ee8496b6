"""The query UI in Debian's headless Chromium (driven by Selenium and chromedriver): the page
loads YASGUI from the local npm files, shows every question people ask (not the internal
queries) as a tab titled in the page's language, runs one and shows its results as values and
names that fit the page. Its editor completes prefixes, classes and properties from this server
only, and no page makes a request to another host (Chrome's performance log lists every
request). Screenshots are kept in tests/artifacts/."""

import json
import re
import time
import urllib.request

import pytest
from rdflib import Graph
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from ndsgraph import resources
from ndsgraph.sparql import queries

from .browsing import axe_violations, full_page_screenshot, shown_identifiers
from .conftest import ARTIFACTS

OWN_PREFIXES = ("shape", "regel", "prefixes")  # a framework file's own, different in each


def requests_made(browser) -> list[str]:
    """The URL of every request the browser sent since the last call (the log is drained)."""
    events = (json.loads(entry["message"])["message"] for entry in browser.get_log("performance"))
    return [
        event["params"]["request"]["url"]
        for event in events
        if event["method"] == "Network.requestWillBeSent"
    ]


def elsewhere(site: str, urls: list[str]) -> list[str]:
    """The URLs that go to another host than the served origin (data: and blob: stay local)."""
    return [u for u in urls if not u.startswith((site + "/", "data:", "blob:"))]


def served_prefixes(site: str) -> dict[str, str]:
    with urllib.request.urlopen(site + "/api/prefixes", timeout=30) as response:
        return json.load(response)


ASKED = [q for q in queries.catalogue().values() if q.asked]
WINDOW = 1400  # px, the browser fixture's width


def open_ui(browser, site: str, path: str = "/") -> None:
    browser.get(site + path)
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return window.ndsgraphStoredTabs") == len(ASKED)
    )


def tab_titles(browser) -> list[str]:
    spans = browser.find_elements(By.CSS_SELECTOR, ".tabsList .tab span")
    return [span.text for span in spans if span.text][1:]  # the first: YASGUI's empty one


def run_tab(browser, title: str):
    """Open the tab titled ``title``, run its query and return its result area once drawn."""
    tab = next(
        t.find_element(By.CSS_SELECTOR, "a")
        for t in browser.find_elements(By.CSS_SELECTOR, ".tabsList .tab")
        if t.find_element(By.CSS_SELECTOR, "span").text == title
    )
    tab.click()
    panel = tab.get_attribute("aria-controls")
    browser.find_element(By.CSS_SELECTOR, f"[id='{panel}'] .yasqe_queryButton").click()
    results = f"[id='{panel}'] .yasr tbody tr"
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, results))
    return browser.find_element(By.CSS_SELECTOR, f"[id='{panel}'] .yasr")


def type_keys(browser, *keys: str) -> list[str]:
    """Type into the focused editor; the completions then shown (after a moment to fetch)."""
    ActionChains(browser).send_keys(*keys).perform()
    time.sleep(1)
    return [hint.text for hint in browser.find_elements(By.CSS_SELECTOR, ".CodeMirror-hint")]


def complete(browser) -> list[str]:
    """Ask for completion (Ctrl-Space) and return what is offered."""
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(" ").key_up(Keys.CONTROL).perform()
    time.sleep(1)
    return [hint.text for hint in browser.find_elements(By.CSS_SELECTOR, ".CodeMirror-hint")]


def test_query_ui_offers_the_asked_queries_as_tabs_in_one_language_and_runs_one(browser, site):
    ARTIFACTS.mkdir(exist_ok=True)
    open_ui(browser, site, "/?lang=nl")
    assert tab_titles(browser) == [q.title for q in ASKED]  # Dutch only, no internal query
    internal = {q.title for q in queries.catalogue().values() if not q.asked}
    assert {"Feiten over de knopen van een plaat", "Uitspraken over een resource"} <= internal
    results = run_tab(browser, queries.stored("building-blocks").title)
    WebDriverWait(browser, 30).until(
        lambda d: results.find_elements(By.CSS_SELECTOR, "a[data-named]")
    )
    cells = [c.text for c in results.find_elements(By.CSS_SELECTOR, "tbody td")]
    assert len(results.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 10
    assert "4" in cells and "Logius" in cells  # a count as 4, not "4"^^xsd:integer
    # YASGUI's own labels in the page's language too: its empty tab and its result views
    spans = browser.find_elements(By.CSS_SELECTOR, ".tabsList .tab span")
    assert next(span.text for span in spans if span.text) == "Vraag"
    views = [b.text for b in results.find_elements(By.CSS_SELECTOR, ".yasr_btnGroup button")]
    assert {"Tabel", "Antwoord"} <= set(views) and not {"Table", "Response"} & set(views), views
    assert not [c for c in cells if "^^" in c or "XMLSchema" in c or c.startswith("<http")]
    links = {
        a.text: a.get_attribute("href") for a in results.find_elements(By.CSS_SELECTOR, "a.iri")
    }
    assert links["DigiD"] == site + "/doc/bouwsteen/digid"  # an IRI as its name, to its page
    # the results fit a 1,400 px window: they wrap, and only their own area could scroll
    box = browser.execute_script(
        "const r = arguments[0].querySelector('table').getBoundingClientRect();"
        "return [r.left, r.right, document.documentElement.scrollWidth];",
        results,
    )
    assert box[0] >= 0 and box[1] <= WINDOW and box[2] <= WINDOW, box
    assert shown_identifiers(browser) == []
    assert axe_violations(browser) == []
    full_page_screenshot(browser, "query-ui.png")


def test_query_ui_shows_dates_readably_and_titles_in_english_on_request(browser, site):
    open_ui(browser, site, "/?lang=en")
    try:
        assert tab_titles(browser) == [q.title_in("en") for q in ASKED]
        results = run_tab(browser, queries.stored("kpi-trend").title_in("en"))
        time_cell = results.find_element(By.CSS_SELECTOR, "tbody td:nth-child(3)").text
        assert re.fullmatch(r"\d{1,2} \w+ \d{4} at \d{2}:\d{2}:\d{2}", time_cell), time_cell
    finally:
        browser.get(site + "/?lang=nl")  # the language is remembered: back to Dutch


def test_internal_queries_are_served_by_the_api_and_titled_in_the_chosen_language(site):
    def listing(language: str) -> dict[str, dict]:
        request = urllib.request.Request(f"{site}/api/queries?lang={language}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return {q["name"]: q for q in json.load(response)}

    dutch, english = listing("nl"), listing("en")
    assert set(dutch) == set(queries.catalogue())
    assert dutch["picture-nodes"]["audience"] == "internal"
    assert dutch["building-blocks"]["audience"] == "public"
    assert dutch["picture-nodes"]["title"] == "Feiten over de knopen van een plaat"
    assert english["picture-nodes"]["title"] == "Facts about the nodes of a picture"
    with urllib.request.urlopen(f"{site}/api/queries/picture-nodes?node=urn:x", timeout=30) as r:
        assert r.status == 200


def test_every_page_has_our_favicon(site):
    with urllib.request.urlopen(site + "/", timeout=30) as response:
        page = response.read().decode()
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in page
    for path in ("/static/favicon.svg", "/favicon.ico"):
        with urllib.request.urlopen(site + path, timeout=30) as response:
            assert response.headers["Content-Type"].startswith("image/svg+xml"), path
            assert b"<svg" in response.read(), path


def test_editor_completes_from_this_server_and_sends_nothing_elsewhere(browser, site):
    open_ui(browser, site)
    editor = next(
        e for e in browser.find_elements(By.CSS_SELECTOR, ".CodeMirror") if e.is_displayed()
    )
    editor.click()
    requests_made(browser)
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    every_prefix = type_keys(browser, Keys.BACKSPACE, "PREFIX ")
    browser.save_screenshot(str(ARTIFACTS / "query-ui-prefix-completion.png"))
    ndsg = type_keys(browser, "nd")
    type_keys(browser, Keys.ENTER, Keys.END, Keys.ENTER, "SELECT * WHERE { ?block a ndsg:Buil")
    classes = complete(browser)
    type_keys(browser, Keys.ESCAPE, Keys.END, " ; ndsg:depe")
    properties = complete(browser)
    type_keys(browser, Keys.ESCAPE, Keys.END, " ; dct:tit")
    time.sleep(3)  # for anything sent late
    text = browser.execute_script(
        "return [...document.querySelectorAll('.CodeMirror')].find((e) => e.offsetParent)"
        ".CodeMirror.getValue()"
    )

    urls = requests_made(browser)
    assert elsewhere(site, urls) == []
    assert f"{site}/api/prefixes" not in urls  # read once, on load, not per keystroke
    ours = served_prefixes(site)
    assert sorted(every_prefix) == sorted(f"{p}: <{ns}>" for p, ns in ours.items())
    assert ndsg == ["ndsg: <https://w3id.org/ndsgraph/def/>"]
    assert "ndsg:BuildingBlock" in classes
    assert "ndsg:dependsOn" in properties
    assert f"PREFIX dct: <{ours['dct']}>" in text  # added when an undeclared prefix is typed


def test_a_shared_link_runs_on_this_endpoint_whatever_it_names(browser, site):
    browser.get("about:blank")  # a load, not a jump within the page already open
    requests_made(browser)
    open_ui(browser, site, "/#query=ASK%20%7B%7D&endpoint=http%3A%2F%2Fexample.org%2Fsparql")
    time.sleep(2)
    urls = requests_made(browser)
    assert elsewhere(site, urls) == []
    assert f"{site}/sparql" in urls


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard",
        "/picture?uri=https://w3id.org/ndsgraph/id/bouwsteen/digid",
        "/queries",
        "/doc/bouwsteen/digid",
        "/def",
        "/validate",
    ],
)
def test_page_requests_nothing_from_another_host(browser, site, path):
    requests_made(browser)
    browser.get(site + path)
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    time.sleep(3)  # charts and pictures fetch their data after load
    urls = requests_made(browser)
    assert site + path in urls
    assert elsewhere(site, urls) == []


def test_every_prefix_the_sources_declare_is_served_with_its_namespace(site):
    declared = set()
    for path in [*resources.ontology_dir().glob("*.ttl"), *resources.shapes_dir().glob("*.ttl")]:
        graph = Graph(bind_namespaces="none").parse(path, format="turtle")
        declared |= {(p, str(ns)) for p, ns in graph.namespaces() if p not in OWN_PREFIXES}
    for path in resources.queries_dir().rglob("*.rq"):
        text = path.read_text(encoding="utf-8")
        declared |= set(re.findall(r"PREFIX\s+(\w*):\s*<([^>]*)>", text, re.IGNORECASE))
    assert {"vann", "kader", "void"} <= {p for p, _ in declared}  # ontology, shapes, queries
    assert declared - set(served_prefixes(site).items()) == set()


def test_stored_queries_page_and_a_doc_page_render(browser, site):
    browser.get(site + "/doc/bouwsteen/digid?lang=nl")
    browser.delete_all_cookies()  # the language switch's cookie: later pages as before
    assert browser.find_element(By.TAG_NAME, "h1").text == "DigiD"
    assert "Afnemers" in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "doc-digid.png"))
