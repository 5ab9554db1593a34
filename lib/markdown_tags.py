from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.utils.safestring import SafeString

from lib.markdown import render_markdown, render_markdown_excerpt

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, scope: Any = "") -> SafeString:
    """Render Markdown through the project's sanitising renderer.

    `scope` prefixes the ids in the text, so that they are unique on the page: a string
    (`{{ text|markdown:"summary" }}`) or a saved row (`{{ provision.text|markdown:provision }}`
    gives `provision-12:fn:1`). Without it the text's ids are dropped.
    """
    if isinstance(scope, Model):
        scope = f"{scope._meta.model_name}-{scope.pk}"
    return render_markdown(text, id_prefix=scope)


@register.filter(name="markdown_excerpt")
def markdown_excerpt_filter(text: str, words: int) -> SafeString:
    """`{{ text|markdown_excerpt:60 }}`: the rendered Markdown's first 60 words."""
    return render_markdown_excerpt(text, int(words))
