from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from states.importing import InvalidFile, import_lists, import_participation, read_text


class Command(BaseCommand):
    help = (
        "Import treaty participation records from a CSV file with the columns "
        "state,instrument,action,date,effective_date,source,provenance,note[,reservations] "
        "(see docs/states.md). Every row is checked first; on any error nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The participation CSV file.")
        parser.add_argument(
            "--lists",
            type=Path,
            help="Also import a CSV of complete participant lists "
            "(instrument,as_of,as_of_note,source,provenance,note), before the records.",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            with transaction.atomic():
                self._import(path, options["lists"])
        except InvalidFile as exc:
            raise CommandError(
                f"Nothing imported: {len(exc.errors)} error(s).\n" + "\n".join(exc.errors)
            ) from exc

    def _import(self, path: Path, lists: Path | None) -> None:
        if lists:
            count = import_lists(read_text(lists), lists.name)
            self.stdout.write(f"{lists.name}: {count} participant lists.")
        stats = import_participation(read_text(path), path.name, self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {stats.created} created, {stats.updated} updated, "
                f"{stats.unchanged} unchanged."
            )
        )
