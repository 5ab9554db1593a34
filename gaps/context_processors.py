"""Template context every page can use."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Release


def corpus_release(request: HttpRequest) -> dict:
    """`{{ corpus_release }}`: the corpus release loaded last, or None. Looked up (one query)
    only by a template that uses it, e.g. for a citation."""
    return {"corpus_release": SimpleLazyObject(Release.objects.current)}
