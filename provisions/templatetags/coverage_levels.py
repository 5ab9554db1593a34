"""`{% load coverage_levels %}`: the one coverage-level badge and legend used on every page.

A level is shown as symbol, word and colour class together; the symbol is hidden from screen
readers, which read the word.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from provisions import levels
from provisions.models import Level

register = template.Library()


@register.simple_tag
def level_badge(level: str | None, label: str = "") -> SafeString:
    """`{% level_badge coverage.level %}`; an empty or unknown level means no coverage.

    `label` replaces the word, e.g. `{% level_badge None "does not address it" %}`.
    """
    if level not in levels.LEVEL_SYMBOLS:
        return format_html(
            '<span class="level level-none"><span aria-hidden="true">{}</span> {}</span>',
            levels.NO_COVERAGE_SYMBOL,
            label or levels.NO_COVERAGE_LABEL,
        )
    return format_html(
        '<span class="level level-{}"><span aria-hidden="true">{}</span> {}</span>',
        level,
        levels.LEVEL_SYMBOLS[level],
        label or levels.level_label(level),
    )


@register.filter
def level_label(level: str | None) -> str:
    """`{{ coverage.level|level_label }}`: the level's word, or "No coverage"."""
    return levels.level_label(level)


@register.inclusion_tag("provisions/_level_legend.html")
def level_legend() -> dict:
    """`{% level_legend %}`: every level, strongest first, with what it means."""
    return {
        "levels": [
            {
                "level": value,
                "label": label,
                "symbol": levels.LEVEL_SYMBOLS[value],
                "meaning": levels.LEVEL_MEANINGS[value],
            }
            for value, label in Level.choices
        ],
        "none_symbol": levels.NO_COVERAGE_SYMBOL,
        "none_label": levels.NO_COVERAGE_LABEL,
        "none_meaning": levels.NO_COVERAGE_MEANING,
    }


@register.simple_tag
def evidence_badge(evidence: str | None) -> SafeString:
    """`{% evidence_badge cell.evidence %}`: "✓ official" and, for screen readers, the phrase
    "from official text"; nothing when the evidence is unknown."""
    if evidence not in levels.EVIDENCE_SYMBOLS:
        return SafeString("")
    return format_html(
        '<span class="evidence evidence-{}" title="{}"><span aria-hidden="true">{}'
        '<span class="evidence-word"> {}</span></span>'
        '<span class="visually-hidden">, {}</span></span>',
        evidence,
        levels.EVIDENCE_PHRASES[evidence],
        levels.EVIDENCE_SYMBOLS[evidence],
        levels.EVIDENCE_WORDS[evidence],
        levels.EVIDENCE_PHRASES[evidence],
    )


@register.simple_tag
def qualifier_note(qualifier: str | None) -> SafeString:
    """`{% qualifier_note coverage.qualifier %}`: " — on celestial bodies only", or nothing."""
    if not qualifier:
        return SafeString("")
    return format_html('<span class="qualifier"> — {}</span>', qualifier)


@register.simple_tag
def coverage_badge(level: str | None, evidence: str = "", qualifier: str = "") -> SafeString:
    """`{% coverage_badge cell.level cell.evidence cell.qualifier %}`: the level, what limits
    it and the evidence behind it, e.g. "◆ Restricts — on celestial bodies only ✓ official"."""
    if level not in levels.LEVEL_SYMBOLS:
        return level_badge(level)
    return format_html(
        "{}{} {}", level_badge(level), qualifier_note(qualifier), evidence_badge(evidence)
    )


@register.filter
def evidence_phrase(evidence: str | None) -> str:
    """`{{ cell.evidence|evidence_phrase }}`: "from a summary"."""
    return levels.evidence_phrase(evidence)


@register.inclusion_tag("provisions/_evidence_legend.html")
def evidence_legend() -> dict:
    """`{% evidence_legend %}`: what each evidence marker means, strongest first."""
    return {
        "items": [
            {
                "evidence": value,
                "symbol": levels.EVIDENCE_SYMBOLS[value],
                "word": levels.EVIDENCE_WORDS[value],
                "phrase": levels.EVIDENCE_PHRASES[value],
                "meaning": levels.EVIDENCE_MEANINGS[value],
            }
            for value in levels.EVIDENCE_SYMBOLS
        ]
    }
