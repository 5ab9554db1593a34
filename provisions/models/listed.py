"""What a list shows of each provision besides its own fields: its topics and assessments.

`ProvisionQuerySet.for_listing()` reads them here, as small frozen rows, two queries for a
page or for each chunk of a streamed export. Django's `prefetch_related` gave the same
lists as model instances, but its machinery and the hundreds of instances it built for a
page of 50 provisions cost more than the page's own query (at 100,000 provisions, about
7 of the 24 ms a filtered page of JSON took). The rows hold no reference back to their
provision, so a streamed export frees them with the provision.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from django.db.models.query import ModelIterable


@dataclass(frozen=True, slots=True)
class ListedTopic:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ListedCategory:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ListedCoverage:
    """An assessment as lists and exports show it (`category.slug`, `level`, ...)."""

    category: ListedCategory
    level: str
    qualifier: str
    rationale: str


def attach(provisions: list) -> list:
    """Give each of `provisions` `listed_topics` and `listed_coverages`, in the order of the
    topics and of the categories (two queries; none for an empty list)."""
    from .assessment import Coverage
    from .provision import Provision

    for provision in provisions:
        provision.listed_topics, provision.listed_coverages = [], []
    if not provisions:
        return provisions
    by_pk = {provision.pk: provision for provision in provisions}
    links = (
        Provision.topics.through.objects.filter(provision_id__in=by_pk)
        .order_by("topic__position", "topic__name", "topic_id")
        .values_list("provision_id", "topic__slug", "topic__name")
    )
    for provision_id, slug, name in links:
        by_pk[provision_id].listed_topics.append(ListedTopic(slug, name))
    categories: dict[str, ListedCategory] = {}
    coverages = (
        Coverage.objects.filter(provision_id__in=by_pk)
        .order_by("category__position", "category__name", "pk")
        .values_list(
            "provision_id", "category__slug", "category__name", "level", "qualifier", "rationale"
        )
    )
    for provision_id, slug, name, level, qualifier, rationale in coverages:
        category = categories.setdefault(slug, ListedCategory(slug, name))
        by_pk[provision_id].listed_coverages.append(
            ListedCoverage(category, level, qualifier, rationale)
        )
    return provisions


class ListingIterable(ModelIterable):
    """Provisions as ModelIterable gives them, each with its topics and assessments
    attached (see `attach`): all at once for a list, a chunk at a time for .iterator(),
    server-side cursors or not (ProvisionQuerySet.iterator marks the queryset)."""

    def __iter__(self) -> Iterator:
        rows = super().__iter__()
        streamed = self.chunked_fetch or getattr(self.queryset, "streamed", False)
        size = self.chunk_size if streamed else None
        while chunk := list(islice(rows, size)):
            yield from attach(chunk)
            if size is None:
                return
            del chunk  # before the next is read: a streamed export holds one chunk at a time
