"""What the browser tests check on a page, beyond Playwright's own assertions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import skip_reason

# Every browser test module imports this one: without Chromium (or Playwright) each module is
# skipped from here, so that pytest's summary reports them all on one line.
if reason := skip_reason():
    pytest.skip(reason, allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

__all__ = ["expect"]  # for the test modules, which must import this module first

SERIOUS = {"serious", "critical"}


def screenshot(page, folder: Path, name: str) -> Path:
    """A full-page screenshot, `screenshots/<name>.png`, for people to look at."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def uses_site_stylesheet(page) -> bool:
    """Whether site.css was loaded and applied (its rules are readable: same origin)."""
    return page.evaluate(
        """() => [...document.styleSheets].some(
            (sheet) => (sheet.href || "").includes("/static/css/site.css")
              && sheet.cssRules.length > 50)"""
    )


def serious_axe_violations(page) -> list[str]:
    """axe-core's violations of serious or critical impact, one line per rule."""
    results = Axe().run(page).response
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
        more = f" and {len(targets) - 3} more" if len(targets) > 3 else ""
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}, at "
            f"{'; '.join(targets[:3])}{more}"
        )
    return lines


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF written by Chromium: its page objects, not the /Pages tree nodes."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


# Elements that stick out of the viewport on the right, outside any sideways-scrolling box.
# A box that scrolls (overflow-x auto or scroll) may be wider inside; it must itself fit.
OVERFLOWING_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const insideScroller = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up)) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    if (style.position === "absolute" && el.getBoundingClientRect().width <= 1) continue;
    if (insideScroller(el)) continue;
    const box = el.getBoundingClientRect();
    // Entirely off to the left is how a skip link hides until it has the focus.
    if (box.width > 0 && (box.right > width + 1 || (box.left < -1 && box.right > 0))) {
      const where = `[${Math.round(box.left)}, ${Math.round(box.right)}]`;
      out.push(`${el.tagName.toLowerCase()}.${el.className} ${where}`);
    }
  }
  return out;
}"""


def overflowing_elements(page) -> list[str]:
    return page.evaluate(OVERFLOWING_JS)


# Pairs of elements among `selector` whose boxes overlap (a few pixels of touching allowed).
OVERLAPS_JS = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .map((el) => [el, el.getBoundingClientRect()]);
  const name = (el) => {
    const text = (el.textContent || el.value || "").trim().slice(0, 30);
    return `${el.tagName.toLowerCase()} "${text}"`;
  };
  const out = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (x > 2 && y > 2) out.push(`${name(a)} overlaps ${name(b)}`);
    }
  }
  return out;
}"""


def overlapping(page, selector: str) -> list[str]:
    return page.evaluate(OVERLAPS_JS, selector)


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """WCAG 2.2 contrast ratio between two opaque colours."""
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def parse_rgb(css: str) -> tuple[int, int, int]:
    """`rgb(20, 83, 45)` as computed by the browser (opaque colours only)."""
    match = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*1)?\)", css.strip())
    assert match, f"not an opaque colour: {css}"
    return int(match[1]), int(match[2]), int(match[3])


def png_pixels(png: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and RGB(A) pixels of an 8-bit, non-interlaced PNG, as Chromium writes
    its screenshots (no imaging library needed)."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, data, header = 8, b"", None
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        chunk = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            data += chunk
        position += 12 + length
    width, height, depth, colour, _c, _f, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6), f"unexpected PNG {header}"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(data)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                best = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + best) & 0xFF
        rows.append(line)
        previous = line
    pixels = [tuple(row[x * channels : x * channels + 3]) for row in rows for x in range(width)]
    return width, height, pixels


def ink_ratio(png: bytes) -> float:
    """The share of pixels that differ clearly from the most common colour (the background)."""
    from collections import Counter

    _width, _height, pixels = png_pixels(png)
    background = Counter(pixels).most_common(1)[0][0]
    inked = sum(
        1
        for pixel in pixels
        if max(abs(a - b) for a, b in zip(pixel, background, strict=True)) > 64
    )
    return inked / len(pixels)
