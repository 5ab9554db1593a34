"""Texts in other languages in a real browser: marked with their language, Chinese drawn
with real glyphs, the parallel columns side by side on screen and on paper, axe clean."""

from __future__ import annotations

import pytest

from tests.browser.helpers import expect, ink_ratio, serious_axe_violations, uses_site_stylesheet

PARALLEL = "/instruments/ost-1967/parallel/?langs=en,zh,ru"
PAGES = {
    "parallel view": PARALLEL,
    "provision in Chinese": "/instruments/ost-1967/art-4-para-1/?lang=zh",
    "article in Russian": "/instruments/ost-1967/art-4/?lang=ru",
    "instrument in French": "/instruments/liability-1972/?lang=fr",
    "instrument in Spanish": "/instruments/ost-1967/?lang=es",
    "search in Chinese": "/provisions/?q=武器&language=zh",
    "about the data": "/about/#languages",
    "threat category in Russian": "/gaps/wmd-stationing/?lang=ru",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_language_pages_have_no_serious_accessibility_violations(page, browser_errors, path):
    assert page.goto(path).status == 200
    assert uses_site_stylesheet(page)
    assert serious_axe_violations(page) == []
    assert browser_errors == []


def test_every_cell_of_the_parallel_view_carries_the_language_of_its_column(page):
    page.goto(PARALLEL)
    headers = page.locator("table.parallel thead th[lang]")
    assert headers.evaluate_all("cells => cells.map((c) => c.lang)") == ["en", "zh", "ru"]
    row = page.locator("tr#art-4-para-1 td")
    assert row.evaluate_all("cells => cells.map((c) => c.lang)") == ["en", "zh", "ru"]
    expect(row.nth(1)).to_contain_text("各缔约国保证")
    expect(row.nth(2)).to_contain_text("Государства — участники Договора обязуются")


def test_chinese_text_is_drawn_with_a_font_that_has_its_glyphs(page, screenshots):
    page.goto("/instruments/ost-1967/art-4-para-1/?lang=zh")
    text = page.locator('.provision-text [lang="zh"] p').first
    expect(text).to_contain_text("武器")
    family = text.evaluate("(e) => getComputedStyle(e).fontFamily")
    assert family.startswith('"Noto Sans CJK SC"'), family
    png = text.screenshot(path=str(screenshots / "chinese-text.png"))
    # Real glyphs cover a good part of the line box; nothing drawn (a missing font that
    # renders nothing) leaves it blank.
    assert ink_ratio(png) > 0.04
    # Tofu boxes would be drawn the same for every character; real glyphs differ: compare two.
    glyphs = page.evaluate(
        """() => { const c = document.createElement('canvas'); const x = c.getContext('2d');
          c.width = 64; c.height = 64; x.font = '48px "Noto Sans CJK SC"';
          const draw = (ch) => { x.clearRect(0, 0, 64, 64); x.fillText(ch, 4, 52);
            return Array.from(x.getImageData(0, 0, 64, 64).data).join(','); };
          return [draw('武'), draw('器')]; }"""
    )
    assert glyphs[0] != glyphs[1]


def test_the_language_switch_moves_between_languages_without_javascript(page):
    page.goto("/instruments/ost-1967/art-4-para-1/")
    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url("/instruments/ost-1967/art-4-para-1/?lang=ru")
    expect(page.locator('.provision-text [lang="ru"]')).to_contain_text("Государства")
    expect(page.locator('.language-switch a[aria-current="true"]')).to_have_attribute("lang", "ru")


def test_the_parallel_columns_stay_side_by_side_on_paper(page, screenshots):
    page.goto(PARALLEL)
    page.emulate_media(media="print")
    expect(page.locator(".parallel-form")).to_be_hidden()
    cells = page.locator("tr#art-4-para-1 td")
    boxes = [cells.nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    assert abs(boxes[0]["y"] - boxes[2]["y"]) < 1
    page_width = page.evaluate("() => document.documentElement.clientWidth")
    assert boxes[2]["x"] + boxes[2]["width"] <= page_width + 1
    pdf = page.pdf(format="A4", print_background=True)
    (screenshots / "print-parallel.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
