from __future__ import annotations

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gaps.corpus import read_corpus
from gaps.synthetic import generate
from instruments.models import Instrument


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with a synthetic corpus for scale tests and benchmarks: "
        "realistic instrument kinds and statuses, supersession chains, texts drawn from the "
        "shipped corpus's vocabulary, topics and assessments. Deterministic for a given seed. "
        "Point DATABASE_URL at a separate database first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--instruments", type=int, default=200, help="Number of instruments.")
        parser.add_argument("--provisions", type=int, default=10_000, help="Number of provisions.")
        parser.add_argument(
            "--categories", type=int, default=40, help="Number of threat categories."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same data)."
        )

    def handle(self, *args, **options):
        instruments, provisions = options["instruments"], options["provisions"]
        if instruments < 1 or provisions < instruments or options["categories"] < 1:
            raise CommandError(
                "Need at least one instrument, one category, and a provision per instrument."
            )
        if Instrument.objects.exists():
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} already holds instruments. "
                "Synthetic data goes into a separate, empty database: create one, point "
                "DATABASE_URL at it and run `manage.py migrate` first."
            )
        corpus = read_corpus(settings.CORPUS_DIR)
        self._started, self._last_tenth = time.monotonic(), -1
        counts = generate(
            corpus,
            instruments=instruments,
            provisions=provisions,
            categories=options["categories"],
            seed=options["seed"],
            progress=self._progress,
        )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(", ".join(f"{n} {name}" for name, n in counts.items()))
        )

    def _progress(self, done: int, total: int) -> None:
        # On a terminal the bar redraws in place; in a log (the benchmark, CI) it gets a line
        # each time another tenth is done, however many provisions one step added.
        tenths = done * 10 // total
        interactive = sys.stdout.isatty()
        if not interactive and tenths == self._last_tenth and done < total:
            return
        self._last_tenth = tenths
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        seconds = time.monotonic() - self._started
        end = "\r" if interactive and done < total else "\n"
        self.stdout.write(f"[{bar}] {done}/{total} provisions, {seconds:.0f} s", ending=end)
        self.stdout.flush()
