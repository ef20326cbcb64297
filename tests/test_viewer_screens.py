"""The viewer on every screen (issue 24, item 1), in headless Chromium with touch: a phone
(390x844), a notebook cell (800x600) and a desktop (1400x900), in English and German.

What a user sees is measured on the page: no sideways scrolling, the graph's share of the
window, every button of the bars inside the window, the title whole; the evidence panel closes
and reopens by click and keyboard; a tap selects; a long press, a right-click and Shift+F10
open the entity's menu; two fingers zoom; axe-core finds nothing serious. The screenshots of the
user guide (docs/guide/img/) are written by these tests when ``KG_SCREENSHOTS=1``.
"""

# ruff: noqa: F811 - the fixtures of test_viz_browser, imported, are the tests' arguments
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from test_viz_browser import (  # noqa: F401 - fixtures
    PERSON,
    Opened,
    axe_script,
    pages,
    serious_violations,
)

import graph
from viz.notebook import show_in_notebook

PHONE, NOTEBOOK, DESKTOP = (390, 844), (800, 600), (1400, 900)
SIZES = [PHONE, NOTEBOOK, DESKTOP]
LANGS = ["en", "de"]
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "guide" / "img"
STALIN, KAMENEW = PERSON + "Stalin", PERSON + "Kamenew"

#: The graph's share of the window at least, with the evidence panel closed and open (open: the
#: part of the graph the bottom sheet leaves uncovered on a phone).
SHARE_CLOSED, SHARE_OPEN = 0.55, 0.35

#: Every button and choice of the page's bars, and whether each is whole inside the window and
#: inside its part of the page (the header, or the graph's column: not under the panel beside it).
BARS = """() => Array.from(document.querySelectorAll(
        '.bar button, .bar select, .bar input, .views-bar button, .tools button, .tools select, .tools input'))
    .filter(x => x.offsetParent !== null)
    .map(x => { const b = x.getBoundingClientRect(), p = x.closest('.bar, #graph').getBoundingClientRect();
        return [x.id || x.textContent.trim(), b.left >= 0 && b.top >= 0 && b.right <= innerWidth
                && b.bottom <= innerHeight && b.width > 0 && b.left >= p.left && b.right <= p.right]; })"""

#: The canvas's box, and the part of it the sheet leaves uncovered, as shares of the window.
SHARE = """() => {
    const c = document.getElementById('mynetwork').getBoundingClientRect();
    const s = document.getElementById('sheet');
    let bottom = c.bottom;
    if (!s.hidden) { const b = s.getBoundingClientRect();
        if (b.left < c.right && b.right > c.left && b.top < c.bottom) bottom = Math.min(bottom, b.top); }
    const area = innerWidth * innerHeight;
    return {canvas: c.width * c.height / area, seen: c.width * Math.max(0, bottom - c.top) / area,
            seenBottom: bottom, left: c.left, top: c.top, right: c.right};
}"""


@contextmanager
def screen(browser: Any, path: Path, size: tuple[int, int], *, axe: bool = False,
           fragment: str = "") -> Iterator[Opened]:
    """The page in a window of ``size`` with a touch screen, offline, ready."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  has_touch=True)
    try:
        page = context.new_page()
        result = Opened(page)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else (result.outbound.append(route.request.url), route.abort()))
        page.on("pageerror", lambda e: result.errors.append(str(e)))
        page.goto(path.as_uri() + fragment)
        page.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=30_000)
        if axe:
            page.evaluate(axe_script())  # as the DevTools would: the page's policy holds
        yield result
    finally:
        context.close()


def shot(what: Any, name: str) -> None:
    """A screenshot of ``what`` (a page or an element) for the user guide, with KG_SCREENSHOTS=1."""
    if os.environ.get("KG_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        what.screenshot(path=str(SHOTS / name))


def where(v: Opened, node: str) -> tuple[float, float]:
    """Where entity ``node`` is in the window now."""
    pos = v.js("id => network.getPositions([id])[id]", node)
    return v.page_point(pos["x"], pos["y"])


def sheet_open(v: Opened) -> bool:
    return v.js("!document.getElementById('sheet').hidden")


def fits(v: Opened) -> None:
    """No sideways scrolling, the title whole, every bar's button inside the window."""
    assert v.js("document.documentElement.scrollWidth <= innerWidth")
    assert v.js("document.body.scrollWidth <= innerWidth")
    title = v.js("""() => { const t = document.getElementById('title'), b = t.getBoundingClientRect();
        return t.scrollWidth <= t.clientWidth && b.left >= 0 && b.right <= innerWidth && b.height > 0; }""")
    assert title
    outside = [name for name, inside in v.js(BARS) if not inside]
    assert outside == []


