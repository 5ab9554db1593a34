"""Synthetic corpora for scale tests and benchmarks.

Realistic in shape rather than in content: instrument kinds and statuses in the
proportions of the real field (many resolutions and reports, fewer treaties), chains of
successive drafts, provision texts whose words and lengths are drawn from the shipped
texts, topics, and assessments for about a third of the provisions, at levels in the
proportions the shipped corpus gives each category (so that, as in real law, some threats
are never prohibited and stay gaps). The same seed always gives the same data.
"""

from __future__ import annotations

import datetime
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from instruments.models import Instrument, Kind, Origin, Status
from provisions.models import (
    Capability,
    Coverage,
    Level,
    Provenance,
    Provision,
    ThreatCategory,
    Topic,
)

from .corpus import Corpus
from .models import DataVersion

# (kind, status, binding, weight): resolutions and reports dominate the real field.
PROFILES = [
    (Kind.RESOLUTION, Status.NON_BINDING, False, 35),
    (Kind.REPORT, Status.NON_BINDING, False, 15),
    (Kind.GUIDELINES, Status.NON_BINDING, False, 10),
    (Kind.TREATY, Status.IN_FORCE, True, 15),
    (Kind.DRAFT_TREATY, Status.DRAFT, True, 15),
    (Kind.WORKING_PAPER, Status.PROPOSAL, False, 10),
]
ASSESSED_SHARE = 0.3
BATCH = 2000
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@dataclass
class Vocabulary:
    words: list[str]
    paragraph_lengths: list[int]

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Vocabulary:
        texts = [p.get("text") or "" for i in corpus.instruments for p in i["provisions"]]
        words = [w for text in texts for w in WORD.findall(text)]
        lengths = [len(WORD.findall(text)) for text in texts if text.strip()]
        return cls(words=words or ["outer", "space"], paragraph_lengths=lengths or [60])

    def text(self, rng: random.Random) -> str:
        length = max(8, min(rng.choice(self.paragraph_lengths), 400))
        words = [rng.choice(self.words) for _ in range(length)]
        sentences, start = [], 0
        while start < len(words):
            end = start + rng.randint(12, 35)
            sentence = " ".join(words[start:end])
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            start = end
        return " ".join(sentences)


def level_weights(corpus: Corpus) -> list[tuple[list[str], list[int]]]:
    """For each shipped category, in order: the levels binding instruments assess it at, and
    how often. A category nobody binding assessed gets restricts and indirect alike."""
    binding = {i["slug"]: bool(i.get("binding")) for i in corpus.instruments}
    counts: dict[str, Counter] = {c["slug"]: Counter() for c in corpus.categories}
    for instrument in corpus.instruments:
        if not binding[instrument["slug"]]:
            continue
        for provision in instrument["provisions"]:
            for coverage in provision.get("coverage") or []:
                counts.setdefault(coverage["category"], Counter())[coverage["level"]] += 1
    weights = []
    for category in corpus.categories:
        found = counts[category["slug"]] or Counter({Level.RESTRICTS: 1, Level.INDIRECT: 1})
        levels = [level for level in Level.values if found[level]]
        weights.append((levels, [found[level] for level in levels]))
    return weights


