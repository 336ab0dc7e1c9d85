"""The book's animation player (``plots.jshtml``) in headless Chromium.

A tiny network is trained for a few frames; its player goes into a
minimal HTML page (two players on one page, to show that they do not
share anything), opened from file:// and offline. The tests click the
buttons, use the keyboard, play and pause, and run axe-core; the page
must log no console error (``offline_tab`` checks that).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from offline import axe_violations, offline_tab  # noqa: E402

import mlp_core as mc  # noqa: E402
from mlp_core import plots  # noqa: E402

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Players</title></head>
<body><main><h1>Two players</h1>
<div style="max-width: 690px">{}</div>
<p>Between the players.</p>
<div style="max-width: 690px">{}</div>
</main></body></html>
"""
FIRST, SECOND = "div.mlp-anim >> nth=0", "div.mlp-anim >> nth=1"
LOADED = """() => Array.from(document.querySelectorAll('div.mlp-anim'))
    .every(p => p.dataset.loaded === p.dataset.frames)"""


@pytest.fixture(scope="module")
def players(tmp_path_factory):
    """The page's file URL and the two animations on it."""
    X, Y = mc.data.xor()
    books = [plots.animate_training(mc.MLP([2, 3, 2], seed=seed), X, Y,
                                    lr=2.0, steps=60, frames=5,
                                    resolution=12, interval=150)[0]
             for seed in (0, 1)]
    page = tmp_path_factory.mktemp("player") / "players.html"
    page.write_text(PAGE.format(*(plots.jshtml(b).data for b in books)),
                    encoding="utf-8")
    return page.as_uri(), books


def _state(tab, which=FIRST) -> dict:
    return tab.locator(which).evaluate("""p => ({
        src: p.querySelector('img').src,
        alt: p.querySelector('img').alt,
        status: p.querySelector('.mlp-anim-status').textContent,
        live: p.querySelector('.mlp-anim-status').getAttribute('aria-live'),
        value: p.querySelector('input').value,
        valuetext: p.querySelector('input').getAttribute('aria-valuetext'),
        play: p.querySelector('[data-act=play]').getAttribute('aria-label')
    })""")


def _frame(tab, which=FIRST) -> int:
    return int(_state(tab, which)["value"])


def _expect(tab, book, k, which=FIRST):
    """Player ``which`` shows frame ``k`` (0-based) of ``book``, in every
    place: picture, alt, status line and slider."""
    state = _state(tab, which)
    text = f"Frame {k + 1} of {len(book)}: {book.texts[k]}"
    assert state["src"] == "data:image/png;base64," + _b64(book, k)
    assert state["alt"] == state["status"] == state["valuetext"] == text
    assert state["value"] == str(k + 1)


def _b64(book, k) -> str:
    import base64

    return base64.b64encode(plots._png(book.pictures[k])).decode()


def test_buttons_step_through_the_frames(browser, players):
    url, (book, other) = players
    with offline_tab(browser, url, ready=LOADED) as tab:
        _expect(tab, book, 0)
        assert "after 0 steps" in _state(tab)["alt"]
        player = tab.locator(FIRST)
        player.get_by_role("button", name="Next frame").click()
        _expect(tab, book, 1)
        assert "after 15 steps" in _state(tab)["alt"]
        player.get_by_role("button", name="Last frame").click()
        _expect(tab, book, 4)
        player.get_by_role("button", name="Next frame").click()   # stays
        _expect(tab, book, 4)
        player.get_by_role("button", name="Previous frame").click()
        _expect(tab, book, 3)
        player.get_by_role("button", name="First frame").click()
        _expect(tab, book, 0)
        player.get_by_role("button", name="Previous frame").click()
        _expect(tab, book, 0)
        # The other player did not move, and shows its own frames.
        tab.locator(SECOND).get_by_role("button", name="Last frame").click()
        _expect(tab, other, 4, SECOND)
        _expect(tab, book, 0)
        assert _state(tab)["live"] == "polite"


