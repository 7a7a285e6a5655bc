"""The client's page in a real browser (Debian's chromium driven by Playwright): what a person
sees on a desktop and a phone, that documents open, and that nothing leaves file://.

Run with `make test-browser` (kept out of `make test`); screenshots go to docs/site-*.png.
"""

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from contractkit.flows.site.build import publish
from tests.conftest import ROOT
from tests.test_site import EN_TODAY, RU_TODAY, en_history, ru_history

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def visit(browser, index: Path, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True,
                                  is_mobile=viewport == "phone", device_scale_factor=1)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(index.as_uri())
    return context, page, requests


def local(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def check_documents_open(page, context) -> int:
    """Each document link: the PDF opens in the browser, the DOCX downloads; bytes match the hash."""
    rows = page.locator("#documents ~ div table tbody tr")
    checked = 0
    for i in range(rows.count()):
        row = rows.nth(i)
        link = row.locator("a")
        shown = row.locator("td.hash").inner_text().strip()
        href = link.evaluate("a => a.href")
        if href.endswith(".pdf"):
            with context.expect_page() as opened:
                link.click(modifiers=["Control"])
            tab = opened.value
            tab.wait_for_load_state()
            assert tab.url == href
            data = local(tab.url).read_bytes()
            tab.close()
        else:
            with page.expect_download() as download:
                link.click()
            data = Path(download.value.path()).read_bytes()
        assert data, href
        assert hashlib.sha256(data).hexdigest() == shown, href
        checked += 1
    return checked


def shoot(page, name: str) -> None:
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    page.screenshot(path=str(docs / name), full_page=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_ru_page_in_chromium(ws, browser, viewport):
    out = ws / "public"
    publish(ru_history(ws), out, RU_TODAY)
    context, page, requests = visit(browser, out / "index.html", viewport)
    seen = page.locator("body").inner_text().replace("\xa0", " ")  # no-break spaces of the typography pass
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").count() == 1 and page.locator("h1").inner_text() == "Корпоративный сайт ООО «Ромашка»"
    # Figures a person reads: price, completion, payments, the pending change.
    assert page.locator("#total").inner_text().replace("\u00a0", " ") == "292 750,00 ₽"
    assert page.locator("#completion").is_visible()
    # the schedule as signed (contract, then addendum 1): never a fresh percentage split (issue 21)
    payments = page.locator("#payments ~ div table tbody tr")
    assert payments.count() == 3
    amounts = [payments.nth(i).locator("td.num").first.inner_text().replace("\u00a0", " ") for i in range(3)]
    # by their signed numbers, as the contract's 3.3.N: the final payment keeps the contract's No. 2,
    # addendum 1's payment (No. 3, due first) comes after it with its own due date (issue 24)
    assert amounts == ["121 750,00 ₽", "146 375,00 ₽", "24 625,00 ₽"]
    assert "Перенос срока дизайна" in seen and "ждёт согласования" in seen
    approve = page.locator("a.approve")
    assert approve.is_visible() and approve.get_attribute("href").startswith("mailto:studio@example.ru")
    # The chart: visible, one bar per stage (4 + blog), today's line, a moved deadline.
    chart = page.locator("section.chart svg")
    box = chart.bounding_box()
    assert chart.is_visible() and box["width"] > 300 and box["height"] > 100
    assert chart.locator("g.bar").count() == 5
    assert "сегодня 20.12.2026" in chart.text_content()
    assert chart.locator("rect[stroke-dasharray='4 3']").count() >= 1
    # Readable on a phone: the page itself never scrolls sideways.
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    # Every table has column headers.
    tables = page.locator("table")
    assert all(tables.nth(i).locator("thead th[scope=col]").count() > 1 for i in range(tables.count()))
    shoot(page, f"site-ru-{viewport}.png")
    if viewport == "desktop":
        assert check_documents_open(page, context) == 10  # contract set (8) and addendum 1 (2)
    context.close()
    assert requests and all(url.startswith("file://") for url in requests), requests


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_en_page_in_chromium(ws, browser, viewport):
    out = ws / "public"
    publish(en_history(ws), out, EN_TODAY)
    context, page, requests = visit(browser, out / "index.html", viewport)
    seen = page.locator("body").inner_text().replace("\xa0", " ")  # no-break spaces of the typography pass
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Change Order No. 1" in seen and "Nothing is waiting for approval." in seen
    assert "Wholesale price list" in seen and "Moved deadlines" in seen
    assert page.locator("section.chart svg g.bar").count() == 4
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    # Printable: the print stylesheet applies (links and buttons in black).
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.querySelector('a')).color") == "rgb(0, 0, 0)"
    page.emulate_media(media="screen")
    shoot(page, f"site-en-{viewport}.png")
    if viewport == "desktop":
        assert check_documents_open(page, context) == 10
    context.close()
    assert requests and all(url.startswith("file://") for url in requests), requests
