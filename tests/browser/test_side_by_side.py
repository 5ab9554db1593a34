"""Instruments read side by side: parallel columns on a laptop, one after another on a
phone, columns again on paper."""

from __future__ import annotations

from tests.browser.helpers import serious_axe_violations

URL = "/compare/?instruments=ost-1967,ppwt-2014,moon-1979&category=non-wmd-weapons"


def column_boxes(page) -> list[dict]:
    return [column.bounding_box() for column in page.locator(".reading-column").all()]


def test_the_columns_stand_side_by_side_on_a_laptop(page):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(URL)
    boxes = column_boxes(page)
    assert len(boxes) == 3
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    assert len({round(box["y"]) for box in boxes}) == 1  # one row
    assert serious_axe_violations(page) == []


def test_the_columns_stack_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(URL)
    boxes = column_boxes(page)
    assert len({round(box["x"]) for box in boxes}) == 1  # one column
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]


def test_paper_keeps_the_columns(page):
    page.goto(URL)
    page.emulate_media(media="print")
    boxes = column_boxes(page)
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
