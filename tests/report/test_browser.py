"""The review report in real headless Chromium, opened from disk (file://), no network.

Needs Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``; CI installs them) and the ``selenium`` package. Screenshots go to
``test-artifacts/`` (git-ignored). ``IC_UPDATE_DOCS_SCREENSHOT=1`` also rewrites the README's
``docs/review-note-page.png``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from infusion_coder.models import NoteResult
from infusion_coder.report.sink import ReportSink
from infusion_coder.writers import Summary

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
    "chromium-driver); CI installs them",
)


@pytest.fixture(scope="module")
def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.TemporaryDirectory(prefix="ic-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        f"--user-data-dir={profile.name}",
        "--window-size=1440,1500",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(20)
    yield browser
    browser.quit()
    profile.cleanup()


@pytest.fixture(scope="module")
def report(tmp_path_factory, make_ketamine, make_hostile):
    out = tmp_path_factory.mktemp("run")
    sink = ReportSink(out)
    results = [
        make_ketamine(),
        make_hostile(),
        NoteResult.failed("N-3", "decode_error", "not UTF-8 at byte 112"),
    ]
    for result in results:
        sink.add(result)
    sink.close(Summary(seconds=1.0))
    review = out / "review"
    pages = sorted((review / "notes").iterdir())
    return review, results, pages


def _wait(driver, script: str, timeout: float = 5.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def _click(driver, element) -> None:
    """Click like a user: scroll the element clear of the sticky header first."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _texts(driver, selector: str) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(n => n.textContent)",
        selector,
    )


def test_note_page_highlights_timeline_and_line_selection(driver, report):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _review, results, pages = report
    driver.get(pages[0].as_uri())
    assert driver.title.startswith("Note KET-2025-1103-004")
    # the note text, exactly (the DOM normalises CRLF to LF, as every HTML parser must)
    shown = driver.execute_script("return document.getElementById('note-text').textContent")
    assert shown == results[0].text.replace("\r\n", "\n")
    drugs = _texts(driver, "#note-text .hl.k-drug")
    assert {"Ketamine", "Ondansetron", "NS"} <= set(drugs)
    assert "midazolam" in _texts(driver, "#note-text .hl.ng")
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.timeline .tl-row")) == 4
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.timeline rect.tl-bar")) == 3
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.timeline .tl-marker")) == 1
    assert not driver.find_elements(By.CSS_SELECTOR, ".is-sel")

    # click the 96365 line: its evidence in the note and the ketamine bar light up
    driver.find_element(By.CSS_SELECTOR, ".card.line[data-key='l0'] .pick").click()
    _wait(driver, "return document.querySelectorAll('#note-text .is-sel').length > 0")
    selected = _texts(driver, "#note-text .hl.is-sel")
    assert {"Ketamine", "0930", "1012", "0950"} <= set(selected)
    assert "Ondansetron" not in selected
    bars = driver.execute_script(
        "return Array.from(document.querySelectorAll('.tl-row.is-sel'))"
        ".map(n => n.getAttribute('data-refs'))"
    )
    assert bars == ["a2"]
    pick = driver.find_element(By.CSS_SELECTOR, ".card.line[data-key='l0'] .pick")
    assert pick.get_attribute("aria-pressed") == "true"
    assert driver.execute_script("return location.hash") == "#l0"
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "review-note-page.png"))

    # keyboard: Escape clears, Enter on another line selects it
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    assert not driver.find_elements(By.CSS_SELECTOR, "#note-text .is-sel")
    second = driver.find_element(By.CSS_SELECTOR, ".card.line[data-key='l1'] .pick")
    second.send_keys(Keys.ENTER)
    _wait(driver, "return document.querySelectorAll('#note-text .is-sel').length > 0")
    assert set(_texts(driver, "#note-text .hl.is-sel")) == {"Ondansetron", "push"}

    # a finding's evidence chip selects the finding and scrolls its span into view
    _click(driver, driver.find_element(By.CSS_SELECTOR, ".card.finding[data-key='f2'] .ev"))
    _wait(driver, "return document.querySelector('.card.finding.is-active') !== null")
    assert "Ketamine" in _texts(driver, "#note-text .hl.is-sel")
    assert driver.execute_script(
        "const r = document.querySelector('#note-text .is-sel').getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight"
    )

    if os.environ.get("IC_UPDATE_DOCS_SCREENSHOT") == "1":
        size = driver.get_window_size()
        driver.set_window_size(1400, 1150)
        driver.get("about:blank")
        driver.get(pages[0].as_uri() + "#l0")
        _wait(driver, "return document.querySelectorAll('#note-text .is-sel').length > 0")
        driver.execute_script("window.scrollTo(0, 0)")
        driver.execute_script("document.getAnimations().forEach(a => a.finish())")
        driver.save_screenshot(str(ROOT / "docs" / "review-note-page.png"))
        driver.set_window_size(size["width"], size["height"])


