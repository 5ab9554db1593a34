"""Every public URL pattern, filled with real values, for the site-wide security tests.

The patterns are read from the URL resolver, so pages and API endpoints that are added
later are covered without touching the tests. Only the admin is left out: it is not
public, and its own tests cover it.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

from gaps.corpus import load_corpus
from instruments.models import Instrument
from states.models import Participation, State
from tests.gaps.corpus_builders import small_corpus

PROJECT_APPS = {"instruments", "states", "provisions", "positions", "events", "gaps"}
PRIVATE_NAMESPACES = {"admin"}
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
# Parameters named for their role rather than their model: the two sides of a diff.
PARAMETER_MODELS = {"new": "instrument", "old": "instrument"}
# How many value combinations a pattern with parameters is tried with at most.
MAX_COMBINATIONS = 40


@dataclass(frozen=True)
class PublicPattern:
    route: str  # the whole route, e.g. "instruments/<slug:instrument_slug>/<slug:slug>/"
    name: str  # "provisions:detail", or the route for an unnamed pattern

    @property
    def parameters(self) -> list[tuple[str, str]]:
        """(name, converter) of each parameter, in order."""
        return [(m["name"], m["converter"] or "str") for m in PARAMETER.finditer(self.route)]

    def url(self, **values: object) -> str:
        """The path with `values` percent-encoded into the parameters."""
        return "/" + PARAMETER.sub(lambda m: quote(str(values[m["name"]]), safe=""), self.route)


def _route(pattern: RoutePattern | RegexPattern) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    regex = pattern.regex.pattern.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    if re.search(r"[\\()\[\]{}*+?|.]", regex):
        raise NotImplementedError(
            f"tests/public_urls.py cannot fill the regular expression {regex!r}: "
            "use path() with converters for public URLs, or teach this module the pattern."
        )
    return regex


def public_patterns() -> list[PublicPattern]:
    """Every URL pattern outside the admin, in resolver order."""
    found: list[PublicPattern] = []

    def walk(entries: list, prefix: str, namespace: str) -> None:
        for entry in entries:
            if isinstance(entry, URLResolver):
                if entry.namespace in PRIVATE_NAMESPACES:
                    continue
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                walk(entry.url_patterns, prefix + _route(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + _route(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append(PublicPattern(route, name or route))

    walk(get_resolver().url_patterns, "", "")
    return found


# A made-up event, so that the event pages have a real address to answer.
EVENT = {
    "slug": "made-up-event",
    "date": datetime.date(2007, 1, 11),
    "date_precision": "day",
    "title": "Made-up test event",
    "actors": ["State A"],
    "categories": ["debris"],
    "summary": "According to a made-up source, something happened.",
    "published": True,
    "sources": [{"title": "Made up", "url": "https://example.org/", "provenance": "summary"}],
}


def load_small_corpus() -> None:
    """Two instruments with provisions, two threat categories, a topic, assessments, an
    event, and a State with one participation record."""
    corpus = small_corpus()
    corpus.events = [EVENT]
    load_corpus(corpus)
    state = State.objects.create(code="FR", name="France")
    Participation.objects.create(
        state=state,
        instrument=Instrument.objects.order_by("pk").first(),
        action=Participation.Action.RATIFICATION,
        date=datetime.date(1970, 1, 1),
        source="https://treaties.un.org/example",
        provenance=Participation.Provenance.OFFICIAL,
    )


def _aliases(model: type) -> set[str]:
    """Names a URL parameter may give this model's slug: instrument, instrument_slug..."""
    verbose = str(model._meta.verbose_name).replace(" ", "_")
    names = {model._meta.model_name, verbose, verbose.rsplit("_", 1)[-1]}
    return names | {f"{name}_slug" for name in names}


def _value_pools() -> tuple[dict[str, list[str]], list[str], list[str]]:
    """Real slugs by parameter name, all slugs, and all primary keys."""
    by_name: dict[str, list[str]] = {}
    all_slugs: list[str] = []
    all_pks: list[str] = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        all_pks += [str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:5]]
        fields = model._meta.fields
        if any(field.name == "code" for field in model._meta.fields):
            codes = list(model._default_manager.values_list("code", flat=True)[:10])
            by_name.setdefault("code", []).extend(codes)
        # A corpus release is addressed by its version ("2026.11.0"), a text field; the
        # optimistic-locking `version` of other models is a number.
        if any(f.name == "version" and f.get_internal_type() == "CharField" for f in fields):
            versions = list(model._default_manager.values_list("version", flat=True)[:10])
            by_name.setdefault("version", []).extend(versions)
        if not any(field.name == "slug" for field in model._meta.fields):
            continue
        slugs = list(model._default_manager.values_list("slug", flat=True)[:10])
        all_slugs += slugs
        for alias in _aliases(model):
            by_name.setdefault(alias, []).extend(slugs)
    return by_name, sorted(set(all_slugs)), sorted(set(all_pks))


def real_slugs() -> list[str]:
    """Every slug in the database's project tables (at most ten per table)."""
    return _value_pools()[1]


def _absolute_urls() -> list[str]:
    urls = []
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and hasattr(model, "get_absolute_url"):
            urls += [obj.get_absolute_url() for obj in model._default_manager.all()[:20]]
    return urls


def real_urls() -> dict[PublicPattern, list[str]]:
    """For each public pattern, URLs made from the objects in the database.

    A pattern some model's get_absolute_url() leads to gets those URLs; any other pattern
    with parameters gets combinations of real slugs chosen by parameter name
    (`instrument_slug` takes instrument slugs, a bare `slug` any slug).
    """
    patterns = public_patterns()
    urls: dict[PublicPattern, list[str]] = {pattern: [] for pattern in patterns}
    by_route = {pattern.route: pattern for pattern in patterns}
    for url in _absolute_urls():
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.route in by_route:
            urls[by_route[match.route]].append(url)
    by_name, all_slugs, all_pks = _value_pools()
    today = datetime.date.today()
    for pattern in patterns:
        if urls[pattern]:
            continue
        choices = []
        for name, converter in pattern.parameters:
            if converter == "int":
                choices.append(all_pks or ["1"])
            elif converter == "uuid":
                choices.append(["00000000-0000-0000-0000-000000000000"])
            elif converter in {"slug", "str", "path"}:
                choices.append(by_name.get(PARAMETER_MODELS.get(name, name)) or all_slugs or ["x"])
            else:  # a project converter: its year, date or version-looking values
                choices.append([str(today.year), today.isoformat(), "1"])
        names = [name for name, _converter in pattern.parameters]
        for values in itertools.islice(itertools.product(*choices), MAX_COMBINATIONS):
            urls[pattern].append(pattern.url(**dict(zip(names, values, strict=True))))
    return urls
