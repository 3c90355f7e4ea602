"""What a reader sees: a real Chromium on a running Datasette (Debian's chromium + Playwright).

Skipped, with the reason, where /usr/bin/chromium or Playwright is missing (`make test`
installs chromium first when it runs as root).
"""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DB = "sino_russian_news"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(built):
    project, _ = built
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sino_russian_news.pipeline.datasette_site",
            "serve",
            "--project",
            str(project),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"datasette exited: {process.stderr.read().decode()[-500:]}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def page():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (dev extra)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        yield tab
        browser.close()


def test_article_page_shows_headline_and_first_paragraph(server, page):
    page.goto(f"{server}/{DB}/articles/004_6f773ce998831c97")
    assert (
        page.locator("article h1").inner_text()
        == "Russia’s Putin and China’s No. 2 official praise deepening ties as Ukraine war grinds on"
    )
    first = page.locator("article .body p").first.inner_text()
    assert first.startswith("Russian President Vladimir Putin")
    assert page.locator("article .meta").inner_text().startswith("CNN, via InvestmentIntellectHub.com · 2024-08-21")
    assert page.locator("a", has_text="quotes").count() >= 1


def test_full_text_search_is_ranked_with_highlighted_snippet(server, page):
    page.goto(f"{server}/{DB}/search_articles?q=Kursk")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == 1
    assert page.locator("td.col-article_id").first.inner_text() == "004_6f773ce998831c97"
    assert page.locator("td.col-snippet mark").first.inner_text() == "Kursk"
    page.goto(f"{server}/{DB}/search_articles?q=Xi")
    ranks = [float(t) for t in page.locator("td.col-rank").all_inner_texts()]
    assert len(ranks) == 5 and ranks == sorted(ranks)


def test_column_descriptions_are_folded_above_the_rows(server, page):
    page.goto(f"{server}/{DB}/articles")
    summary = page.locator("details.column-descriptions > summary")
    assert summary.inner_text() == "What each column means (31 columns)"
    assert not page.locator("dl.column-descriptions dt", has_text="raw_encoding").is_visible()
    summary.click()
    assert page.locator("dl.column-descriptions dt", has_text="raw_encoding").is_visible()


def test_release_order_is_named_in_words_not_as_rowid(server, page):
    page.goto(f"{server}/{DB}/articles")
    assert page.locator("h3", has_text="rows").first.inner_text() == "5 rows in release order"
    assert page.title() == "sino_russian_news: articles: 5 rows in release order"
    page.goto(f"{server}/{DB}/articles?_sort=published_date")
    assert page.locator("h3", has_text="rows").first.inner_text() == "5 rows sorted by published_date"