def test_script_and_markup_in_a_note_do_not_execute(driver, report):

    _review, results, pages = report
    driver.get(pages[1].as_uri())
    _wait(driver, "return document.readyState === 'complete'")
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert (
        driver.execute_script(
            "return document.querySelectorAll('#note-text img, #note-text a, #note-text b, "
            "#note-text script').length"
        )
        == 0
    )
    scripts = driver.execute_script(
        "return Array.from(document.scripts).map(s => s.getAttribute('src'))"
    )
    assert scripts == ["../assets/report.js"]
    shown = driver.execute_script("return document.getElementById('note-text').textContent")
    assert shown == results[1].text
    # clicking everything that looks like a link in the note still runs nothing
    hostile = driver.execute_script(
        "return Array.from(document.querySelectorAll('#note-text .hl, .ev'))"
        ".filter(n => /[<:]/.test(n.textContent))"
    )
    assert len(hostile) >= 4
    for piece in hostile:
        _click(driver, piece)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.current_url.startswith(pages[1].as_uri())
    # defence in depth: even markup injected into the page cannot run inline code (CSP)
    driver.execute_script(
        "document.body.insertAdjacentHTML('beforeend',"
        ' \'<img src=x onerror="window.__csp=1"><a id=js href="javascript:window.__csp=2">x</a>\')'
    )
    driver.execute_script("document.getElementById('js').click()")
    assert driver.execute_script("return typeof window.__csp") == "undefined"
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "review-hostile-note.png"))


def test_index_filters_searches_and_links_to_notes(driver, report):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    review, _results, pages = report
    driver.get((review / "index.html").as_uri())
    _wait(driver, "return document.querySelectorAll('#rows tr').length === 3")
    assert driver.execute_script("return typeof window.__pwned") == "undefined"

    search = driver.find_element(By.ID, "flt-q")
    search.send_keys("96374")
    _wait(driver, "return document.querySelectorAll('#rows tr').length === 1")
    assert _texts(driver, "#rows tr td:nth-child(2)") == ["HOSTILE-1"]
    search.clear()
    search.send_keys("Ondansetron")  # note text is not searchable
    _wait(driver, "return document.querySelectorAll('#rows tr').length === 0")
    driver.find_element(By.CSS_SELECTOR, "button[type=reset]").click()
    _wait(driver, "return document.querySelectorAll('#rows tr').length === 3")

    Select(driver.find_element(By.ID, "flt-status")).select_by_value("error")
    _wait(driver, "return document.querySelectorAll('#rows tr').length === 1")
    assert _texts(driver, "#rows tr td:last-child") == ["decode_error: not UTF-8 at byte 112"]
    Select(driver.find_element(By.ID, "flt-status")).select_by_value("")
    Select(driver.find_element(By.ID, "flt-severity")).select_by_value("error")
    _wait(driver, "return document.querySelectorAll('#rows tr').length === 1")
    Select(driver.find_element(By.ID, "flt-severity")).select_by_value("")
    Select(driver.find_element(By.ID, "flt-code")).select_by_value("J2405")
    _wait(driver, "return document.querySelectorAll('#rows tr').length === 1")
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "review-index.png"))

    driver.find_element(By.CSS_SELECTOR, "#rows a").click()
    _wait(driver, "return document.body.classList.contains('page-note')")
    assert driver.current_url == pages[0].as_uri()


def test_index_pages_and_sorts_a_larger_run(driver, tmp_path, make_ketamine):
    from selenium.webdriver.common.by import By

    sink = ReportSink(tmp_path, chunk_size=50)
    for i in range(230):
        if i % 10 == 0:
            sink.add(make_ketamine(note_id=f"KET-{i:03d}"))
        else:
            sink.add(NoteResult.failed(f"N-{i:03d}", "empty_note", "the note text is empty"))
    sink.close(Summary())
    driver.get((tmp_path / "review" / "index.html").as_uri())
    _wait(driver, "return document.querySelectorAll('#rows tr').length === 100")
    assert driver.find_element(By.ID, "page").text == "Page 1 of 3"
    assert driver.find_element(By.ID, "prev").get_attribute("disabled") == "true"
    _click(driver, driver.find_element(By.ID, "next"))
    _wait(driver, "return document.getElementById('page').textContent === 'Page 2 of 3'")
    assert _texts(driver, "#rows tr td:first-child")[0] == "101"
    # sort by warnings (most first): the 23 ketamine notes lead
    _click(driver, driver.find_element(By.CSS_SELECTOR, "button.sort[data-sort='warnings']"))
    _wait(driver, "return document.getElementById('page').textContent === 'Page 1 of 3'")
    ids = _texts(driver, "#rows tr td:nth-child(2)")
    assert all(i.startswith("KET-") for i in ids[:23]) and ids[23].startswith("N-")
    # a count in the summary table filters the list
    _click(
        driver,
        driver.find_element(By.CSS_SELECTOR, "button[data-filter='code'][data-value='J2405']"),
    )
    _wait(driver, "return document.querySelectorAll('#rows tr').length === 23")
    assert "23 matching notes (230 in the run)" in driver.find_element(By.ID, "shown").text
