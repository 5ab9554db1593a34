from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gaps.corpus import CorpusError, read_corpus
from gaps.corpus_export import dump_corpus
from gaps.models import Release
from gaps.validation import validate_corpus


class Command(BaseCommand):
    help = (
        "Check the corpus for defects (numbering gaps, missing rationales or provenance, "
        "non-binding prohibitions, unassessed categories, superseding cycles) and exit "
        "non-zero if any is found. Checks the database unless --fixtures is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            action="store_true",
            help="Check the fixture files instead of the database.",
        )
        parser.add_argument(
            "--dir",
            type=Path,
            default=settings.CORPUS_DIR,
            help="Fixture folder for --fixtures (default: %(default)s).",
        )

    def handle(self, *args, **options):
        if options["fixtures"]:
            try:
                corpus = read_corpus(options["dir"])
            except CorpusError as exc:
                raise CommandError(str(exc)) from exc
            subject = f"fixture files in {options['dir']}"
        else:
            release = Release.objects.current()
            corpus = dump_corpus(
                release.version if release else "unreleased",
                release.date if release else datetime.date.today(),
            )
            subject = "database"
        defects = validate_corpus(corpus)
        for defect in defects:
            self.stderr.write(str(defect))
        if defects:
            raise CommandError(f"{len(defects)} defect(s) in the {subject}, listed above.")
        provisions = sum(len(i.get("provisions") or []) for i in corpus.instruments)
        self.stdout.write(
            self.style.SUCCESS(
                f"No defects in the {subject}: {len(corpus.instruments)} instruments, "
                f"{provisions} provisions, {len(corpus.categories)} threat categories, "
                f"{len(corpus.events)} events."
            )
        )