def test_every_frame_decodes(browser, players):
    url, (book, _) = players
    with offline_tab(browser, url, ready=LOADED) as tab:
        loaded = tab.locator(FIRST).evaluate("p => p.dataset.loaded")
        assert loaded == str(len(book))
        sizes = tab.evaluate("""() => Array.from(document.images)
            .map(i => [i.complete, i.naturalWidth, i.width])""")
        width = book.pictures[0].shape[1]
        assert sizes == [[True, width, width]] * 2   # never scaled up


def test_keyboard_reaches_every_control(browser, players):
    url, (book, _) = players
    with offline_tab(browser, url, ready=LOADED) as tab:
        seen = []
        for _ in range(7):
            tab.keyboard.press("Tab")
            seen.append(tab.evaluate("""() => {
                const e = document.activeElement;
                return e.getAttribute('aria-label') || e.type
                       || e.tagName.toLowerCase(); }"""))
        assert seen == ["First frame", "Previous frame", "Play",
                        "Next frame", "Last frame", "range", "summary"]
        tab.keyboard.press("Shift+Tab")               # back to the slider
        tab.keyboard.press("ArrowRight")
        _expect(tab, book, 1)
        tab.keyboard.press("End")
        _expect(tab, book, 4)
        tab.keyboard.press("ArrowLeft")
        _expect(tab, book, 3)
        for _ in range(2):
            tab.keyboard.press("Shift+Tab")           # to "Next frame"
        tab.keyboard.press("Space")
        _expect(tab, book, 4)
        for _ in range(2):
            tab.keyboard.press("Shift+Tab")           # to "Previous frame"
        tab.keyboard.press("Enter")
        _expect(tab, book, 3)
        # The text of every frame, under "Frames as text".
        for _ in range(5):
            tab.keyboard.press("Tab")                 # to the summary
        tab.keyboard.press("Enter")                   # opens the details
        items = tab.locator(FIRST).locator("details li").all_inner_texts()
        assert items == book.texts
        assert tab.locator(FIRST).locator("details li").first.is_visible()


def test_play_runs_to_the_end_and_pause_stops(browser, players):
    url, (book, _) = players
    with offline_tab(browser, url, ready=LOADED) as tab:
        play = tab.locator(FIRST).locator("button[data-act=play]")
        play.click()
        state = _state(tab)
        assert state["play"] == "Pause" and state["live"] == "off"
        tab.wait_for_function("""() => document.querySelector(
            'div.mlp-anim input').value !== '1'""")
        play.click()                                  # pause
        state = _state(tab)
        assert state["play"] == "Play" and state["live"] == "polite"
        paused = _frame(tab)
        tab.wait_for_timeout(450)                     # three intervals
        assert _frame(tab) == paused
        _expect(tab, book, paused - 1)
        # Played again, it stops by itself on the last frame ...
        play.click()
        tab.wait_for_function("""() => document.querySelector(
            'div.mlp-anim [data-act=play]').getAttribute('aria-label')
            === 'Play'""")
        _expect(tab, book, len(book) - 1)
        # ... and from there, play starts again at the first.
        play.click()
        assert _frame(tab) in (1, 2)
        play.click()
        assert _state(tab, SECOND)["value"] == "1"    # untouched


def test_nothing_moves_by_itself(browser, players):
    url, _ = players
    with offline_tab(browser, url, ready=LOADED,
                     reduced_motion="reduce") as tab:
        tab.wait_for_timeout(300)
        assert _frame(tab) == 1 and _state(tab)["play"] == "Play"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_violation(browser, players, dark):
    url, _ = players
    with offline_tab(browser, url, ready=LOADED, dark=dark) as tab:
        for which in (FIRST, SECOND):
            player = tab.locator(which)
            assert axe_violations(tab, player.element_handle()) == []
            player.locator("summary").click()          # the open list too
            player.get_by_role("button", name="Play").click()
            assert axe_violations(tab, player.element_handle()) == []
            player.get_by_role("button", name="Pause").click()
        assert tab.locator("form").count() == 0
