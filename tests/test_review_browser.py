"""The review page in a real browser: Debian's Chromium, headless, driven by Playwright.

A block clicked highlights its source lines; a source line clicked selects its block; the panes
scroll in step; axe-core (npm, installed by `nox -s tests`) finds no serious accessibility problem;
a screenshot is taken for people to look at (REVIEW_SCREENSHOTS=DIR keeps it). Where Chromium,
Playwright or axe-core is missing the tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_pages import AXE, required
from test_review_page import hangzhou_page

pytestmark = pytest.mark.xdist_group("review-browser")

CHROMIUM = "/usr/bin/chromium"
#: Flags for a headless Chromium on a machine with no network but the package registries.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if chromium is None:
        required("Chromium is not installed (nox -s tests installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        required("Playwright is not installed (it comes with the test extras)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "hangzhou.review.html"
    path.write_text(hangzhou_page()[0], "utf-8")
    return path


@pytest.fixture
def page(browser: Any, page_file: Path) -> Iterator[Any]:
    opened = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on(
        "request",
        lambda request: (
            errors.append(f"request {request.url}")
            if not request.url.startswith(("file:", "data:"))
            else None
        ),
    )
    opened.goto(page_file.as_uri())
    opened.evaluate("document.fonts.ready.then(() => true)")
    yield opened
    opened.close()
    assert errors == []


def highlighted(page: Any) -> list[int]:
    return [int(i[1:]) for i in page.eval_on_selector_all(".l.hl", "lines => lines.map(l => l.id)")]


#: Whether an element the selector matches lies within a pane's visible height.
IN_PANE = """([pane, selector]) => {
    const box = document.getElementById(pane).getBoundingClientRect();
    return Array.from(document.querySelectorAll(selector)).some(element => {
        const seen = element.getBoundingClientRect();
        return seen.bottom > box.top && seen.top < box.bottom;
    });
}"""


def visible(page: Any, pane: str, selector: str) -> bool:
    """Whether an element the selector matches is within the pane's visible height now."""
    return bool(page.evaluate(IN_PANE, [pane, selector]))


def comes_into_view(page: Any, pane: str, selector: str, seconds: float = 10) -> bool:
    """Whether an element the selector matches scrolls into the pane within `seconds`: the panes
    follow each other on scroll events, whose timing depends on the machine's load, so the test
    waits for the outcome rather than for a fixed time."""
    try:
        page.wait_for_function(IN_PANE, arg=[pane, selector], timeout=seconds * 1000)
    except Exception as error:  # playwright's TimeoutError, imported only inside the fixture
        if type(error).__name__ != "TimeoutError":
            raise
        return False
    return True


def test_a_clicked_block_shows_its_source_lines(page: Any) -> None:
    heading = page.locator(".b.heading.h2").first
    heading.locator(".bh").click()
    assert heading.get_attribute("class").split()[-1] == "sel"
    assert highlighted(page) == [27, 28]
    assert visible(page, "source", "#L27")
    assert "fix 1" in page.locator("#L27").inner_text()

    paragraph = page.locator("#B9")  # 现将《关于…》印发给你们 …: lines 9-10
    paragraph.click()
    assert highlighted(page) == list(
        range(int(paragraph.get_attribute("data-f")), int(paragraph.get_attribute("data-l")) + 1)
    )
    assert page.locator(".b.sel").count() == 1


def test_a_paragraph_across_a_page_break_leaves_the_page_number_out(page: Any) -> None:
    block = page.locator(".b", has_text="加大财政支持力度").first
    block.click()
    lines = highlighted(page)
    first, last = int(block.get_attribute("data-f")), int(block.get_attribute("data-l"))
    furniture = [n for n in range(first, last + 1) if "rm" in page.locator(f"#L{n}").get_attribute("class")]
    assert furniture and lines == [
        n
        for n in range(first, last + 1)
        if n not in furniture and page.locator(f"#L{n}").get_attribute("data-b")
    ]


def test_a_clicked_source_line_selects_its_block(page: Any) -> None:
    page.locator("#L500").scroll_into_view_if_needed()
    page.locator("#L500 .t").click()
    selected = page.locator(".b.sel")
    assert selected.count() == 1
    assert int(selected.get_attribute("data-f")) <= 500 <= int(selected.get_attribute("data-l"))
    assert visible(page, "document", ".b.sel")
    assert 500 in highlighted(page)


def test_the_panes_scroll_in_step(page: Any) -> None:
    for number in (300, 700, 120):
        page.evaluate(
            "n => { const s = document.getElementById('source'); s.scrollTop = document.getElementById('L' + n).offsetTop - s.clientHeight / 3; }",
            number,
        )
        block = page.evaluate(
            "n => Array.from(document.querySelectorAll('.b')).find(b => +b.dataset.f <= n && n <= +b.dataset.l).id",
            number,
        )
        assert comes_into_view(page, "document", f"#{block}"), number
    settle(page)  # the follower stops moving (a few animation frames) before the reader turns to it
    page.evaluate("document.getElementById('document').scrollTop = document.getElementById('B60').offsetTop")
    # now the document pane leads, and the source follows to the block's lines
    first, last = (int(page.get_attribute("#B60", name)) for name in ("data-f", "data-l"))
    assert comes_into_view(page, "source", ", ".join(f"#L{n}" for n in range(first, last + 1)))


def settle(page: Any, frames: int = 8) -> None:
    """Wait for `frames` animation frames: the page moves the following pane over four of them."""
    page.evaluate(
        "n => new Promise(done => { const next = () => (--n > 0 ? requestAnimationFrame(next) : done()); requestAnimationFrame(next); })",
        frames,
    )


def test_a_link_to_a_line_selects_it(page: Any) -> None:
    page.locator("a[href='#L564']").first.click()
    # the page answers the hashchange event, which the browser fires after the click returns
    page.wait_for_function("document.getElementById('L564').classList.contains('hl')", timeout=10_000)
    assert comes_into_view(page, "source", "#L564") and 564 in highlighted(page)


def test_axe_finds_no_serious_accessibility_problem(page: Any) -> None:
    if not AXE.is_file():
        required(f"axe-core is not installed at {AXE} (nox -s tests installs it with npm)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"][:3]])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert [violation["id"] for violation in results["violations"]] == []  # nor a lesser one, today


def test_a_screenshot_of_a_selected_block(page: Any, tmp_path: Path) -> None:
    page.locator(".b.heading.h2 .bh").first.click()
    folder = Path(os.environ.get("REVIEW_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "review-hangzhou.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000  # a page of text, not a blank one
