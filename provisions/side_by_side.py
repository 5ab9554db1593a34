"""Reading two to four instruments side by side on one threat category or topic: the full
texts in parallel columns, each provision with its level, rationale and provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import QueryDict

from instruments.models import Instrument

from . import languages
from .models import Coverage, Provision, ThreatCategory, Topic

MIN_INSTRUMENTS, MAX_INSTRUMENTS = 2, 4


@dataclass
class Column:
    instrument: Instrument
    provisions: list[Provision] = field(default_factory=list)


@dataclass
class Reading:
    columns: list[Column]
    category: ThreatCategory | None
    topic: Topic | None

    @property
    def subject(self) -> str:
        return (self.category or self.topic).name


@dataclass
class Choice:
    """What the query string asked for, checked: the reading, or the errors per parameter."""

    instruments: list[str]
    category: str
    topic: str
    errors: dict[str, list[str]]


def read_choice(query: QueryDict) -> Choice:
    """Parse `instruments` (comma-separated or repeated), `category` and `topic` (two
    queries at most: the published slugs named, and the category or topic)."""
    slugs = [s.strip() for v in query.getlist("instruments") for s in v.split(",") if s.strip()]
    slugs = list(dict.fromkeys(slugs))
    category, topic = query.get("category", "").strip(), query.get("topic", "").strip()
    errors: dict[str, list[str]] = {}
    if not MIN_INSTRUMENTS <= len(slugs) <= MAX_INSTRUMENTS:
        errors["instruments"] = [
            f"Choose {MIN_INSTRUMENTS} to {MAX_INSTRUMENTS} instruments; {len(slugs)} given."
        ]
    else:
        known = set(
            Instrument.objects.published().filter(slug__in=slugs).values_list("slug", flat=True)
        )
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            errors["instruments"] = [f"No published instrument is called {', '.join(unknown)}."]
    if bool(category) == bool(topic):
        errors["category"] = ["Choose one threat category or one topic (not both)."]
    elif category and not ThreatCategory.objects.filter(slug=category).exists():
        errors["category"] = [f"No threat category is called {category}."]
    elif topic and not Topic.objects.filter(slug=topic).exists():
        errors["topic"] = [f"No topic is called {topic}."]
    return Choice(slugs, category, topic, errors)


def build_reading(choice: Choice, lang: str = languages.ENGLISH) -> Reading:
    """The columns, in the order chosen, each provision's text in `lang` where one is held
    and in English otherwise (`provision.shown`). Five queries: instruments, the category or
    topic, the provisions, their assessments, their texts in `lang`."""
    instruments = {
        i.slug: i for i in Instrument.objects.published().filter(slug__in=choice.instruments)
    }
    category = (
        ThreatCategory.objects.filter(slug=choice.category).first() if choice.category else None
    )
    topic = Topic.objects.filter(slug=choice.topic).first() if choice.topic else None
    provisions = Provision.objects.filter(instrument__in=instruments.values())
    if category is not None:
        provisions = provisions.filter(coverages__category=category)
        assessments = Coverage.objects.filter(category=category)
    else:
        provisions = provisions.filter(topics=topic)
        assessments = Coverage.objects.select_related("category")
    provisions = provisions.order_by("instrument_id", "position", "pk").prefetch_related(
        Prefetch(
            "coverages",
            queryset=assessments.order_by("category__position"),
            to_attr="shown_coverages",
        )
    )
    columns = {slug: Column(instrument) for slug, instrument in instruments.items()}
    by_pk = {instrument.pk: columns[slug] for slug, instrument in instruments.items()}
    provisions = list(provisions)
    found = languages.versions(provisions, [lang])
    for provision in provisions:
        provision.instrument = by_pk[provision.instrument_id].instrument
        provision.shown = languages.shown(provision, found, lang)
        by_pk[provision.instrument_id].provisions.append(provision)
    return Reading([columns[slug] for slug in choice.instruments], category, topic)
