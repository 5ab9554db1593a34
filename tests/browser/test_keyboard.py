"""With the keyboard alone: a skip link first, then the site's navigation, then the page's
own controls, and a focus ring that can be seen on every stop."""

from __future__ import annotations

from tests.browser.helpers import expect

NAVIGATION = [
    "link: Space Security Treaty Gaps",
    "link: Coverage matrix",
    "link: Gaps",
    "link: Instruments",
    "link: Provisions",
    "link: Positions",
    "link: Definitions",
    "link: States",
    "link: About the data",
]
AFTER_NAVIGATION = 1 + len(NAVIGATION)  # the skip link, then the navigation

# What has the focus, as "role: name", and how its focus ring is drawn.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  let name = el.getAttribute("aria-label") || "";
  if (!name && el.labels && el.labels.length) name = el.labels[0].textContent;
  if (!name && el.getAttribute("aria-labelledby")) {
    name = document.getElementById(el.getAttribute("aria-labelledby")).textContent;
  }
  if (!name) name = el.textContent;
  const roles = {A: "link", BUTTON: "button", SELECT: "select", SUMMARY: "summary"};
  const role = el.getAttribute("role") || roles[el.tagName] || el.tagName.toLowerCase();
  return {
    stop: `${role}: ${name.replace(/\\s+/g, " ").trim()}`,
    outline: `${style.outlineStyle} ${parseFloat(style.outlineWidth)}`,
    matchesFocusVisible: el.matches(":focus-visible"),
    visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def tab_through(page, stops: int, until: str | None = None) -> list[dict]:
    """Press Tab `stops` times, or until `until` has the focus; what got the focus each time,
    and how it looked."""
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED_JS))
        if seen[-1]["stop"] == until:
            break
    return seen


def assert_focus_visible(seen: list[dict]) -> None:
    for stop in seen:
        assert stop["matchesFocusVisible"], stop
        style, width = stop["outline"].split()
        assert style != "none" and float(width) >= 2, f"no visible focus ring on {stop}"
        assert stop["visible"], f"focused but out of sight: {stop}"


def test_the_matrix_page_is_reached_skip_link_first_then_navigation_answer_and_controls(page):
    page.goto("/")
    controls = [
        "select: Scope",
        "select: Evidence that counts",
        "button: Show",
        "select: For one State",
        "button: Show what binds it",
        "select: If this draft entered into force",
        "button: Compare with the law in force",
        "input: The law on a date (YYYY-MM-DD)",
        "button: Show that date",
        "summary: What if: choose the instruments",
        # The matrix scrolls sideways on narrow screens: its box takes the focus to scroll.
        f"region: {page.locator('#matrix-caption').inner_text()}",
    ]
    # The answer comes first: its links to the gaps' explanations, then the controls.
    answer = [f"link: {name}" for name in page.locator(".answer a").all_inner_texts()]
    assert answer
    controls = answer + controls
    seen = tab_through(page, AFTER_NAVIGATION + len(controls) + 1)
    stops = [stop["stop"] for stop in seen]
    assert stops[0] == "link: Skip to main content"
    assert stops[1:AFTER_NAVIGATION] == NAVIGATION
    after_controls = AFTER_NAVIGATION + len(controls)
    assert stops[AFTER_NAVIGATION:after_controls] == controls
    assert stops[after_controls].startswith("link: ") and stops[after_controls].removeprefix(
        "link: "
    ) == (page.locator("table.matrix thead a").first.inner_text())
    assert_focus_visible(seen)


def test_the_skip_link_shows_itself_and_moves_the_focus_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".answer a").first).to_be_focused()


def test_a_provision_page_is_reached_in_reading_order_and_its_citation_copied(page):
    page.goto("/instruments/ost-1967/art-4-para-1/")
    seen = tab_through(page, 60, until="link: Article IV, paragraph 2 →")
    stops = [stop["stop"] for stop in seen]
    assert stops[0] == "link: Skip to main content"
    assert stops[1:AFTER_NAVIGATION] == NAVIGATION
    assert stops[AFTER_NAVIGATION : AFTER_NAVIGATION + 3] == [
        "link: Instruments",
        "link: Outer Space Treaty",
        "link: Article IV",
    ]
    # Reading order: the rest of the page comes before the citation, the citation before
    # the links to the neighbouring provisions.
    copy = stops.index("button: Copy citation")
    assert stops.index("link: Weapons and arms control") < copy
    assert copy < stops.index("link: ← Article IV") < stops.index("link: Article IV, paragraph 2 →")
    assert_focus_visible(seen)
    page.get_by_role("button", name="Copy citation").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".copy-status")).to_have_text("Citation copied.")