def generate(
    corpus: Corpus,
    instruments: int,
    provisions: int,
    categories: int,
    seed: int,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> dict[str, int]:
    """Fill the (empty) database with a synthetic corpus; returns the row counts."""
    rng = random.Random(seed)
    vocabulary = Vocabulary.from_corpus(corpus)
    with transaction.atomic():
        topics = [
            Topic.objects.create(slug=t["slug"], name=t["name"], position=n)
            for n, t in enumerate(corpus.topics, start=1)
        ]
        capabilities = [
            Capability.objects.create(slug=c["slug"], name=c["name"], position=n)
            for n, c in enumerate(corpus.capabilities, start=1)
        ]
        category_rows = _categories(corpus, categories, capabilities, rng, vocabulary)
        profiles = level_weights(corpus) or [([Level.RESTRICTS, Level.INDIRECT], [1, 1])]
        # Categories beyond the shipped ones borrow the shipped ones' profiles in turn.
        weights = {
            category.pk: profiles[n % len(profiles)] for n, category in enumerate(category_rows)
        }
        instrument_rows = _instruments(instruments, rng)
        per_instrument = _split(provisions, len(instrument_rows), rng)
        done = 0
        for instrument, count in zip(instrument_rows, per_instrument, strict=True):
            _provisions(instrument, count, topics, category_rows, weights, rng, vocabulary)
            done += count
            progress(done, provisions)
        DataVersion.bump()  # bulk_create sends no signals
    return {
        "instruments": Instrument.objects.count(),
        "provisions": Provision.objects.count(),
        "categories": ThreatCategory.objects.count(),
        "assessments": Coverage.objects.count(),
    }


def _categories(corpus, count, capabilities, rng, vocabulary) -> list[ThreatCategory]:
    rows = []
    for n in range(count):
        if n < len(corpus.categories):
            source = corpus.categories[n]
            slug, name, definition = source["slug"], source["name"], source["definition"]
        else:
            slug, name = f"synthetic-category-{n + 1}", f"Synthetic threat {n + 1}"
            definition = vocabulary.text(rng)
        category = ThreatCategory.objects.create(
            slug=slug, name=name, definition=definition, position=n + 1
        )
        category.capabilities.set(rng.sample(capabilities, k=min(2, len(capabilities))))
        rows.append(category)
    return rows


def _instruments(count: int, rng: random.Random) -> list[Instrument]:
    weights = [profile[3] for profile in PROFILES]
    rows: list[Instrument] = []
    last_draft: Instrument | None = None
    for n in range(1, count + 1):
        kind, status, binding, _weight = rng.choices(PROFILES, weights=weights)[0]
        year = rng.randint(1945, 2026)
        supersedes = None
        # About half the drafts revise the previous draft, giving chains of versions.
        if status == Status.DRAFT and last_draft is not None and rng.random() < 0.5:
            supersedes = last_draft
        instrument = Instrument.objects.create(
            slug=f"synthetic-{n:04d}",
            short_name=f"Synthetic {kind.label.lower()} {n}",
            title=f"Synthetic {kind.label.lower()} number {n} on outer space activities",
            symbols=f"SYN/{year}/{n}",
            kind=kind,
            status=status,
            binding=binding,
            adopted_on=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            in_force_on=datetime.date(year + 1, 1, 1) if status == Status.IN_FORCE else None,
            tabled_on=(
                datetime.date(year, 1, 1) if status in (Status.DRAFT, Status.PROPOSAL) else None
            ),
            dates_source="Synthetic: made up by generate_synthetic.",
            supersedes=supersedes,
            position=n,
            published=True,
            origin=Origin.CORPUS,
        )
        if status == Status.DRAFT:
            last_draft = instrument
        rows.append(instrument)
    return rows


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split `total` provisions over `parts` instruments, unevenly, at least one each."""
    weights = [rng.paretovariate(1.5) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    counts[0] += total - sum(counts)
    return counts


def _provisions(instrument, count, topics, categories, weights, rng, vocabulary) -> None:
    articles: list[Provision] = []
    paragraphs: list[Provision] = []
    children = 0
    for position in range(1, count + 1):
        provision = Provision(
            instrument=instrument,
            heading=rng.choice(["", "", "Definitions", "Obligations", "Consultations"]),
            text=vocabulary.text(rng),
            position=position,
            provenance=rng.choice(Provenance.values),
        )
        if articles and rng.random() < 0.3:
            children += 1
            parent = articles[-1]
            provision.parent = parent
            provision.slug = f"{parent.slug}-para-{children}"
            provision.label = f"{parent.label}, paragraph {children}"
            paragraphs.append(provision)
        else:
            children = 0
            provision.slug = f"art-{len(articles) + 1}"
            provision.label = f"Article {len(articles) + 1}"
            articles.append(provision)
    # Articles first, so that their paragraphs' parent keys have values.
    Provision.objects.bulk_create(articles, batch_size=BATCH)
    for paragraph in paragraphs:
        paragraph.parent_id = paragraph.parent.pk
    Provision.objects.bulk_create(paragraphs, batch_size=BATCH)
    _topics_and_coverage(instrument, articles + paragraphs, topics, categories, weights, rng)


def _topics_and_coverage(instrument, rows, topics, categories, weights, rng) -> None:
    through = Provision.topics.through
    links, coverages = [], []
    for provision in rows:
        for topic in rng.sample(topics, k=rng.randint(0, 2)):
            links.append(through(provision_id=provision.pk, topic_id=topic.pk))
        if rng.random() < ASSESSED_SHARE:
            for category in rng.sample(categories, k=rng.randint(1, 3)):
                if instrument.binding:
                    levels, counts = weights[category.pk]
                    level = rng.choices(levels, weights=counts)[0]
                else:  # non-binding instruments recommend or touch on, never bind
                    level = rng.choice([Level.GUIDANCE, Level.INDIRECT])
                coverages.append(
                    Coverage(
                        provision=provision,
                        category=category,
                        level=level,
                        rationale=f"Synthetic assessment of {provision.label}.",
                    )
                )
    through.objects.bulk_create(links, batch_size=BATCH)
    Coverage.objects.bulk_create(coverages, batch_size=BATCH)