# ---------------------------------------------------------------------------- every screen
# One page per language and size, used in turn as a user would (opening a page is most of a
# step's time): each step below starts from what the one before left and says what it needs.


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen(browser, pages, lang, size):
    """At each size and in each language: the graph gets the screen and nothing is cut off;
    the panel closes and reopens by click and keyboard; on small screens the side bar is a
    drawer; a tap selects; a long press (small screens) or a right-click and Shift+F10 (the
    desktop) open the entity's menu; two fingers zoom (the phone); axe-core finds nothing
    serious as the page opens, with an entity's panel, with the panel closed and the side bar
    open."""
    with screen(browser, pages[lang], size, axe=True) as v:
        assert serious_violations(v) == []
        the_graph_gets_the_screen(v, lang, size)
        the_panel_closes_and_reopens(v, size)
        if size != DESKTOP:
            the_side_bar_is_a_drawer(v, size)
        a_tap_selects(v, lang)
        if size == DESKTOP:
            right_click_and_shift_f10_open_the_menu(v, lang)
        else:
            a_long_press_opens_the_menu(v, lang, size)
        if size == PHONE and lang == "en":
            two_fingers_zoom(v)
        v.js("id => kgViewer.select(id)", STALIN)
        v.page.wait_for_function("() => !document.getElementById('sheet').hidden")
        assert serious_violations(v) == []
        v.page.click("#sheet-close")
        if v.page.get_attribute("#side-toggle", "aria-expanded") == "false":
            v.page.click("#side-toggle")
        assert serious_violations(v) == []
        assert v.errors == [] and v.outbound == []


def the_graph_gets_the_screen(v: Opened, lang: str, size: tuple[int, int]) -> None:
    """As the page opens and with a selection: the graph's share, the entity in view."""
    assert v.errors == [] and v.outbound == []
    assert sheet_open(v) is (size != PHONE)  # a phone opens on the graph alone
    fits(v)
    share = v.js(SHARE)
    assert share["seen"] >= (SHARE_OPEN if sheet_open(v) else SHARE_CLOSED), share
    v.js("id => kgViewer.select(id)", STALIN)  # the panel opens with a selection
    v.page.wait_for_function("() => !document.getElementById('sheet').hidden")
    v.wait_until_still()
    fits(v)
    share = v.js(SHARE)
    assert share["seen"] >= SHARE_OPEN, share
    x, y = where(v, STALIN)
    assert share["left"] <= x <= share["right"] and share["top"] <= y <= share["seenBottom"]
    if size == NOTEBOOK:  # the panel is a column beside the graph: it covers none of it
        assert v.js(SHARE)["seen"] == v.js(SHARE)["canvas"]
    if size == PHONE and lang == "en":
        shot(v.page, "viewer-phone.png")
    v.page.click("#sheet-close")
    v.page.wait_for_function("() => document.getElementById('sheet').hidden")
    assert v.js(SHARE)["seen"] >= SHARE_CLOSED
    fits(v)
    v.js("kgViewer.clearSelection()")


@pytest.mark.parametrize("lang", LANGS)
def test_a_phone_turned_sideways_keeps_the_graph(browser, pages, lang):
    """844x390: the panel a column beside the graph, the header one row without the how-to."""
    with screen(browser, pages[lang], (844, 390)) as v:
        assert v.page.locator(".howto").first.is_hidden()
        v.js("id => kgViewer.select(id)", STALIN)
        fits(v)
        share = v.js(SHARE)
        assert sheet_open(v) and share["seen"] == share["canvas"] >= SHARE_OPEN, share


