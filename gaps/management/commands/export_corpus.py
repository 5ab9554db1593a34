from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gaps.corpus_export import dump_corpus, write_corpus
from gaps.models import Release
from gaps.validation import validate_corpus


class Command(BaseCommand):
    help = (
        "Write the database back into the fixture format, so that drafts entered in the "
        "admin can be reviewed as a diff and released as a new version of the corpus."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=settings.CORPUS_DIR,
            help="Folder to write corpus.yaml, instruments/ and translations/ into "
            "(default: %(default)s).",
        )
        parser.add_argument(
            "--release", help="Version of the new release, e.g. 2027.1.0 (default: the loaded one)."
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=datetime.date.today(),
            help="Date of the release, YYYY-MM-DD (default: today).",
        )

    def handle(self, *args, **options):
        current = Release.objects.current()
        version = options["release"] or (current.version if current else None)
        if not version:
            raise CommandError("No corpus has been loaded: give the release with --release.")
        corpus = dump_corpus(version, options["date"])
        for defect in validate_corpus(corpus):
            self.stderr.write(self.style.WARNING(f"warning: {defect}"))
        written = write_corpus(corpus, options["dir"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote corpus {version} ({len(corpus.instruments)} instruments, "
                f"{len(corpus.translations)} texts in other languages; {len(written)} files) "
                f"to {options['dir']}."
            )
        )
