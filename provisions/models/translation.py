"""The text of a provision in another language of the United Nations.

English stays in Provision.text: it is the default and the language of the assessments.
Every other language version is a row here, aligned to the same provision (OST Art. IV in
Chinese is `ost-1967/art-4` too), with its own provenance and history.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from lib.locking import Versioned

from .provision import Provenance, Provision

ENGLISH = "en"


class Language(models.TextChoices):
    """The other official languages of the United Nations, as ISO 639-1 codes."""

    ARABIC = "ar", "Arabic"
    CHINESE = "zh", "Chinese"
    FRENCH = "fr", "French"
    RUSSIAN = "ru", "Russian"
    SPANISH = "es", "Spanish"


# Every language a text can be read in, English first; and the names in that language.
READING_LANGUAGES: tuple[str, ...] = (ENGLISH, *Language.values)
LANGUAGE_NAMES: dict[str, str] = {ENGLISH: "English", **dict(Language.choices)}
NATIVE_NAMES: dict[str, str] = {
    ENGLISH: "English",
    "ar": "العربية",
    "zh": "中文",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}


class ProvisionTextQuerySet(models.QuerySet):
    def published(self) -> ProvisionTextQuerySet:
        return self.filter(provision__instrument__published=True)

    def in_language(self, language: str) -> ProvisionTextQuerySet:
        return self.filter(language=language)


class ProvisionText(Versioned):
    """A provision's text in one language other than English."""

    Language = Language

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=2, choices=Language)
    text = models.TextField(
        blank=True,
        help_text="Markdown, verbatim from the authentic text in this language. Empty only "
        "where the English is empty too (an article whose paragraphs are child provisions).",
    )
    provenance = models.CharField(
        "provenance of the text",
        max_length=20,
        choices=Provenance,
        help_text="Official only when checked against an official publication in this "
        "language; a translation made by anyone else is never official.",
    )
    source_note = models.TextField(
        blank=True, help_text="The file or document this language version was taken from."
    )

    objects = ProvisionTextQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["provision", "language"]
        verbose_name = "text in another language"
        verbose_name_plural = "texts in other languages"
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "language"], name="provisiontext_one_per_language"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="provisiontext_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(provenance__in=Provenance.values),
                name="provisiontext_provenance_valid",
            ),
        ]
        indexes = [models.Index(fields=["language"], name="provisiontext_language_idx")]

    def __str__(self) -> str:
        return f"{self.provision} ({self.get_language_display()})"
