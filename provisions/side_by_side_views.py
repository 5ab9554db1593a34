"""/compare/: instruments read side by side on one category or topic."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from instruments.models import Instrument

from . import languages
from .models import ThreatCategory, Topic
from .side_by_side import MAX_INSTRUMENTS, build_reading, read_choice


@require_safe
def side_by_side(request: HttpRequest) -> HttpResponse:
    """The chooser, or the reading it asked for, `?lang=` choosing the language of the texts
    where one is held (eight queries)."""
    if "old" in request.GET or "new" in request.GET:
        # The address of the diff picker in earlier releases.
        return redirect(f"{reverse('provisions:diff_picker')}?{request.GET.urlencode()}")
    try:
        lang = languages.requested_language(request)
    except languages.LanguageError as error:
        return languages.language_error(request, error)
    ctx = {
        "lang": lang,
        "language_name": languages.LANGUAGE_NAMES[lang],
        "reading_languages": languages.choices(list(languages.READING_LANGUAGES), lang),
        "instruments": Instrument.objects.published().only("slug", "short_name"),
        "categories": ThreatCategory.objects.order_by("position", "name").only("slug", "name"),
        "topics": Topic.objects.order_by("position", "name").only("slug", "name"),
        "max_instruments": MAX_INSTRUMENTS,
    }
    choice = read_choice(request.GET)
    ctx["choice"] = choice
    if "instruments" not in request.GET:
        # The chooser, perhaps with the subject already chosen (a category page links here).
        choice.errors = {}
        return render(request, "provisions/side_by_side.html", ctx)
    if choice.errors:
        return render(request, "provisions/side_by_side.html", ctx, status=400)
    ctx["reading"] = build_reading(choice, lang)
    return render(request, "provisions/side_by_side.html", ctx)
