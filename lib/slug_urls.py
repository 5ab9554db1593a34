"""Many URLs of one pattern, reversed once."""

from __future__ import annotations

from django.urls import reverse


class SlugUrls:
    """URLs of one pattern for many pairs of slugs, with one `reverse()` instead of one each.

    A large matrix has thousands of cells, and `reverse()` costs far more than the rest of
    making a cell. Slugs need no quoting, so filling them into a reversed pattern is exact.
    """

    FIRST, SECOND = "first-slug-0", "second-slug-0"

    def __init__(self, name: str) -> None:
        self.before, rest = reverse(name, args=[self.FIRST, self.SECOND]).split(self.FIRST)
        self.middle, self.after = rest.split(self.SECOND)

    def __call__(self, first: str, second: str) -> str:
        return f"{self.before}{first}{self.middle}{second}{self.after}"
