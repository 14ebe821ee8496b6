"""The profile pages in Debian's headless Chromium on the example landscape: each loads, names
what it shows (no IRIs or blank-node hashes in the text a person reads), has no WCAG 2.1 A/AA
violation, and is saved as a screenshot in tests/artifacts/."""

import re
import urllib.parse

import pytest
from selenium.webdriver.common.by import By

from .browsing import answer, axe_violations, full_page_screenshot, shown_identifiers

ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
PAGES = {
    "profile-organisation-gm0034.png": "/doc?uri=" + urllib.parse.quote(ALMERE, safe=""),
    "profile-digid.png": "/doc/bouwsteen/digid",
    "profile-standard-https-en-hsts.png": "/doc/standaard/https-en-hsts",
    "profile-standard-saml.png": "/doc/standaard/saml",  # with the version its Forum page states
    "profile-brv.png": "/doc/bouwsteen/brv",
    "profile-supplier-ritense.png": "/doc/leverancier/ritense",
    "profile-resource-contract.png": "/doc/voorbeeld/contract/gm0034/belastingheffing",
}


@pytest.fixture(autouse=True)
def as_before(browser):
    """These tests read the pages in Dutch (?lang=nl): its cookie goes after each test."""
    yield
    browser.delete_all_cookies()


@pytest.mark.parametrize("screenshot", sorted(PAGES))
def test_a_profile_names_what_it_shows_and_passes_axe(browser, site, screenshot):
    separator = "&" if "?" in PAGES[screenshot] else "?"
    browser.get(site + PAGES[screenshot] + separator + "lang=nl")  # Dutch, as people read it
    assert browser.find_element(By.TAG_NAME, "h1").text
    assert shown_identifiers(browser) == []
    assert axe_violations(browser) == []
    full_page_screenshot(browser, screenshot)


def test_almeres_page_reads_as_its_profile_in_dutch(browser, site):
    browser.get(site + PAGES["profile-organisation-gm0034.png"] + "&lang=nl")
    assert browser.find_element(By.TAG_NAME, "h1").text == "gemeente Almere"
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert headings[:4] == [
        "In het kort",
        "Afnames per status",
        "Applicaties en legacysystemen",
        "Contracten en exitvoorwaarden",
    ]
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(By.TAG_NAME, "a")}
    assert any(h.endswith("/organisatie/gm0034/leg-uit?jaar=" + h[-4:]) for h in links.values())
    picture = urllib.parse.urlsplit(links["Landschapsplaat"])
    assert picture.path == "/picture" and urllib.parse.parse_qs(picture.query)["uri"] == [ALMERE]
    adopted = answer(site, "organisation-adoptions", organisation=ALMERE)
    in_production = [a for a in adopted if a["status"].endswith("/in-productie")]
    assert f"in productie ({len(in_production)})" in browser.find_element(By.ID, "main").text


def test_digid_names_its_manager_never_a_hash(browser, site):
    browser.get(site + PAGES["profile-digid.png"] + "?lang=nl")
    assert browser.find_element(By.TAG_NAME, "h1").text == "DigiD"
    header = browser.find_element(By.CSS_SELECTOR, ".profile-head").text
    assert "beheerder: Logius" in header


@pytest.mark.parametrize("width", [1400, 720])
def test_digids_adopters_fit_their_column(browser, site, width):
    """The adopters were one table of nine columns, 1,315 px wide in a column of 1,152 (and
    some 800 in one of 677): each table is no wider than what holds it, on a wide and on a
    narrow window."""
    browser.set_window_size(width, 1000)
    try:
        browser.get(site + PAGES["profile-digid.png"] + "?lang=nl")
        tables = browser.execute_script(
            """
            return [...document.querySelectorAll("#main table")].map((table) => [
              table.querySelector("caption").textContent,
              table.getBoundingClientRect().width, table.parentElement.clientWidth]);
            """
        )
    finally:
        browser.set_window_size(1400, 1000)
    assert any("organisatietype" in caption for caption, _, _ in tables)
    assert [(c, w, room) for c, w, room in tables if w > room + 0.5] == []


def test_a_suppliers_page_sums_up_what_its_links_list_in_full(browser, site):
    """The summary's totals are those of the stored queries its links give in full."""
    supplier = "https://w3id.org/ndsgraph/id/leverancier/ritense"
    browser.get(site + PAGES["profile-supplier-ritense.png"] + "?lang=nl")
    applications = len({a["system"] for a in answer(site, "supplier-customers", supplier=supplier)})
    rows = answer(site, "contracts", supplier=supplier)
    contracts = len({c["contract"] for c in rows})
    bare = len({c["contract"] for c in rows if c.get("exitClause") == "false"})
    total = browser.find_element(By.CSS_SELECTOR, "#main table tfoot").text.split()
    assert total[-4:-1] == [str(applications), str(contracts), str(bare)]  # then the first end
    links = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "p.more a")}
    assert links == {f"Alle {applications} applicaties tonen", f"Alle {contracts} contracten tonen"}


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_a_deviation_finding_and_run_read_for_people_in_english(browser, site):
    """A deviation showed by its slug, a finding and a run by ISO timestamps, and Dutch text
    on an English page was not marked as Dutch."""
    browser.get(site + "/doc/voorbeeld/afwijking/gm0034/exit-by-design-belastingheffing?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text == (
        "Deviation from \u2018Exit clause\u2019 for contract belastingheffing (gm0034)"
    )
    full_page_screenshot(browser, "profile-deviation-en.png")
    row = answer(site, "register", organisation=ALMERE)[0]
    for iri, shot in ((row["finding"], "finding"), (row["recordedBy"], "run")):
        browser.get(site + "/doc?uri=" + urllib.parse.quote(iri, safe="") + "&lang=en")
        shown = browser.find_element(By.ID, "main").text.replace(iri, "")
        assert not ISO_DAY.search(shown), shown
        assert browser.find_elements(By.CSS_SELECTOR, "td time[datetime]"), shot
        assert axe_violations(browser) == []
        full_page_screenshot(browser, f"profile-{shot}-en.png")
    browser.get(site + PAGES["profile-digid.png"] + "?lang=en")
    description = browser.find_element(By.CSS_SELECTOR, "p.lead > span")
    assert description.get_attribute("lang") == "nl" and description.text.startswith("Inlogmiddel")
    assert axe_violations(browser) == []
    full_page_screenshot(browser, "profile-digid-en.png")
