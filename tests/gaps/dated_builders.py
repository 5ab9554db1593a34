"""A hand-built corpus with real-looking dates, whose answer on each date is known.

Dates: ost in force 1967-10-10 (adopted 1966-12-19), ptbt in force 1963-10-10, ppwt-2008
tabled 2008-02-12 and ended 2014-06-10, ppwt-2014 tabled 2014-06-10, lts adopted 2019-06-21,
res-77-41 adopted 2022-12-07, the undated draft has no date of tabling.

| category | ost | ptbt | ppwt-2008 | ppwt-2014 | lts | res-77-41 | undated |
|----------|-----|------|-----------|-----------|-----|-----------|---------|
| wmd      | P   |      |           |           |     |           |         |
| asat     | I   | I    |           | P         |     | G         | P       |
| rpo      |     |      | P         | R         |     |           |         |
| debris   |     |      |           |           | G   |           |         |

- 1966-12-31: only the PTBT counts; OST adopted (19 December 1966) but not in force; wmd gap.
- 1967-10-09 / 1967-10-10: the day before and of the OST's entry into force (wmd gap / covered).
- 2007-01-11: no LTS guidelines, no res. 77/41, no PPWT; the undated draft never counts.
- 2014-06-09: ppwt-2008 counts (drafts scope: rpo covered); 2014-06-10: it has ended, ppwt-2014
  counts (rpo restricts: a gap again).
"""

from __future__ import annotations

import datetime

from instruments.models import Instrument
from tests.conftest import make_category, make_coverage, make_instrument, make_provision
from tests.gaps.matrix_builders import DRAFT, NON_BINDING

day = datetime.date.fromisoformat


def dated_corpus() -> dict[str, Instrument]:
    cats = {
        slug: make_category(slug, position=n)
        for n, slug in enumerate(["wmd", "asat", "rpo", "debris"], start=1)
    }
    source = {"dates_source": "Made up for the tests."}
    ost = make_instrument(
        "ost",
        short_name="Outer Space Treaty",
        position=1,
        adopted_on=day("1966-12-19"),
        in_force_on=day("1967-10-10"),
        **source,
    )
    ptbt = make_instrument(
        "ptbt",
        short_name="PTBT",
        position=2,
        adopted_on=day("1963-08-05"),
        in_force_on=day("1963-10-10"),
        **source,
    )
    old = make_instrument(
        "ppwt-2008",
        short_name="PPWT 2008",
        position=3,
        tabled_on=day("2008-02-12"),
        ended_on=day("2014-06-10"),
        **DRAFT,
        **source,
    )
    new = make_instrument(
        "ppwt-2014",
        short_name="PPWT 2014",
        position=4,
        supersedes=old,
        tabled_on=day("2014-06-10"),
        **DRAFT,
        **source,
    )
    lts = make_instrument(
        "lts",
        short_name="LTS Guidelines",
        position=5,
        adopted_on=day("2019-06-21"),
        **NON_BINDING,
        **source,
    )
    res = make_instrument(
        "res-77-41",
        short_name="Resolution 77/41",
        position=6,
        adopted_on=day("2022-12-07"),
        **NON_BINDING,
        **source,
    )
    undated = make_instrument("undated", short_name="Undated draft", position=7, **DRAFT)
    for instrument, category, level in [
        (ost, "wmd", "prohibits"),
        (ost, "asat", "indirect"),
        (ptbt, "asat", "indirect"),
        (old, "rpo", "prohibits"),
        (new, "asat", "prohibits"),
        (new, "rpo", "restricts"),
        (lts, "debris", "guidance"),
        (res, "asat", "guidance"),
        (undated, "asat", "prohibits"),
    ]:
        provision = make_provision(instrument, f"art-{category}")
        make_coverage(provision, cats[category], level)
    return {i.slug: i for i in (ost, ptbt, old, new, lts, res, undated)}
