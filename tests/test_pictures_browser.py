"""The dependency and landscape pictures (/picture) in Debian's headless Chromium against a
live server with the example landscape: what is drawn is what the stored queries answer,
organisations are gathered by type with the right counts and open on a click, no two drawn
labels overlap, every label stays inside its node's shape and breaks only between words, the legend names every shape, fill, border and line drawn, Almere's landscape
shows its contracts and the findings on them as the register has them (its own only), and
axe-core finds no WCAG 2.1 A/AA violations. Screenshots go to tests/artifacts/."""

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .browsing import answer, axe_violations, full_page_screenshot, shown_identifiers

BOUWSTEEN = "https://w3id.org/ndsgraph/id/bouwsteen/"
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
NDSG = "https://w3id.org/ndsgraph/def/"
VIOLATION = "http://www.w3.org/ns/shacl#Violation"
GEMEENTE = "https://w3id.org/ndsgraph/id/begrip/organisatietype/gemeente"


def sparql(site: str, query: str) -> list[dict[str, str]]:
    """A SELECT's rows over the site's endpoint, as plain values: facts to check a picture
    against that its own queries do not give."""
    request = urllib.request.Request(
        f"{site}/sparql?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        bindings = json.load(response)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def show(browser, site: str, iri: str) -> None:
    """The picture of ``iri`` in Dutch, once drawn."""
    query = urllib.parse.urlencode({"uri": iri, "lang": "nl"})
    browser.get(f"{site}/picture?{query}")
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return window.ndsgraphPicture !== undefined")
    )


@pytest.fixture(autouse=True)
def forget_the_language(browser, site):
    """``?lang=nl`` leaves a cookie; the other modules' pages must not inherit it."""
    yield
    browser.delete_cookie("lang")


def drawn(browser) -> dict:
    """What Cytoscape holds: every node and edge (their data), and which are shown."""
    return browser.execute_script(
        """
        const cy = window.ndsgraphPicture;
        const view = (e) => Object.assign({}, e.data(), {shown: e.style("display") !== "none"});
        return {nodes: cy.nodes().map(view), edges: cy.edges().map(view)};
        """
    )


def real(elements: list[dict]) -> list[dict]:
    """The nodes and edges of the answer, without the groups and their edges."""
    return [e for e in elements if e.get("kind") != "group" and e.get("aggregate") != "yes"]


def open_every_group(browser) -> None:
    for button in browser.find_elements(By.CSS_SELECTOR, "button.picture-group"):
        if button.get_attribute("aria-expanded") == "false":
            button.click()


def overlapping_labels(browser) -> list[tuple[str, str]]:
    """The pairs of shown nodes whose rendered labels overlap, by their drawn boxes."""
    return browser.execute_script(
        """
        const shown = window.ndsgraphPicture.nodes().filter((n) => n.style("display") !== "none");
        const boxes = shown.map((node) => [node.id(),
          node.boundingBox({includeLabels: true, includeNodes: false, includeOverlays: false})]);
        const pairs = [];
        boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
          if (p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2) pairs.push([a, b]);
        }));
        return pairs;
        """
    )


@pytest.mark.parametrize("block", ["digid", "nlx", "zgw-apis"])
def test_a_building_blocks_picture_draws_what_its_stored_queries_answer(browser, site, block):
    iri = BOUWSTEEN + block
    show(browser, site, iri)
    rows = answer(site, "dependency-picture", block=iri)
    dependencies = {r["dependency"] for r in answer(site, "dependencies", block=iri)}
    affected = {r["affected"] for r in answer(site, "impact", block=iri)}
    picture = drawn(browser)
    assert {n["id"] for n in real(picture["nodes"])} == {iri} | dependencies | affected
    edges = Counter((e["source"], e["relation"], e["target"]) for e in real(picture["edges"]))
    assert edges == Counter((r["source"], r["relation"], r["target"]) for r in rows)
    open_every_group(browser)
    opened = drawn(browser)
    assert all(n["shown"] for n in real(opened["nodes"]))
    assert all(e["shown"] for e in real(opened["edges"]))
    assert not any(n["shown"] for n in opened["nodes"] if n["kind"] == "group")
    rows_shown = browser.find_elements(By.CSS_SELECTOR, "#picture-nodes tbody tr")
    assert len(rows_shown) == len(real(picture["nodes"]))


def test_digids_organisations_are_gathered_by_type_with_their_number(browser, site):
    iri = BOUWSTEEN + "digid"
    show(browser, site, iri)
    rows = answer(site, "dependency-picture", block=iri)
    organisations = {r["source"] for r in rows if r["relation"] in ("runs", "adopts")}
    values = " ".join(f"<{o}>" for o in organisations)
    types = sparql(
        site,
        f"SELECT ?o ?type WHERE {{ VALUES ?o {{ {values} }} ?o <{NDSG}organisationType> ?type }}",
    )
    per_type = Counter(r["type"] for r in types)
    expected = {f"group:{kind}": n for kind, n in per_type.items() if n >= 2}
    groups = {n["id"]: n for n in drawn(browser)["nodes"] if n["kind"] == "group"}
    assert {g: n["members"] for g, n in groups.items()} == expected
    assert groups[f"group:{GEMEENTE}"]["label"] == f"gemeenten ({per_type[GEMEENTE]})"
    closed = {n["id"] for n in drawn(browser)["nodes"] if n["shown"]}
    assert not closed & organisations  # all of them sit in a group: none has a type of its own


