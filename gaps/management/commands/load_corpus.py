from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gaps.corpus import (
    CorpusError,
    load_corpus,
    load_participation,
    needs_loading,
    read_corpus,
)
from gaps.validation import validate_corpus


class Command(BaseCommand):
    help = (
        "Load the shipped corpus (instruments, provisions, categories, assessments) from the "
        "fixture files. Safe to run again: rows are matched on their slugs, nothing is deleted, "
        "and instruments created in the admin are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=settings.CORPUS_DIR,
            help="Folder holding corpus.yaml and instruments/ (default: %(default)s).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even if these exact files were loaded before (reverts admin edits to "
            "shipped records).",
        )

    def handle(self, *args, **options):
        try:
            corpus = read_corpus(options["dir"])
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
        defects = validate_corpus(corpus)
        if defects:
            for defect in defects:
                self.stderr.write(str(defect))
            raise CommandError(
                f"The corpus has {len(defects)} defect(s), listed above; nothing was loaded. "
                "Fix the fixture files and run the command again."
            )
        if not options["force"] and not needs_loading(corpus):
            self.stdout.write(
                f"Corpus {corpus.version} is already loaded and unchanged; nothing to do "
                "(use --force to load it again)."
            )
            self._load_participation(options["dir"])
            return
        self.stdout.write(f"Loading corpus {corpus.version} ({corpus.date}) from {options['dir']}")
        stats = load_corpus(corpus, progress=self.stdout.write)
        self._load_participation(options["dir"])
        for slug in stats.skipped:
            self.stderr.write(
                self.style.WARNING(
                    f"Skipped {slug}: an instrument with that slug was created in the admin. "
                    "Rename one of them to load the shipped version."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {stats.created} rows created, {stats.updated} updated, "
                f"{stats.unchanged} unchanged."
            )
        )

    def _load_participation(self, directory: Path) -> None:
        """States and treaty participation: idempotent, so loaded whether or not the rest was."""
        try:
            count = load_participation(directory, progress=self.stdout.write)
        except CorpusError as exc:
            raise CommandError(f"Participation records not loaded:\n{exc}") from exc
        if count:
            self.stdout.write(f"Participation: {count} records.")
