"""The query UI in Debian's headless Chromium (driven by Selenium and chromedriver): the page
loads YASGUI from the local npm files, shows every stored query as a tab, runs one and shows
its results. A screenshot is kept in tests/artifacts/."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ndsgraph import queries

from .conftest import ARTIFACTS


def test_query_ui_shows_stored_queries_as_tabs_and_runs_one(browser, site):
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(site + "/")
    wait = WebDriverWait(browser, 60)
    stored = queries.load_queries()
    wait.until(lambda d: d.execute_script("return window.ndsgraphStoredTabs") == len(stored))
    tabs = browser.find_elements(By.CSS_SELECTOR, ".tabsList .tab")
    assert len(tabs) >= len(stored)
    title = stored["building-blocks"].title
    link = next(
        t.find_element(By.CSS_SELECTOR, "a")
        for t in tabs
        if t.find_element(By.CSS_SELECTOR, "span").text == title
    )
    link.click()
    panel = link.get_attribute("aria-controls")
    browser.find_element(By.CSS_SELECTOR, f"[id='{panel}'] .yasqe_queryButton").click()
    results = f"[id='{panel}'] .yasr tbody tr"
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, results)) >= 10)
    rows = browser.find_elements(By.CSS_SELECTOR, results)
    browser.save_screenshot(str(ARTIFACTS / "query-ui.png"))
    assert "Logius" in browser.find_element(By.CSS_SELECTOR, f"[id='{panel}'] .yasr").text
    assert len(rows) >= 10


def test_stored_queries_page_and_a_doc_page_render(browser, site):
    browser.get(site + "/doc/bouwsteen/digid")
    assert browser.find_element(By.TAG_NAME, "h1").text == "DigiD"
    assert "Afnemers" in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "doc-digid.png"))