def test_a_click_opens_a_group_into_its_members_and_its_button_closes_it(browser, site):
    show(browser, site, BOUWSTEEN + "digid")
    gemeenten = f"group:{GEMEENTE}"
    browser.execute_script(
        "window.ndsgraphPicture.getElementById(arguments[0]).emit('tap')", gemeenten
    )
    picture = drawn(browser)
    group = next(n for n in picture["nodes"] if n["id"] == gemeenten)
    members = [n for n in picture["nodes"] if n.get("kind") == "organisation" and n["shown"]]
    assert not group["shown"] and len(members) >= group["members"]
    button = browser.find_element(By.CSS_SELECTOR, f"button[data-group='{gemeenten}']")
    assert button.get_attribute("aria-expanded") == "true"
    button.send_keys(Keys.ENTER)  # by keyboard, as a person without a mouse would
    assert button.get_attribute("aria-expanded") == "false"
    picture = drawn(browser)
    assert next(n for n in picture["nodes"] if n["id"] == gemeenten)["shown"]
    assert not any(
        n["shown"]
        for n in picture["nodes"]
        if n.get("kind") == "organisation" and "gemeente/" in n["id"]
    )


def labels_outside_their_shapes(browser) -> list[str]:
    """The shown nodes whose drawn label leaves their outline: a corner of the label's box
    outside the node's shape (a contract's tag, a supplier's rhomboid), by Cytoscape's own
    test of a point against a shape."""
    return browser.execute_script(
        """
        const cy = window.ndsgraphPicture, shapes = cy.renderer().nodeShapes;
        return cy.nodes().filter((n) => n.style("display") !== "none").filter((node) => {
          const box = node.boundingBox({includeLabels: true, includeNodes: false, includeOverlays: false});
          const at = node.position(), shape = shapes[node.style("shape")];
          const corner = node.pstyle("corner-radius").value;  // of a rounded rectangle
          // half a pixel in: the test counts a point straight above a vertex as outside
          const [x1, x2, y1, y2] = [box.x1 + 0.5, box.x2 - 0.5, box.y1 + 0.5, box.y2 - 0.5];
          return [[x1, y1], [x2, y1], [x1, y2], [x2, y2]].some(
            ([x, y]) => !shape.checkPoint(x, y, 0, node.width(), node.height(), at.x, at.y, corner));
        }).map((node) => node.data("name"));
        """
    )


BREAKS = re.compile(r"(?<=[-/])|\s+")  # a label may break at a space, after a hyphen or slash


def words(text: str) -> list[str]:
    return [w for w in BREAKS.split(text.replace("\u200b", "")) if w and w != "\u26a0"]


def lines_broken_inside_a_word(browser) -> list[tuple[str, list[str]]]:
    """The shown nodes with a drawn line that holds a piece of a word (Cytoscape's wrapped
    lines): "financiele-administ" / "ratie"; a word shortened to fit with "…" is whole."""
    picture = browser.execute_script(
        """
        const data = JSON.parse(document.getElementById("picture-data").textContent);
        const cy = window.ndsgraphPicture;
        const texts = Object.fromEntries(data.nodes.map((n) => [n.iri, [n.label, ...n.caption]])
          .concat(data.groups.map((g) => [g.id, [g.label, "(" + g.members.length + ")"]]))
          .concat(data.summaries.map((s) => [s.id, [s.label]])));
        return cy.nodes().filter((n) => n.style("display") !== "none").map((node) =>
          [node.data("name"), texts[node.id()], node._private.rscratch.labelWrapCachedLines]);
        """
    )
    broken = []
    for name, texts, lines in picture:
        whole = {w for text in texts for w in words(text)}
        pieces = [w for line in lines for w in words(line)]
        if not all(w in whole or w.endswith("\u2026") for w in pieces):
            broken.append((name, lines))
    return broken


@pytest.mark.parametrize("subject", [ALMERE, BOUWSTEEN + "digid"])
def test_every_label_stays_inside_its_node_and_breaks_between_words(browser, site, subject):
    """Almere's contracts read "financiele-administ" / "ratie" and ran over their tag's point;
    a label now wraps at spaces, hyphens and slashes, fits its shape, and a word too long for
    it is shortened with an ellipsis (the full name is in the table and on hover)."""
    show(browser, site, subject)
    open_every_group(browser)
    assert lines_broken_inside_a_word(browser) == []
    assert labels_outside_their_shapes(browser) == []