def test_a_notebook_frame_of_800_px_holds_the_whole_page(browser, kg, tmp_path):
    """viz.show_in_notebook's frame in a notebook's 800 px output area: the page inside fits it."""
    frame = show_in_notebook(kg, where="file", folder=tmp_path)
    host = tmp_path / "notebook.html"
    host.write_text(f'<!DOCTYPE html><body style="margin:0"><div style="width:800px">'
                    f'{frame._repr_html_()}</div></body>', encoding="utf-8")
    context = browser.new_context(viewport={"width": 900, "height": 900})
    try:
        page = context.new_page()
        page.goto(host.as_uri())
        inner = page.frame_locator("iframe")
        inner.locator("#mynetwork canvas").wait_for()
        (child,) = [f for f in page.frames if f != page.main_frame]
        child.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=30_000)
        v = Opened(page)
        v.js = lambda expression, arg=None: child.evaluate(expression, arg)  # type: ignore[method-assign]
        assert v.js("innerWidth") <= 800 and v.js("innerHeight") == frame.height
        fits(v)
        assert v.js(SHARE)["seen"] >= SHARE_OPEN
        assert v.js("!document.getElementById('sheet').hidden")  # the panel beside the graph
        shot(page.locator("iframe"), "viewer-notebook.png")
    finally:
        context.close()


# ---------------------------------------------------------------------------- the sheets


def the_panel_closes_and_reopens(v: Opened, size: tuple[int, int]) -> None:
    """By click, then by keyboard; the focus goes where a keyboard user expects it."""
    toggle = v.page.locator("#sheet-toggle")
    if not sheet_open(v):
        toggle.click()
    v.page.wait_for_function("() => !document.getElementById('sheet').hidden")
    assert toggle.get_attribute("aria-expanded") == "true"
    wide = v.js(SHARE)["canvas"]
    v.page.click("#sheet-close")  # by click
    assert not sheet_open(v) and toggle.get_attribute("aria-expanded") == "false"
    if size != PHONE:  # the graph takes the panel's room
        v.page.wait_for_function("""w => { const c = document.getElementById('mynetwork')
            .getBoundingClientRect(); return c.width * c.height / (innerWidth * innerHeight) > w; }""",
                                 arg=wide)
    toggle.click()  # and back
    assert sheet_open(v)
    assert v.js("document.activeElement.id") == "panel"  # the focus goes into the panel
    # by keyboard: Enter on the close button closes, the focus on the button that reopens it;
    # Enter there reopens, the focus in the panel; Shift+Tab from it is the close button
    v.page.focus("#sheet-close")
    v.page.keyboard.press("Enter")
    assert not sheet_open(v)
    assert v.js("document.activeElement.id") == "sheet-toggle"
    v.page.keyboard.press("Enter")
    assert sheet_open(v) and v.js("document.activeElement.id") == "panel"
    v.page.keyboard.press("Shift+Tab")
    assert v.js("document.activeElement.id") == "sheet-close"
    v.page.keyboard.press("Space")
    assert not sheet_open(v)


def the_side_bar_is_a_drawer(v: Opened, size: tuple[int, int]) -> None:
    """Closed at first; its button opens it inside the window; Escape and its close button
    close it."""
    side, toggle = v.page.locator("#side"), v.page.locator("#side-toggle")
    assert side.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert side.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert v.js("document.activeElement.id") == "side-close"
    box = side.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= size[0]
    fits(v)
    v.page.keyboard.press("Escape")  # closes the drawer, the focus back on its button
    assert side.is_hidden() and v.js("document.activeElement.id") == "side-toggle"
    v.page.keyboard.press("Enter")
    assert side.is_visible()
    v.page.click("#side-close")
    assert side.is_hidden()


# ---------------------------------------------------------------------------- touch


