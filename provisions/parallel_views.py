"""An instrument in two or three languages side by side, provision by provision."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from instruments.models import Instrument

from . import languages


def parallel(request: HttpRequest, slug: str) -> HttpResponse:
    """`?langs=en,zh,ru`: one row per provision, one column per language (four queries).

    Without `langs`, English and the first other language held; an instrument held in
    English only gets a page that says so.
    """
    instrument = get_object_or_404(Instrument.objects.published(), slug=slug)
    held = languages.held_languages(instrument)
    if len(held) == 1 and not request.GET.getlist("langs"):
        ctx = {"instrument": instrument, "not_held": languages.not_held(held)}
        return render(request, "provisions/parallel_english_only.html", ctx)
    try:
        langs = languages.requested_languages(request, held)
    except languages.LanguageError as error:
        return languages.language_error(request, error)
    provisions = list(instrument.provisions.order_by("position", "pk"))
    found = languages.versions(provisions, langs)
    # Each cell prefixes its text's ids (footnotes) with its provision and language: every
    # column may have a footnote 1, and the English one is also on the provision's own page.
    rows = [
        (
            provision,
            [(found[provision.pk].get(lang), f"provision-{provision.pk}-{lang}") for lang in langs],
        )
        for provision in provisions
    ]
    columns = [languages.choices(held, "")[held.index(lang)] for lang in langs]
    ctx = {
        "instrument": instrument,
        "columns": columns,
        "rows": rows,
        "langs": ",".join(langs),
        "held": languages.choices(held, ""),
        "not_held": languages.not_held(held),
        "slots": [
            (index, langs[index] if index < len(langs) else "")
            for index in range(languages.MAX_PARALLEL)
        ],
    }
    return render(request, "provisions/parallel.html", ctx)