@pytest.mark.parametrize(
    ("subject", "opened"),
    [
        (BOUWSTEEN + "digid", False),
        (BOUWSTEEN + "digid", True),
        (BOUWSTEEN + "nlx", False),
        (BOUWSTEEN + "zgw-apis", False),
        (ALMERE, False),
    ],
)
def test_no_two_drawn_labels_overlap(browser, site, subject, opened):
    show(browser, site, subject)
    if opened:
        open_every_group(browser)
    assert overlapping_labels(browser) == []


@pytest.mark.parametrize("subject", [BOUWSTEEN + "digid", ALMERE])
def test_the_legend_names_every_shape_fill_border_and_line_drawn(browser, site, subject):
    show(browser, site, subject)
    picture = drawn(browser)

    def legend(key: str) -> set[str]:
        items = browser.find_elements(By.CSS_SELECTOR, f"[data-{key}]")
        return {item.get_attribute(f"data-{key}") for item in items}

    assert {n["shape"] for n in picture["nodes"]} <= legend("shape")
    assert {n["fill"] for n in picture["nodes"]} <= legend("fill")
    assert {n["border"] for n in picture["nodes"]} <= legend("border")
    assert {e["line"] for e in picture["edges"]} <= legend("line")


def test_almeres_landscape_shows_its_contracts_and_only_its_own_findings(browser, site):
    show(browser, site, ALMERE)
    picture = drawn(browser)
    nodes = {n["id"]: n for n in real(picture["nodes"])}
    contracts = {
        r["contract"]
        for r in sparql(
            site,
            f"SELECT ?contract WHERE {{ ?system <{NDSG}organisation> <{ALMERE}> ; "
            f"<{NDSG}contract> ?contract }}",
        )
    }
    assert contracts and contracts <= {i for i, n in nodes.items() if n["kind"] == "contract"}
    adoptions = {
        r["adoption"]: r["block"]
        for r in sparql(
            site,
            f"SELECT ?adoption ?block WHERE {{ ?adoption <{NDSG}organisation> <{ALMERE}> ; "
            f"<{NDSG}buildingBlock> ?block }}",
        )
    }
    register = [
        r for r in answer(site, "register") if r.get("organisation") == ALMERE
    ]  # the findings in force on Almere's data
    worst: dict[str, str] = {}
    for finding in register:
        about = adoptions.get(finding["subject"], finding["subject"])
        level = (
            "violation"
            if finding["explained"] == "false" and finding["severity"] == VIOLATION
            else "unexplained"
            if finding["explained"] == "false"
            else "explained"
        )
        order = ("violation", "unexplained", "explained")
        if about not in worst or order.index(level) < order.index(worst[about]):
            worst[about] = level
    on_contracts = {c: level for c, level in worst.items() if c in contracts}
    assert "violation" in on_contracts.values()  # an unexplained Violation sits on a contract
    borders = browser.execute_script(
        "return JSON.parse(document.getElementById('picture-data').textContent).style.borders"
    )
    for iri, node in nodes.items():
        assert node["border"] == borders[worst.get(iri, "none")][0], iri
    suppliers = {e["target"] for e in real(picture["edges"]) if e["source"] in contracts}
    assert len(suppliers) == len(contracts)  # every contract with its supplier
    # DigiD has findings of other organisations; in Almere's landscape it has none of them
    digid = BOUWSTEEN + "digid"
    assert digid not in worst and nodes[digid]["border"] == borders["none"][0]


@pytest.mark.parametrize(
    ("subject", "screenshot"),
    [(BOUWSTEEN + "digid", "picture-digid.png"), (ALMERE, "picture-gm0034.png")],
)
def test_the_pictures_pass_axe_show_names_and_are_saved(browser, site, subject, screenshot):
    show(browser, site, subject)
    assert axe_violations(browser) == []
    assert shown_identifiers(browser) == []
    full_page_screenshot(browser, screenshot)


def test_a_click_on_a_node_opens_its_page(browser, site):
    show(browser, site, ALMERE)
    browser.execute_script(
        "window.ndsgraphPicture.getElementById(arguments[0]).emit('tap')", BOUWSTEEN + "digid"
    )
    WebDriverWait(browser, 30).until(lambda d: "/doc/bouwsteen/digid" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "DigiD"


def test_the_picture_speaks_english_when_asked(site):
    query = urllib.parse.urlencode({"uri": ALMERE, "lang": "en"})
    with urllib.request.urlopen(f"{site}/picture?{query}", timeout=60) as response:
        page = response.read().decode()
    assert "Legend" in page and "Landscape of" in page and "exit clause" in page
    assert "Legenda" not in page


@pytest.mark.parametrize(
    ("query", "named"), [("", "?uri="), ("?uri=urn%3Aexample%3Anothing", "<urn:example:nothing>")]
)
def test_missing_or_unknown_subject_is_a_clear_400(site, query, named):
    try:
        urllib.request.urlopen(f"{site}/picture{query}", timeout=30)
    except urllib.error.HTTPError as error:
        assert error.code == 400
        assert named in error.read().decode()
    else:
        pytest.fail("expected a 400")