def touch(v: Opened, kind: str, points: list[tuple[float, float]]) -> None:
    """One touch event through the DevTools protocol (Input.dispatchTouchEvent), in the page's
    one session for touches (a touch must start and end in the same session)."""
    if not hasattr(v, "cdp"):
        v.cdp = v.page.context.new_cdp_session(v.page)  # type: ignore[attr-defined]
    v.cdp.send("Input.dispatchTouchEvent", {  # type: ignore[attr-defined]
        "type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]})


def a_tap_selects(v: Opened, lang: str) -> None:
    """With nothing selected and the panel closed, a tap on Kamenew selects him and opens
    the panel on him, with him still in the part of the graph one sees."""
    v.js("kgViewer.clearSelection()")
    if sheet_open(v):
        v.page.click("#sheet-close")
    v.wait_until_still()
    v.page.touchscreen.tap(*where(v, KAMENEW))
    v.page.wait_for_function("id => (kgViewer.state.selected || {}).id === id", arg=KAMENEW)
    assert v.js("network.getSelectedNodes()") == [KAMENEW]
    v.page.wait_for_function("() => !document.getElementById('sheet').hidden")
    name = {"en": "Kamenev", "de": "Kamenew"}[lang]
    assert v.page.locator("#panel h2").inner_text() == name
    v.wait_until_still()
    share = v.js(SHARE)  # the entity tapped is still in the part of the graph one sees
    x, y = where(v, KAMENEW)
    assert share["left"] <= x <= share["right"] and share["top"] <= y <= share["seenBottom"]


MENU = {"en": ["Show its evidence", "Neighbours", "Neighbours of neighbours", "Show all",
               "Explain from here", "Explain to here"],
        "de": ["Belege zeigen", "Nachbarn", "Nachbarn der Nachbarn", "Alle zeigen",
               "Erklären ab hier", "Erklären bis hier"]}


def menu_items(v: Opened) -> list[str]:
    return [x.strip() for x in v.page.locator("#node-menu [role=menuitem]").all_inner_texts()]


def a_long_press_opens_the_menu(v: Opened, lang: str, size: tuple[int, int]) -> None:
    """A long press on Kamenew (nothing selected before) selects him and opens his menu inside
    the window; its items work by tap; a long press on the background opens nothing; a tap
    outside closes an open menu."""
    v.js("kgViewer.clearSelection()")
    v.wait_until_still()
    x, y = where(v, KAMENEW)
    touch(v, "touchStart", [(x, y)])  # held until the menu is there
    v.page.wait_for_function("() => !document.getElementById('node-menu').hidden", timeout=10_000)
    touch(v, "touchEnd", [])
    assert v.js("kgViewer.state.selected.id") == KAMENEW  # the entity held is selected
    assert menu_items(v) == MENU[lang]
    assert v.page.get_attribute("#node-menu", "aria-label").endswith(
        {"en": "Kamenev", "de": "Kamenew"}[lang])
    box = v.page.locator("#node-menu").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size[0] \
        and box["y"] + box["height"] <= size[1]
    assert serious_violations(v) == []
    if size == PHONE and lang == "de":
        shot(v.page, "viewer-phone-menu.png")
    v.page.locator("#node-menu [role=menuitem]").nth(2).tap()  # neighbours of neighbours
    assert v.page.locator("#node-menu").is_hidden()
    assert v.js("kgViewer.state.focusDepth") == 2
    assert v.js("kgViewer.focused().nodes.length") > v.js(
        "kgViewer.visible().nodes.length") / 4  # two steps from Kamenew: much of the graph
    # a long press on the background opens nothing; a tap outside closes an open menu
    v.wait_until_still()
    v.js("() => { window.__holds = 0; network.on('hold', () => { window.__holds += 1; }); }")
    empty = v.js("""() => { const c = document.getElementById('mynetwork').getBoundingClientRect();
        for (let y = c.top + 5; y < c.bottom; y += 10) for (let x = c.left + 5; x < c.right; x += 10)
            if (network.getNodeAt({x: x - c.left, y: y - c.top}) === undefined
                && network.getEdgeAt({x: x - c.left, y: y - c.top}) === undefined
                && document.elementFromPoint(x, y).closest('#mynetwork')) return [x, y];
        return null; }""")
    touch(v, "touchStart", [tuple(empty)])
    v.page.wait_for_function("() => window.__holds === 1", timeout=10_000)
    touch(v, "touchEnd", [])
    assert v.page.locator("#node-menu").is_hidden()
    touch(v, "touchStart", [where(v, KAMENEW)])
    v.page.wait_for_function("() => !document.getElementById('node-menu').hidden", timeout=10_000)
    touch(v, "touchEnd", [])
    v.page.touchscreen.tap(*empty)
    assert v.page.locator("#node-menu").is_hidden()


def right_click_and_shift_f10_open_the_menu(v: Opened, lang: str) -> None:
    """A right-click on Stalin opens his menu (Escape closes only it); by keyboard, the arrow
    keys mark an entity and Shift+F10 opens its menu, whose items the arrows and Enter run."""
    v.js("kgViewer.clearSelection()")
    v.wait_until_still()
    x, y = where(v, STALIN)
    v.page.mouse.click(x, y, button="right")
    v.page.wait_for_function("() => !document.getElementById('node-menu').hidden")
    assert menu_items(v) == MENU[lang]
    assert v.js("kgViewer.state.selected.id") == STALIN
    v.page.keyboard.press("Escape")
    assert v.page.locator("#node-menu").is_hidden()
    assert v.js("kgViewer.state.selected.id") == STALIN  # Escape closed the menu only
    # by keyboard: the arrow keys mark an entity, Shift+F10 opens its menu
    v.page.focus("#mynetwork")
    v.page.keyboard.press("ArrowRight")
    marked = v.js("kgViewer.cursor()")
    v.page.keyboard.press("Shift+F10")
    assert v.page.locator("#node-menu").is_visible()
    assert v.js("document.activeElement.getAttribute('role')") == "menuitem"
    v.page.keyboard.press("ArrowDown")
    v.page.keyboard.press("ArrowDown")
    v.page.keyboard.press("ArrowDown")  # "Show all"
    v.page.keyboard.press("Enter")
    assert v.page.locator("#node-menu").is_hidden()
    assert v.js("kgViewer.state.selected.id") == marked and v.js("kgViewer.state.focusDepth") == 0
    assert v.js("document.activeElement.id") == "mynetwork"  # the focus back where it was
    v.page.keyboard.press("Shift+F10")
    v.page.keyboard.press("End")
    v.page.keyboard.press("Enter")  # explain to here
    assert v.js("document.getElementById('explain-b').dataset.id") == marked
    assert v.page.input_value("#explain-b") != ""


def two_fingers_zoom(v: Opened) -> None:
    """Two fingers moving apart zoom the graph; the page itself does not zoom or scroll."""
    if sheet_open(v):
        v.page.click("#sheet-close")
    v.wait_until_still()
    box = v.page.locator("#mynetwork").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = v.js("network.getScale()")
    touch(v, "touchStart", [(cx - 20, cy), (cx + 20, cy)])
    for step in range(1, 11):
        touch(v, "touchMove", [(cx - 20 - 8 * step, cy), (cx + 20 + 8 * step, cy)])
    touch(v, "touchEnd", [])
    v.page.wait_for_function("s => network.getScale() > s * 2", arg=before)
    fits(v)  # the page itself does not zoom or scroll


def test_a_long_title_wraps_whole_on_a_phone(browser, tmp_path):
    """A page of another graph, with a long title, fits a phone too: the title wraps, whole."""
    from viz.render import render
    path = render(graph.load(), tmp_path / "long.html", relations=["exiledWith"],
                  title="Stalin und die Verbannten: ein sehr langer Titel, der umbrechen muss")
    with screen(browser, path, PHONE) as v:
        fits(v)
        assert v.js("document.getElementById('title').getBoundingClientRect().height") > 30
